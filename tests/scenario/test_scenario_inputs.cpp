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
    CHECK(direct[0].message == "cannot read " + dir.path("folder.toml") + ": Is a directory");
    CHECK(s.files.empty());  // nothing was read, nothing runs

    Problems parent;
    const auto child = dir.write("child.toml", "name = \"child\"\nextends = \"folder.toml\"\n").string();
    load_scenario(child, {}, parent);
    CHECK_MESSAGE(has_problem(parent, child, 2, "extends", "cannot read " + dir.path("folder.toml") + ": Is a directory"), all(parent));
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
