// Scenario loading: extends chains, overrides, --set, and problems reported with file:line:key.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "sim/scenario/scenario.hpp"
#include "tests/temp_dir.hpp"

using namespace pcnsim;
namespace fs = std::filesystem;
using pcnsim::testing::TempDir;

namespace {

bool has_problem(const Problems& problems, int line, const std::string& key, const std::string& fragment) {
    for (const auto& p : problems)
        if (p.line == line && p.key == key && p.message.find(fragment) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST_CASE("scenario: the shipped baseline loads with no problems") {
    Problems problems;
    const auto s = load_scenario(std::string(PCNSIM_SOURCE_DIR) + "/scenarios/baseline.toml", {}, problems);
    for (const auto& p : problems) MESSAGE(p.to_string());
    CHECK(problems.empty());
    CHECK(s.name == "baseline");
    CHECK(s.population.synthetic.list_size == 45000);
    CHECK(s.population.synthetic.practices == 6);
}

TEST_CASE("scenario: extends applies the parent first and the child's values over it") {
    TempDir dir;
    dir.write("parent.toml", "[run]\nweeks = 10\nseed = 5\n[parameters]\n\"gp.base_rate_per_year\" = 6.0\n");
    const auto child = dir.write("child.toml",
                                 "extends = \"parent.toml\"\n[run]\nweeks = 20\n[parameters.activation]\ncausal_share = 0.25\n");
    Problems problems;
    const auto s = load_scenario(child, {}, problems);
    CHECK(problems.empty());
    CHECK(s.run.weeks == 20);
    CHECK(s.run.seed == 5);
    CHECK(s.parameters.get("gp.base_rate_per_year") == 6.0);
    CHECK(s.parameters.get("activation.causal_share") == 0.25);
    CHECK(s.files.size() == 2);
    CHECK(s.name == "child");
}

TEST_CASE("scenario: --set overrides parameters and settings, after the files") {
    TempDir dir;
    const auto file = dir.write("s.toml", "[run]\nweeks = 10\n");
    Problems problems;
    const auto s = load_scenario(file, {"run.weeks=30", "activation.causal_share=0", "population.source=synthetic",
                                        "gp_workforce.unlimited=true"}, problems);
    CHECK(problems.empty());
    CHECK(s.run.weeks == 30);
    CHECK(s.parameters.get("activation.causal_share") == 0.0);
    CHECK(s.gp_capacity_unlimited);
}

TEST_CASE("scenario: a top-level key that belongs in a section gets the section's name as a hint") {
    TempDir dir;
    Problems problems;
    load_scenario(dir.write("t.toml", "weeks = 3\n"), {}, problems);
    REQUIRE(problems.size() == 1);
    CHECK(has_problem(problems, 1, "weeks", "did you mean 'run.weeks'"));
}

TEST_CASE("scenario: every problem in a file is reported with its line and key") {
    TempDir dir;
    const auto file = dir.write("bad.toml",
                                "[run]\n"                                   // 1
                                "weeeks = 10\n"                             // 2 unknown, did you mean
                                "seed = \"x\"\n"                            // 3 wrong type
                                "replications = 0\n"                        // 4 out of range
                                "[parameters]\n"                            // 5
                                "\"gp.base_rate_per_yr\" = 5.0\n"           // 6 unknown parameter
                                "\"activation.causal_share\" = 1.5\n"       // 7 out of range
                                "\"gp.rr.obesity\" = true\n"                // 8 wrong type
                                "[population]\n"                            // 9
                                "registered_patients = \"missing.csv\"\n"   // 10 missing file
                                "[popluation]\n"                            // 11 unknown section
                                "x = 1\n");
    Problems problems;
    load_scenario(file, {}, problems);
    std::string all;
    for (const auto& p : problems) all += p.to_string() + "\n";
    CAPTURE(all);
    CHECK(problems.size() == 8);
    for (std::size_t k = 1; k < problems.size(); ++k) CHECK(problems[k - 1].line <= problems[k].line);  // line order
    CHECK(has_problem(problems, 2, "run.weeeks", "did you mean 'run.weeks'"));
    CHECK(has_problem(problems, 3, "run.seed", "expected an integer"));
    CHECK(has_problem(problems, 4, "run.replications", "out of range"));
    CHECK(has_problem(problems, 6, "gp.base_rate_per_yr", "did you mean 'gp.base_rate_per_year'"));
    CHECK(has_problem(problems, 7, "activation.causal_share", "out of range [0, 1]"));
    CHECK(has_problem(problems, 8, "gp.rr.obesity", "expected a number"));
    CHECK(has_problem(problems, 10, "population.registered_patients", "file not found"));
    CHECK(has_problem(problems, 11, "popluation", "did you mean 'population'"));
    for (const auto& p : problems) CHECK(p.file == file);
}

TEST_CASE("scenario: a missing parent, a cycle and malformed TOML are problems, not crashes") {
    TempDir dir;
    Problems missing;
    load_scenario(dir.write("a.toml", "extends = \"nope.toml\"\n"), {}, missing);
    REQUIRE(missing.size() == 1);
    CHECK(missing[0].line == 1);
    CHECK(missing[0].key == "extends");
    CHECK(missing[0].message.find("file not found") != std::string::npos);

    dir.write("x.toml", "extends = \"y.toml\"\n");
    dir.write("y.toml", "extends = \"x.toml\"\n");
    Problems cycle;
    load_scenario((dir.path() / "x.toml").string(), {}, cycle);
    REQUIRE(cycle.size() == 1);
    CHECK(cycle[0].message.find("cycle") != std::string::npos);

    Problems malformed;
    load_scenario(dir.write("m.toml", "[run]\nweeks = = 3\n"), {}, malformed);
    REQUIRE(malformed.size() == 1);
    CHECK(malformed[0].line == 2);
}

TEST_CASE("scenario: a bad --set is a problem naming the key") {
    TempDir dir;
    const auto file = dir.write("s.toml", "[run]\n");
    Problems problems;
    load_scenario(file, {"run.weks=3", "activation.causal_share=2", "novalue"}, problems);
    CHECK(problems.size() == 3);
    // A --set is one line of its own: no line number.
    CHECK(has_problem(problems, 0, "run.weks", "did you mean 'run.weeks'"));
    CHECK(has_problem(problems, 0, "activation.causal_share", "out of range"));
    Problems parameter;
    load_scenario(file, {"gp.base_rate_per_yr=5.5", "extends=other.toml"}, parameter);
    REQUIRE(parameter.size() == 2);
    CHECK(has_problem(parameter, 0, "gp.base_rate_per_yr", "did you mean 'gp.base_rate_per_year'"));
    CHECK(has_problem(parameter, 0, "extends", "cannot be set with --set"));
}

TEST_CASE("scenario: practice_files needs its files and codes") {
    TempDir dir;
    Problems problems;
    load_scenario(dir.write("p.toml", "[population]\nsource = \"practice_files\"\n"), {}, problems);
    CHECK(problems.size() == 2);
}

TEST_CASE("scenario: NaN is rejected wherever a number is read") {
    TempDir dir;
    const auto file = dir.write("n.toml", "[population]\nimd_quintile_shares = [nan, 0.25, 0.25, 0.25, 0.25]\npractice_imd_spread = nan\n");
    Problems problems;
    load_scenario(file, {"activation.setpoint_sd=nan", "gp.base_rate_per_year=nan"}, problems);
    CHECK(problems.size() == 4);
}

TEST_CASE("scenario: a child without a name is named after its own file - dot names are refused") {
    TempDir dir;
    dir.write("parent.toml", "name = \"parent\"\n");
    Problems problems;
    const auto s = load_scenario(dir.write("variant.toml", "extends = \"parent.toml\"\n"), {}, problems);
    CHECK(problems.empty());
    CHECK(s.name == "variant");
    Problems dots;
    load_scenario(dir.write("d.toml", "name = \"..\"\n"), {}, dots);
    REQUIRE(dots.size() == 1);
    CHECK(dots[0].key == "name");
}

TEST_CASE("scenario: [economics] takes a discount rate and a list of thresholds, and names the line of a bad one") {
    TempDir dir;
    Problems problems;
    const auto s = load_scenario(dir.write("e.toml", "[economics]\ndiscount_rate = 0.015\nthresholds = [13000, 25000.5]\n"), {}, problems);
    CHECK(problems.empty());
    CHECK(s.module_setting("economics.discount_rate") == 0.015);
    REQUIRE(s.module_lists.count("economics.thresholds") == 1);
    CHECK(s.module_lists.at("economics.thresholds") == std::vector<double>{13000, 25000.5});
    const auto bad = dir.write("bad.toml",
                               "[economics]\n"                      // 1
                               "discount_rate = 0.5\n"              // 2 out of range
                               "thresholds = [20000, \"thirty\"]\n");  // 3 not a number
    Problems found;
    load_scenario(bad, {}, found);
    CHECK(found.size() == 2);
    CHECK(has_problem(found, 2, "economics.discount_rate", "out of range"));
    CHECK(has_problem(found, 3, "economics.thresholds", "every element must be a number"));
    Problems empty_list;
    load_scenario(dir.write("empty.toml", "[economics]\nthresholds = []\n"), {}, empty_list);
    CHECK(has_problem(empty_list, 2, "economics.thresholds", "non-empty array"));
}
