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
    const std::string expected = folder.string() + ": is a folder, expected a file";
    check_refused(tmp, {"check", folder.string()}, expected);
    check_refused(tmp, {"run", folder.string(), "--quiet", "--out", (tmp / "out").string()}, expected);
}

TEST_CASE("cli inputs: an empty scenario file is refused") {
    TempDir tmp;
    const auto file = tmp.write("empty.toml", "# nothing yet\n");
    check_refused(tmp, {"run", file.string(), "--quiet", "--out", (tmp / "out").string()},
                  file.string() + ": the scenario is empty: give at least extends = \"...\" or a [section]");
}

TEST_CASE("cli inputs: --seed takes 0 to 2^63-1 and refuses more with the range") {
    TempDir tmp;
    const std::string range = "--seed: expected a whole number from 0 to 9223372036854775807";
    for (const std::string seed : {"9223372036854775808", "18446744073709551615", "18446744073709551616", "-1", "1e3", "7.5", ""}) {
        CAPTURE(seed);
        check_refused(tmp, {"run", kSmall.string(), "--seed", seed, "--quiet", "--out", (tmp / "out").string()}, range);
    }
    check_refused(tmp, {"compare", kSmall.string(), "--seed", "-1", "--quiet", "--out", (tmp / "out").string()}, range);
    check_refused(tmp, {"validate", "--seed", "99999999999999999999", "--quiet", "--out", (tmp / "out").string()}, range);
    check_refused(tmp, {"population", kSmall.string(), "--seed", "-5"}, range);
}

TEST_CASE("cli inputs: the largest seed runs and is recorded as given") {
    TempDir tmp;
    const auto out = tmp / "max-seed";
    const auto r = run_pcnsim(tmp, {"run", kSmall.string(), "--seed", "9223372036854775807", "--weeks", "1", "--replications", "1",
                                    "--quiet", "--out", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    CHECK(read_file(out / "manifest.json").find("9223372036854775807") != std::string::npos);
}

TEST_CASE("cli inputs: integer flags out of range name the flag and the range") {
    TempDir tmp;
    const auto out = (tmp / "out").string();
    const std::string small = kSmall.string();
    check_refused(tmp, {"run", small, "--threads", "-1", "--out", out}, "--threads: expected a whole number from 0 to 1024, got '-1'");
    check_refused(tmp, {"run", small, "--weeks", "0", "--out", out}, "--weeks: expected a whole number from 1 to 520, got '0'");
    check_refused(tmp, {"run", small, "--replications", "99999999999", "--out", out},
                  "--replications: expected a whole number from 1 to 65536, got '99999999999'");
    check_refused(tmp, {"run", small, "--psa", "2.5", "--out", out}, "--psa: expected a whole number from 0 to 100000, got '2.5'");
    check_refused(tmp, {"compare", small, "--threads", "x", "--out", out}, "--threads: expected a whole number from 0 to 1024, got 'x'");
    check_refused(tmp, {"compare", small, "--psa", "2", "--voi", "--voi-pcns", "-1", "--out", out},
                  "--voi-pcns: expected a number from 0 upwards, got '-1'");
}

TEST_CASE("cli inputs: a 20000-file extends chain is refused with exit 2 - it was a stack overflow") {
    TempDir tmp;
    constexpr int kFiles = 20000;  // the unlimited loader overflowed an 8 MB stack here (signal 11)
    for (int i = 0; i + 1 < kFiles; ++i) tmp.write(fmt::format("f{}.toml", i), fmt::format("extends = \"f{}.toml\"\n", i + 1));
    tmp.write(fmt::format("f{}.toml", kFiles - 1), "[run]\nweeks = 3\n");
    const auto start = (tmp / "f0.toml").string();
    check_refused(tmp, {"check", start}, (tmp / "f63.toml").string() + ":1: extends: the extends chain starting at " + start + " is more than 64 files deep");
}
