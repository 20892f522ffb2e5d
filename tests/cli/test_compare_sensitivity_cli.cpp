// `pcnsim compare --break-even / --tornado` end to end on the two small scenarios: the break-even and
// the tornado of the best-ranked coaching option written into the comparison's folder (in the formats
// of `pcnsim threshold` and `pcnsim tornado`) and recorded in its manifest; bad parameters refused
// before any run; a note when no option spends; Ctrl-C during them leaves no folder.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "tests/cli/cli_helpers.hpp"

using namespace pcnsim_cli_test;

namespace {

const std::string kDurable = "activation.durable_share";

// compare small.toml small-coaching.toml, short and with one replication, then `extra`.
Outcome compare(const TempDir& tmp, const std::vector<std::string>& scenarios, const std::vector<std::string>& extra) {
    std::vector<std::string> args{"compare"};
    args.insert(args.end(), scenarios.begin(), scenarios.end());
    args.insert(args.end(), {"--weeks", "8", "--replications", "1", "--seed", "7", "--threads", "2"});
    args.insert(args.end(), extra.begin(), extra.end());
    return run_pcnsim(tmp, args);
}

const std::vector<std::string> kBoth{kSmall.string(), kSmallCoaching.string()};

nlohmann::json json_of(const fs::path& file) { return nlohmann::json::parse(read_file(file)); }

}  // namespace

TEST_CASE("cli compare --break-even: the best coaching option's break-even in break_even/ and the manifest") {
    TempDir tmp;
    const fs::path out = tmp / "cmp";
    const auto r = compare(tmp, kBoth, {"--break-even", kGain, "--sensitivity-replications", "2", "--quiet", "--out", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    // threshold.csv as `pcnsim threshold` writes it, for the parameter asked, ROI on the NHS perspective, target 1.
    const auto rows = lines_of(read_file(out / "break_even" / "threshold.csv"));
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].rfind("parameter,given,measure,target,range_low,range_high,root,", 0) == 0);
    const auto row = fields(rows[1]);
    CHECK(row[0] == kGain);
    CHECK(row[2] == "roi_economic_nhs");
    CHECK(row[3] == "1");
    CHECK(row[4] == "0");
    CHECK(row[5] == "10");  // the declared range
    CHECK(lines_of(read_file(out / "break_even" / "threshold_runs.csv")).size() == 1 + std::stoul(row[11]));
    // Its runs: the coaching option's scenario with the comparison's seed and weeks, no PSA, 2 replications.
    const auto manifest = json_of(out / "break_even" / "manifest.json");
    CHECK(manifest["threshold"]["parameters"] == nlohmann::json::array({kGain}));
    CHECK(manifest["run"]["seed"] == 7);
    CHECK(manifest["run"]["weeks"] == 8);
    CHECK(manifest["run"]["replications"] == 2);
    CHECK(manifest["run"]["psa_draws"] == 0);
    // The comparison's manifest says what it ran on; no tornado was asked for.
    const auto compared = json_of(out / "manifest.json");
    CHECK(compared["break_even"]["scenario"] == "small-coaching");
    CHECK(compared["break_even"]["parameter"] == kGain);
    CHECK(compared["break_even"]["folder"] == "break_even");
    CHECK(!compared.contains("tornado"));
    CHECK(!fs::exists(out / "tornado"));
    CHECK_MESSAGE(r.out.find("roi_economic_nhs = 1") != std::string::npos, describe(r));
    CHECK_MESSAGE(r.out.find("break-even: " + out.string() + "/break_even/ (threshold.csv, threshold_runs.csv, manifest.json)") !=
                      std::string::npos,
                  describe(r));
    CHECK(tmp.entries() == std::vector<std::string>{"cmp"});  // no temporary folder left behind
}

