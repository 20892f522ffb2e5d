// The keys each scenario section accepts (scenario_keys.hpp) and the one unknown-key check that reads
// them: every listed key reaches a reader, every section reports an unknown key the same way, and
// problems keep the order of the keys in the file.
#include <doctest/doctest.h>

#include <string>

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "tests/temp_dir.hpp"

using namespace pcnsim;
using pcnsim::testing::TempDir;

namespace {

Problems problems_of(const TempDir& dir, const std::string& text) {
    Problems problems;
    load_scenario(dir.write("s.toml", text).string(), {}, problems);
    return problems;
}

bool reports_unknown_key(const Problems& problems) {
    for (const auto& p : problems)
        if (p.message.rfind("unknown key", 0) == 0) return true;
    return false;
}

}  // namespace

TEST_CASE("scenario keys: every key a section lists reaches that section's reader") {
    // A listed key without a reader would throw std::logic_error; one missing from the list would be
    // reported as unknown. The value 0 is valid for some keys and a problem for others: either way
    // the key is read.
    TempDir dir;
    for (const auto& [section, keys] : scenario_section_keys()) {
        REQUIRE(!keys.empty());
        for (const auto key : keys) {
            const std::string text = "[" + std::string(section) + "]\n" + std::string(key) + " = 0\n";
            CAPTURE(text);
            Problems problems;
            CHECK_NOTHROW(problems = problems_of(dir, text));
            CHECK(!reports_unknown_key(problems));
        }
    }
    for (const auto key : eligibility_rule_keys()) {
        const std::string text = "[[targeting.any_of]]\n" + std::string(key) + " = 0\n";
        CAPTURE(text);
        Problems problems;
        CHECK_NOTHROW(problems = problems_of(dir, text));
        CHECK(!reports_unknown_key(problems));
    }
}

TEST_CASE("scenario keys: an unknown key in any section is reported with file:line, its section and the closest key") {
    TempDir dir;
    const auto check = [&dir](const std::string& header, const std::string& section, std::string_view known) {
        const std::string wrong = std::string(known) + "x";
        const auto file = dir.write("s.toml", header + "\n" + wrong + " = 1\n").string();
        Problems problems;
        load_scenario(file, {}, problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].to_string() ==
              file + ":2: " + section + "." + wrong + ": unknown key; did you mean '" + section + "." + std::string(known) + "'?");
    };
    for (const auto& [section, keys] : scenario_section_keys()) {
        CAPTURE(section);
        check("[" + std::string(section) + "]", std::string(section), keys.front());
        check("[" + std::string(section) + "]", std::string(section), keys.back());
    }
    check("[[targeting.any_of]]", "targeting.any_of", eligibility_rule_keys().front());
}

TEST_CASE("scenario keys: problems on one line are reported in the order of the keys in the table") {
    // An inline table puts several keys on one line; problems are sorted by line only, so their
    // order there is the order in which the keys were read: a value problem for `weeks` before the
    // unknown `wekes`, as TOML tables keep their keys sorted.
    TempDir dir;
    const Problems problems = problems_of(dir, "run = { wekes = 5, weeks = 0 }\n");
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].key == "run.weeks");
    CHECK(problems[0].message == "0 is out of range [1, 520]");
    CHECK(problems[1].key == "run.wekes");
    CHECK(problems[1].message == "unknown key; did you mean 'run.weeks'?");
}
