// Inputs that used to pass unnoticed or explode (issue 17, items 2 and 3), end to end: sweep errors
// at the sweep file's line once, outputs too large refused before the run, and each refusal exit 2.
#include "tests/cli/cli_helpers.hpp"

using namespace pcnsim_cli_test;

TEST_CASE("cli sweep: a bad grid value is reported once at the sweep file's line and key") {
    TempDir tmp;
    const auto sweep = tmp.write("grid.toml", "scenarios = [\"" + kSmallCoaching.string() +
                                                  "\"]\n[axes]\n\"skills.share_clinicians_trained\" = [0, 0.5]\n"
                                                  "\"coaching.wte\" = [\n  1,\n  -3,\n]\n");
    const auto r = run_pcnsim(tmp, {"sweep", sweep.string(), "--quiet", "--out", (tmp / "out").string()});
    CHECK_MESSAGE(r.exit_code == 2, describe(r));
    const std::string where = sweep.string() + ":6: axes.coaching.wte: value -3: ";
    CHECK_MESSAGE(count_of(r.err, where) == 1, describe(r));
    CHECK_MESSAGE(r.err.find("1 problem(s) found") != std::string::npos, describe(r));
    CHECK_FALSE(fs::exists(tmp / "out"));
}

TEST_CASE("cli: outputs estimated above --max-output-gb are refused before the run with the estimate") {
    TempDir tmp;
    const std::vector<std::string> huge{"run", kSmall.string(), "--weeks", "520", "--replications", "65536", "--quiet", "--out",
                                        (tmp / "out").string()};
    const auto start = std::chrono::steady_clock::now();
    const auto r = run_pcnsim(tmp, huge);
    CHECK_MESSAGE(r.exit_code == 2, describe(r));
    CHECK_MESSAGE(r.err.find("the outputs would take about ") != std::string::npos, describe(r));
    CHECK_MESSAGE(r.err.find("--max-output-gb") != std::string::npos, describe(r));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(30));  // refused, not run
    CHECK_FALSE(fs::exists(tmp / "out"));
    // A normal run is well under the limit.
    const auto small = run_pcnsim(tmp, {"run", kSmall.string(), "--weeks", "4", "--quiet", "--out", (tmp / "small").string()});
    CHECK_MESSAGE(small.exit_code == 0, describe(small));
}
