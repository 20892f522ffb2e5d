// Scenario inputs that used to run on defaults, crash or be silently half-applied (issue 17, item 2):
// unreadable and empty files, deep extends chains, --set values with line breaks, and selections
// that select nobody or contradict each other.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/scenario/scenario.hpp"
#include "tests/temp_dir.hpp"

using namespace pcnsim;
namespace fs = std::filesystem;
using pcnsim::testing::TempDir;

namespace {

bool has_problem(const Problems& problems, const std::string& file, int line, const std::string& key, const std::string& fragment) {
    for (const auto& p : problems)
        if (p.file == file && p.line == line && p.key == key && p.message.find(fragment) != std::string::npos) return true;
    return false;
}

std::string all(const Problems& problems) {
    std::string s;
    for (const auto& p : problems) s += p.to_string() + "\n";
    return s;
}

// f0.toml extends f1.toml ... extends f<n-1>.toml, which sets [run]: a chain of n files.
std::string write_chain(const TempDir& dir, int n) {
    for (int i = 0; i + 1 < n; ++i) dir.write(fmt::format("f{}.toml", i), fmt::format("extends = \"f{}.toml\"\n", i + 1));
    dir.write(fmt::format("f{}.toml", n - 1), "[run]\nweeks = 3\n");
    return dir.path("f0.toml");
}

}  // namespace

TEST_CASE("scenario inputs: a folder given as the scenario or its parent is an error naming it and the reason") {
    TempDir dir;
    fs::create_directories(dir.path() / "folder.toml");
    Problems direct;
    const auto s = load_scenario(dir.path("folder.toml"), {}, direct);
    REQUIRE_MESSAGE(direct.size() == 1, all(direct));
    CHECK(direct[0].file == dir.path("folder.toml"));
    CHECK(direct[0].message == "is a folder, expected a file");
    CHECK(s.files.empty());  // nothing was read, nothing runs

    Problems parent;
    const auto child = dir.write("child.toml", "name = \"child\"\nextends = \"folder.toml\"\n").string();
    load_scenario(child, {}, parent);
    CHECK_MESSAGE(has_problem(parent, child, 2, "extends", "is a folder, expected a file: " + dir.path("folder.toml")), all(parent));
}

TEST_CASE("scenario inputs: a file without read permission is an error with the reason") {
    // root reads whatever the mode says (CI runs as root): the case needs an ordinary user.
    if (::geteuid() == 0) return;
    TempDir dir;
    const auto file = dir.write("locked.toml", "[run]\nweeks = 3\n").string();
    REQUIRE(::chmod(file.c_str(), 0) == 0);
    Problems problems;
    load_scenario(file, {}, problems);
    REQUIRE_MESSAGE(problems.size() == 1, all(problems));
    CHECK(problems[0].message == "cannot read " + file + ": Permission denied");
}

TEST_CASE("scenario inputs: an empty scenario file is an error, with or without comments") {
    TempDir dir;
    for (const std::string text : {"", "# only a comment\n\n"}) {
        Problems problems;
        const auto file = dir.write("empty.toml", text).string();
        load_scenario(file, {}, problems);
        REQUIRE_MESSAGE(problems.size() == 1, all(problems));
        CHECK(problems[0].file == file);
        CHECK(problems[0].message.find("is empty: give at least extends = ") != std::string::npos);
    }
    Problems extends_only;
    dir.write("base.toml", "[run]\nweeks = 3\n");
    load_scenario(dir.write("variant.toml", "extends = \"base.toml\"\n").string(), {}, extends_only);
    CHECK_MESSAGE(extends_only.empty(), all(extends_only));
}

TEST_CASE("scenario inputs: an extends chain is limited to 64 files and the message names its start") {
    SUBCASE("64 files load") {
        TempDir dir;
        Problems problems;
        const auto s = load_scenario(write_chain(dir, 64), {}, problems);
        CHECK_MESSAGE(problems.empty(), all(problems));
        CHECK(s.files.size() == 64);
        CHECK(s.run.weeks == 3);
    }
    SUBCASE("65 files are refused at the extends line that goes one too deep") {
        TempDir dir;
        Problems problems;
        const auto start = write_chain(dir, 65);
        load_scenario(start, {}, problems);
        REQUIRE_MESSAGE(problems.size() == 1, all(problems));
        CHECK(has_problem(problems, dir.path("f63.toml"), 1, "extends",
                          "the extends chain starting at " + start + " is more than 64 files deep"));
    }
    SUBCASE("a chain of 20000 files is refused, not a stack overflow") {
        TempDir dir;
        Problems problems;
        load_scenario(write_chain(dir, 20000), {}, problems);
        CHECK(problems.size() == 1);
    }
}

TEST_CASE("scenario inputs: a --set value with a line break is refused and sets nothing") {
    TempDir dir;
    const auto file = dir.write("s.toml", "[run]\nweeks = 3\n").string();
    for (const std::string set : {"run.weeks=4\nrun.seed=99", "run.weeks=4\r\nrun.seed=99", "run.weeks=\"4\nrun.seed=99\""}) {
        Problems problems;
        const auto s = load_scenario(file, {set}, problems);
        REQUIRE_MESSAGE(problems.size() == 1, all(problems));
        CHECK(problems[0].key == "run.weeks");
        CHECK(problems[0].message.find("line break") != std::string::npos);
        CHECK(s.run.seed != 99);
    }
}