TEST_CASE("cli compare --tornado of two parameters: tornado.csv of the ranking measure over exactly those two") {
    TempDir tmp;
    const fs::path out = tmp / "cmp";
    const auto r = compare(tmp, kBoth, {"--tornado", kCausal + "," + kDurable, "--out", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    const auto rows = lines_of(read_file(out / "tornado" / "tornado.csv"));
    REQUIRE(rows.size() == 1 + 2);
    std::vector<std::string> seen;
    for (std::size_t k = 1; k < rows.size(); ++k) {
        const auto f = fields(rows[k]);  // rank,parameter,unit,low_value,high_value,measure,...
        seen.push_back(f[1]);
        CHECK(f[5] == "net_benefit_economic_nhs");  // the default --rank-by
    }
    std::sort(seen.begin(), seen.end());
    CHECK(seen == std::vector<std::string>{kCausal, kDurable});
    // The tornado's own default replications (2), as `pcnsim tornado`.
    CHECK(json_of(out / "tornado" / "manifest.json")["run"]["replications"] == 2);
    const auto compared = json_of(out / "manifest.json");
    CHECK(compared["tornado"]["scenario"] == "small-coaching");
    CHECK(compared["tornado"]["parameters"] == nlohmann::json::array({kCausal, kDurable}));
    CHECK(compared["tornado"]["measure"] == "net_benefit_economic_nhs");
    CHECK_MESSAGE(r.out.find("Tornado of net_benefit_economic_nhs for small-coaching") != std::string::npos, describe(r));
    // Progress as the commands show it.
    CHECK_MESSAGE(r.err.find("tornado of net_benefit_economic_nhs on small-coaching, the best-ranked coaching option") != std::string::npos,
                  describe(r));
    CHECK_MESSAGE(r.err.find("tornado: run 5: ") != std::string::npos, describe(r));  // 1 + 2 x 2 runs
}

TEST_CASE("cli compare --break-even and --tornado: a bad parameter is refused before any run and names its flag") {
    TempDir tmp;
    const fs::path out = tmp / "cmp";
    const auto refused = [&](const std::vector<std::string>& extra, const std::string& expected) {
        auto args = extra;
        args.insert(args.end(), {"--out", out.string()});
        const auto r = compare(tmp, kBoth, args);
        CHECK_MESSAGE(r.exit_code == 2, describe(r));
        CHECK_MESSAGE(r.err.find(expected) != std::string::npos, describe(r));
        CHECK_MESSAGE(r.err.find("running ") == std::string::npos, describe(r));  // no scenario started
        CHECK(!fs::exists(out));
    };
    refused({"--break-even", "activation.coaching_gain_completer"},
            "--break-even: activation.coaching_gain_completer: unknown parameter; did you mean 'activation.coaching_gain_completers'");
    refused({"--break-even", "activation.level_share_1"}, "--break-even: activation.level_share_1: is one of the shares");
    refused({"--tornado", kCausal + ",activation.causal_shar"}, "--tornado: activation.causal_shar: unknown parameter");
    refused({"--tornado", "activation.level_share_1"}, "--tornado: activation.level_share_1: has a fixed prior");
    refused({"--sensitivity-replications", "2"}, "--sensitivity-replications: needs --break-even or --tornado");
}

TEST_CASE("cli compare --break-even: with no option that spends it is skipped with a note") {
    TempDir tmp;
    const fs::path out = tmp / "cmp";
    const auto r = compare(tmp, {kSmall.string()}, {"--break-even", kGain, "--tornado", "all", "--quiet", "--out", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    CHECK_MESSAGE(r.out.find("note: --break-even not run: no option of the comparison spends anything (cost_nhs > 0)") != std::string::npos,
                  describe(r));
    CHECK_MESSAGE(r.out.find("note: --tornado not run: ") != std::string::npos, describe(r));
    CHECK(fs::is_regular_file(out / "comparison.csv"));
    CHECK(!fs::exists(out / "break_even"));
    CHECK(!fs::exists(out / "tornado"));
    const auto compared = json_of(out / "manifest.json");
    CHECK(compared["break_even"]["scenario"].is_null());
    CHECK(compared["break_even"]["not_run"].get<std::string>().find("cost_nhs > 0") != std::string::npos);
    CHECK(compared["tornado"]["parameters"] == "all");
}

TEST_CASE("cli compare --break-even: Ctrl-C during the break-even writes nothing and --resume keeps the comparison's runs") {
    TempDir tmp;
    const fs::path out = tmp / "cmp";
    // Many replications a run, so that the break-even is still running when interrupted.
    std::vector<std::string> args{"compare", kSmall.string(), kSmallCoaching.string(), "--weeks", "8", "--replications", "1", "--threads",
                                  "2", "--break-even", kGain, "--sensitivity-replications", "400", "--out", out.string()};
    const auto [code, err] = interrupt_run(
        tmp, args, [](pid_t, const std::string& err) { return err.find("break-even of roi_economic_nhs on small-coaching") != std::string::npos; },
        200);
    CHECK_MESSAGE(code == 130, "exit code ", code, "; stderr:\n", err);
    CHECK_MESSAGE(err.find("interrupted: stopped cleanly, no output written") != std::string::npos, err);
    CHECK_MESSAGE(err.find("repeat the command with --resume") != std::string::npos, err);
    CHECK(!fs::exists(out));
    // The comparison's runs were kept: --resume runs only the break-even (here with fewer replications).
    CHECK(fs::is_directory(tmp / "cmp.resume"));
    args[args.size() - 3] = "1";
    args.push_back("--resume");
    const auto resumed = run_pcnsim(tmp, args);
    REQUIRE_MESSAGE(resumed.exit_code == 0, describe(resumed));
    CHECK(fs::is_regular_file(out / "break_even" / "threshold.csv"));
    CHECK(!fs::exists(tmp / "cmp.resume"));
}
