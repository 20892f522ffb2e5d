// Sweep files: the grid, point labels, and bad input reported with file, line and key.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "sim/scenario/sweep.hpp"
#include "tests/support.hpp"
#include "tests/temp_dir.hpp"

using namespace pcnsim;

TEST_CASE("sweep: every scenario x axis combination, last axis fastest, with unique labels") {
    Problems problems;
    const auto sweep = load_sweep(pcnsim::testing::source_path("scenarios/tests/small-sweep.toml"), problems);
    REQUIRE(problems.empty());
    CHECK(sweep.name == "small-sweep");
    CHECK(sweep.axis_keys == std::vector<std::string>{"coaching.wte", "skills.share_clinicians_trained"});
    REQUIRE(sweep.points.size() == 6);
    CHECK(sweep.points[0].settings == std::vector<std::pair<std::string, std::string>>{{"coaching.wte", "0"}, {"skills.share_clinicians_trained", "0"}});
    CHECK(sweep.points[1].settings[1].second == "0.5");
    CHECK(sweep.points[2].settings[0].second == "1");
    std::set<std::string> labels;
    for (const auto& p : sweep.points) labels.insert(p.label);
    CHECK(labels.size() == 6);
}

TEST_CASE("sweep: bad files are reported with file, line and key") {
    pcnsim::testing::TempDir tmp;
    const auto file = tmp.write("bad.toml", "name = 3\nscenarios = [\"missing.toml\"]\ncolour = \"blue\"\n[axes]\n\"coaching.wte\" = []\n");
    Problems problems;
    load_sweep(file.string(), problems);
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].line == 1);
    CHECK(problems[0].key == "name");
    CHECK(problems[1].line == 2);
    CHECK(problems[1].message.find("file not found") != std::string::npos);
    CHECK(problems[2].key == "colour");
    CHECK(problems[3].key == "axes.coaching.wte");
    CHECK(problems[3].line == 5);
}

TEST_CASE("sweep: a sweep file that is missing or a folder is an error naming the reason") {
    pcnsim::testing::TempDir tmp;
    std::filesystem::create_directories(tmp / "folder.toml");
    Problems folder;
    load_sweep(tmp.path("folder.toml"), folder);
    REQUIRE(folder.size() == 1);  // was read as an empty sweep: "scenarios: required"
    CHECK(folder[0].message == "is a folder, expected a file");
    Problems missing;
    load_sweep(tmp.path("missing.toml"), missing);
    REQUIRE(missing.size() == 1);
    CHECK(missing[0].message == "file not found");
}

TEST_CASE("sweep: a grid of more points than the limit is refused before it is expanded") {
    pcnsim::testing::TempDir tmp;
    std::string a, b;
    for (int i = 0; i < 101; ++i) a += (i ? ", " : "") + std::to_string(i);
    for (int i = 0; i < 100; ++i) b += (i ? ", " : "") + std::to_string(i);
    const auto file = tmp.write("big.toml", "scenarios = [\"" + pcnsim::testing::source_path("scenarios/tests/small.toml") +
                                                "\"]\n[axes]\n\"coaching.wte\" = [" + a + "]\n\"run.seed\" = [" + b + "]\n");
    Problems problems;
    const auto refused = load_sweep(file.string(), problems);
    CHECK(refused.points.empty());
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].file == file.string());
    CHECK(problems[0].key == "axes");
    CHECK(problems[0].message.find("10100 points (1 scenario file(s) x 101 x 100), more than the limit of 10000") != std::string::npos);
    CHECK(problems[0].message.find("--max-points 10100") != std::string::npos);
    problems.clear();
    const auto allowed = load_sweep(file.string(), problems, 10100);
    CHECK(problems.empty());
    CHECK(allowed.points.size() == 10100);
}

TEST_CASE("sweep: a problem of a grid value is reported once at the sweep file's line and key") {
    SweepPoint point{"s.toml", {{"coaching.wte", "-1"}, {"run.seed", "3"}}, "p001", {7, 8}};
    const Problems of_point = {{"--set coaching.wte=-1", 0, "coaching.wte", "-1 is below the minimum 0"},
                               {"--set", 0, "run.seed", "cannot read value '3'"},
                               {"s.toml", 4, "name", "expected a string"}};
    Problems problems;
    add_point_problems("grid.toml", point, of_point, problems);
    add_point_problems("grid.toml", point, of_point, problems);  // a second point with the same value
    REQUIRE(problems.size() == 3);
    CHECK(problems[0].to_string() == "grid.toml:7: axes.coaching.wte: value -1: -1 is below the minimum 0");
    CHECK(problems[1].to_string() == "grid.toml:8: axes.run.seed: value 3: cannot read value '3'");
    CHECK(problems[2].to_string() == "s.toml:4: name: expected a string");
}