TEST_CASE("scenario inputs: an age range with its minimum above its maximum is refused where it is set") {
    TempDir dir;
    SUBCASE("in one table, at the later key") {
        const auto file = dir.write("t.toml", "[targeting]\nage_max = 60\nage_min = 70\n").string();
        Problems problems;
        load_scenario(file, {}, problems);
        REQUIRE_MESSAGE(problems.size() == 1, all(problems));
        CHECK(has_problem(problems, file, 3, "targeting.age_min", "age_min (70) is above age_max (60)"));
    }
    SUBCASE("age_max below the default minimum age") {
        const auto file = dir.write("t.toml", "[targeting]\nage_max = 16\n").string();
        Problems problems;
        load_scenario(file, {}, problems);
        CHECK_MESSAGE(has_problem(problems, file, 2, "targeting.age_max", "age_min (18) is above age_max (16)"), all(problems));
    }
    SUBCASE("across files: reported in the child that makes the range empty") {
        dir.write("parent.toml", "[targeting]\nage_max = 50\n");
        const auto child = dir.write("child.toml", "extends = \"parent.toml\"\n[targeting]\nage_min = 60\n").string();
        Problems problems;
        load_scenario(child, {}, problems);
        REQUIRE_MESSAGE(problems.size() == 1, all(problems));
        CHECK(has_problem(problems, child, 3, "targeting.age_min", "age_min (60) is above age_max (50)"));
        Problems fixed;
        load_scenario(child, {"targeting.age_max=80"}, fixed);
        CHECK_MESSAGE(fixed.empty(), all(fixed));
    }
    SUBCASE("in an any_of group, at the group's line") {
        const auto file = dir.write("t.toml",
                                    "[[targeting.any_of]]\n"  // 1
                                    "age_min = 40\n"          // 2
                                    "[[targeting.any_of]]\n"  // 3
                                    "age_min = 65\n"          // 4
                                    "age_max = 64\n")         // 5
                              .string();
        Problems problems;
        load_scenario(file, {}, problems);
        REQUIRE_MESSAGE(problems.size() == 1, all(problems));
        CHECK(has_problem(problems, file, 5, "targeting.any_of.age_max", "age_min (65) is above age_max (64)"));
    }
}

TEST_CASE("scenario inputs: conditions_at_least above the number of conditions counted is refused") {
    TempDir dir;
    const auto file = dir.write("c.toml", "[targeting]\nconditions_counted = [\"diabetes\", \"obesity\"]\nconditions_at_least = 3\n").string();
    Problems problems;
    load_scenario(file, {}, problems);
    REQUIRE_MESSAGE(problems.size() == 1, all(problems));
    CHECK(has_problem(problems, file, 3, "targeting.conditions_at_least", "conditions_at_least (3) is above the number of conditions_counted (2)"));
    Problems none_counted;
    load_scenario(dir.write("n.toml", "[targeting]\nconditions_at_least = 1\n").string(), {}, none_counted);
    CHECK_MESSAGE(has_problem(none_counted, dir.path("n.toml"), 2, "targeting.conditions_at_least", "conditions_counted (0)"), all(none_counted));
    Problems enough;
    load_scenario(file, {"targeting.conditions_at_least=2"}, enough);
    CHECK_MESSAGE(enough.empty(), all(enough));
}

TEST_CASE("scenario inputs: wte and wte_schedule together in one [coaching] are refused - a child may replace either") {
    TempDir dir;
    const auto both = dir.write("both.toml", "[coaching]\nwte_schedule = [[0, 1.0], [26, 2.0]]\nwte = 3.0\n").string();
    Problems problems;
    load_scenario(both, {}, problems);
    REQUIRE_MESSAGE(problems.size() == 1, all(problems));
    CHECK(has_problem(problems, both, 3, "coaching.wte", "set either wte or wte_schedule, not both (coaching.wte_schedule is set on line 2)"));

    dir.write("parent.toml", "[coaching]\nwte_schedule = [[0, 1.0], [26, 2.0]]\n");
    Problems child_problems;
    const auto s = load_scenario(dir.write("child.toml", "extends = \"parent.toml\"\n[coaching]\nwte = 3.0\n").string(), {}, child_problems);
    CHECK_MESSAGE(child_problems.empty(), all(child_problems));
    CHECK(s.coaching.wte_schedule == std::vector<std::pair<int, double>>{{0, 3.0}});
}

TEST_CASE("scenario inputs: synthetic practices with fewer than 100 patients each are refused where set") {
    TempDir dir;
    const auto file = dir.write("many.toml", "[population]\nsource = \"synthetic\"\nlist_size = 3000\npractices = 60000\n");
    Problems problems;
    load_scenario(file.string(), {}, problems);
    CHECK_MESSAGE(has_problem(problems, file.string(), 4, "population.practices", "60000 practices share 3000 patients"), all(problems));
    // Set later on the command line: reported there.
    problems.clear();
    load_scenario(file.string(), {"population.list_size=5999999"}, problems);
    CHECK_MESSAGE(has_problem(problems, "--set population.list_size=5999999", 0, "population.list_size", "list_size 6000000 or more"), all(problems));
    problems.clear();
    load_scenario(file.string(), {"population.list_size=6000000"}, problems);
    CHECK_MESSAGE(problems.empty(), all(problems));
}
