// Command-line inputs that used to run on defaults or be capped silently (issue 17, item 2): a
// scenario that cannot be read, and integer flags out of range, each exit 2 with a readable message.
#include "tests/cli/cli_helpers.hpp"

using namespace pcnsim_cli_test;

namespace {

// A refused command: exit 2, no signal, nothing written to the output folder, and `message` on stderr.
void check_refused(const TempDir& tmp, const std::vector<std::string>& args, const std::string& message) {
    const auto r = run_pcnsim(tmp, args);
    CHECK_MESSAGE(r.exit_code == 2, describe(r));
    CHECK_MESSAGE(!r.signalled, describe(r));
    CHECK_MESSAGE(r.err.find(message) != std::string::npos, "expected on stderr: ", message, "\n", describe(r));
    // CLI11's own checks printed the double range 0 to 1.797...e308 in full (309 digits).
    CHECK_MESSAGE(r.err.size() < 400, describe(r));
    CHECK(!fs::exists(tmp / "out"));
}

}  // namespace

TEST_CASE("cli inputs: a folder given as the scenario is refused naming it and the reason") {
    TempDir tmp;
    const auto folder = tmp / "folder.toml";
    fs::create_directories(folder);
    const std::string expected = folder.string() + ": cannot read " + folder.string() + ": Is a directory";
    check_refused(tmp, {"check", folder.string()}, expected);
    check_refused(tmp, {"run", folder.string(), "--quiet", "--out", (tmp / "out").string()}, expected);
}

TEST_CASE("cli inputs: an empty scenario file is refused") {
    TempDir tmp;
    const auto file = tmp.write("empty.toml", "# nothing yet\n");
    check_refused(tmp, {"run", file.string(), "--quiet", "--out", (tmp / "out").string()},
                  file.string() + ": the scenario is empty: give at least extends = \"...\" or a [section]");
}

TEST_CASE("cli inputs: a 20000-file extends chain is refused with exit 2 - it was a stack overflow") {
    TempDir tmp;
    constexpr int kFiles = 20000;  // the unlimited loader overflowed an 8 MB stack here (signal 11)
    for (int i = 0; i + 1 < kFiles; ++i) tmp.write(fmt::format("f{}.toml", i), fmt::format("extends = \"f{}.toml\"\n", i + 1));
    tmp.write(fmt::format("f{}.toml", kFiles - 1), "[run]\nweeks = 3\n");
    const auto start = (tmp / "f0.toml").string();
    check_refused(tmp, {"check", start}, (tmp / "f63.toml").string() + ":1: extends: the extends chain starting at " + start + " is more than 64 files deep");
}
