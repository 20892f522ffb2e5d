// `pcnsim calibrate` end to end: the output folder, the posterior feeding `run --posterior`,
// determinism at any thread count, Ctrl-C with --resume, synthetic targets and bad input.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <numeric>

#include "cli_helpers.hpp"
#include "tests/sanitizer.hpp"

using namespace pcnsim_cli_test;
using pcnsim::testing::kSanitized;

namespace {

const fs::path kHistoryMatching = kSourceDir / "calibration/tests/small-hm.toml";
const fs::path kAbc = kSourceDir / "calibration/tests/small-abc.toml";

Outcome calibrate(const TempDir& tmp, const fs::path& config, const std::string& out, std::vector<std::string> more = {}) {
    std::vector<std::string> args{"calibrate", config.string(), "--out", (tmp / out).string(), "--quiet"};
    args.insert(args.end(), more.begin(), more.end());
    return run_pcnsim(tmp, args);
}

// Under AddressSanitizer every run is about 10 times slower (kSanitized): the interrupted calibration is smaller.

// A longer ABC-SMC of the small PCN, in the test's own folder: generation 1 is saved within a few seconds and
// generations 2-3 take long enough to be interrupted (the test took 70 s, from 650 s at 150 x 6, on a busy 2-core machine). More
// particles or generations add nothing: the tolerance reaches its floor of 1 by generation 4.
fs::path long_abc_config(const TempDir& tmp) {
    const std::string text = read_file(kAbc);
    std::string edited = text.substr(0, text.find("[abc_smc]")) +
                         (kSanitized ? "[abc_smc]\nparticles = 40\ngenerations = 4\n" : "[abc_smc]\nparticles = 100\ngenerations = 3\n");
    const auto at = edited.find("scenario = \"");
    edited.replace(at, edited.find('\n', at) - at, "scenario = \"" + (kSourceDir / "scenarios/tests/small.toml").string() + "\"");
    const auto t = edited.find("targets = \"");
    edited.replace(t, edited.find('\n', t) - t, "targets = \"" + (kSourceDir / "calibration/tests/targets.csv").string() + "\"");
    return tmp.write("long-abc.toml", edited);
}

}  // namespace

TEST_CASE("cli calibrate: history matching writes its folder, and the posterior feeds run --posterior") {
    TempDir tmp;
    const auto o = calibrate(tmp, kHistoryMatching, "hm");
    REQUIRE_MESSAGE(o.exit_code == 0, describe(o));
    const fs::path dir = tmp / "hm";
    for (const char* f : {"posterior.csv", "posterior_summary.csv", "diagnostics.csv", "predictive_check.csv", "manifest.json"})
        CHECK_MESSAGE(fs::exists(dir / f), f);
    CHECK_FALSE(fs::exists(tmp / "hm.resume"));
    const auto posterior = lines_of(read_file(dir / "posterior.csv"));
    REQUIRE(posterior.size() > 10);
    CHECK(posterior[0] == "sample,weight,ae.base_rate_per_year,gp.base_rate_per_year");
    double total = 0;
    for (std::size_t i = 1; i < posterior.size(); ++i) total += std::stod(fields(posterior[i])[1]);
    CHECK(total == doctest::Approx(1.0).epsilon(1e-9));
    const auto diagnostics = lines_of(read_file(dir / "diagnostics.csv"));
    REQUIRE(diagnostics.size() == 3);  // header and 2 waves
    CHECK(diagnostics[0].rfind("wave,design_points,training_points,evaluations", 0) == 0);
    const auto check = lines_of(read_file(dir / "predictive_check.csv"));
    REQUIRE(check.size() == 3);  // header and 2 targets
    CHECK(fields(check[1])[0] == "gp_requests");
    const auto summary = lines_of(read_file(dir / "posterior_summary.csv"));
    REQUIRE(summary.size() == 3);
    CHECK(fields(summary[1]).back() == "yes");  // the truth given in the config is reported beside it
    // The posterior drives a PSA of any scenario.
    const auto run = run_pcnsim(tmp, {"run", (kSourceDir / "scenarios/tests/small.toml").string(), "--psa", "3", "--posterior",
                                      (dir / "posterior.csv").string(), "--out", (tmp / "run").string(), "--quiet"});
    REQUIRE_MESSAGE(run.exit_code == 0, describe(run));
    CHECK(count_of(read_file(tmp / "run/psa_draws.csv"), "gp.base_rate_per_year") == 3);
    CHECK(run.err.find("warning") == std::string::npos);  // checked against the manifest beside it
    CHECK(read_file(tmp / "run/manifest.json").find("\"warnings\": []") != std::string::npos);

    // One digit of posterior.csv changed in its calibration folder: refused as changed since calibrate wrote it.
    const std::string original = read_file(dir / "posterior.csv");
    write_file(dir / "posterior.csv", with_one_digit_changed(original, "\n1,"));
    const std::vector<std::string> psa{"run", (kSourceDir / "scenarios/tests/small.toml").string(), "--psa", "3", "--quiet", "--posterior"};
    auto with_posterior = [&](const fs::path& posterior, const std::string& out) {
        auto args = psa;
        args.insert(args.end(), {posterior.string(), "--out", (tmp / out).string()});
        return run_pcnsim(tmp, args);
    };
    const auto changed = with_posterior(dir / "posterior.csv", "changed");
    CHECK_MESSAGE(changed.exit_code == 2, describe(changed));
    CHECK_MESSAGE(changed.err.find((dir / "posterior.csv").string()) != std::string::npos, describe(changed));
    CHECK_MESSAGE(changed.err.find("changed since `pcnsim calibrate` wrote it") != std::string::npos, describe(changed));
    CHECK_FALSE(fs::exists(tmp / "changed"));

    // The same file copied out of its folder has no manifest to be checked against: used, with a warning
    // printed once and recorded in the run's manifest.
    const fs::path copy = tmp.write("edited-posterior.csv", read_file(dir / "posterior.csv"));
    const auto unchecked = with_posterior(copy, "unchecked");
    REQUIRE_MESSAGE(unchecked.exit_code == 0, describe(unchecked));
    CHECK(count_of(unchecked.err, "pcnsim: warning: " + copy.string() + ": no manifest.json") == 1);
    const auto manifest = nlohmann::json::parse(read_file(tmp / "unchecked/manifest.json"));
    REQUIRE(manifest.at("warnings").size() == 1);
    CHECK(manifest["warnings"][0].get<std::string>().find("cannot be checked") != std::string::npos);
}

TEST_CASE("cli calibrate: the same posterior at 1 and 2 threads, by either method") {
    TempDir tmp;
    for (const auto& config : {kHistoryMatching, kAbc}) {
        CAPTURE(config.string());
        const auto one = calibrate(tmp, config, "one", {"--threads", "1", "--force"});
        REQUIRE_MESSAGE(one.exit_code == 0, describe(one));
        const auto two = calibrate(tmp, config, "two", {"--threads", "2", "--force"});
        REQUIRE_MESSAGE(two.exit_code == 0, describe(two));
        for (const char* f : {"posterior.csv", "diagnostics.csv", "predictive_check.csv"}) {
            const std::string a = read_file(tmp / "one" / f), b = read_file(tmp / "two" / f);
            CHECK_MESSAGE(a == b, f, ": ", first_difference(a, b));
        }
    }
}

TEST_CASE("cli calibrate: Ctrl-C saves the finished generations and --resume ends where an uninterrupted run does") {
    TempDir tmp;
    const auto config = long_abc_config(tmp);
    const auto whole = calibrate(tmp, config, "whole");
    REQUIRE_MESSAGE(whole.exit_code == 0, describe(whole));

    const fs::path out = tmp / "interrupted", saved = tmp / "interrupted.resume/calibration.json";
    const fs::path out_file = tmp / "int.out", err_file = tmp / "int.err";
    const pid_t pid = spawn({"calibrate", config.string(), "--out", out.string()}, tmp.path(), out_file, err_file);
    int status = 0;
    bool exited = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (!fs::exists(saved) && std::chrono::steady_clock::now() < deadline)
        if ((exited = wait_for(pid, 0.02, status))) break;
    REQUIRE_MESSAGE(!exited, "pcnsim finished before it could be interrupted: ", read_file(err_file));
    status = interrupt_and_wait(pid, 120);
    bool signalled = false;
    const std::string err = read_file(err_file);
    CHECK_MESSAGE(exit_code_of(status, signalled) == 130, err);
    CHECK_FALSE(signalled);
    CHECK(err.find("--resume") != std::string::npos);
    CHECK_FALSE(fs::exists(out));  // no output passed off as complete
    REQUIRE(fs::exists(saved));

    // One digit of the checkpoint changed: refused (exit 2) naming the file.
    const std::string checkpoint = read_file(saved);
    write_file(saved, with_one_digit_changed(checkpoint, "\"state\""));
    const auto tampered = run_pcnsim(tmp, {"calibrate", config.string(), "--out", out.string(), "--resume"});
    CHECK_MESSAGE(tampered.exit_code == 2, describe(tampered));
    CHECK_MESSAGE(tampered.err.find("cannot resume from " + saved.string()) != std::string::npos, describe(tampered));
    CHECK_MESSAGE(tampered.err.find("changed or damaged") != std::string::npos, describe(tampered));
    write_file(saved, checkpoint);

    const auto resumed = run_pcnsim(tmp, {"calibrate", config.string(), "--out", out.string(), "--resume"});
    REQUIRE_MESSAGE(resumed.exit_code == 0, describe(resumed));
    CHECK(resumed.err.find("resuming") != std::string::npos);
    for (const char* f : {"posterior.csv", "diagnostics.csv", "predictive_check.csv"}) {
        const std::string a = read_file(tmp / "whole" / f), b = read_file(out / f);
        CHECK_MESSAGE(a == b, f, ": ", first_difference(a, b));
    }
    CHECK_FALSE(fs::exists(tmp / "interrupted.resume"));
}

TEST_CASE("cli calibrate: --synthesize writes targets from the truth, and refuses a config without one") {
    TempDir tmp;
    const auto o = run_pcnsim(tmp, {"calibrate", kHistoryMatching.string(), "--synthesize", (tmp / "t.csv").string()});
    REQUIRE_MESSAGE(o.exit_code == 0, describe(o));
    CHECK(read_file(tmp / "t.csv") == read_file(kSourceDir / "calibration/tests/targets.csv"));  // as committed: reproducible
    const auto no_truth = run_pcnsim(tmp, {"calibrate", kAbc.string(), "--synthesize", (tmp / "u.csv").string()});
    CHECK(no_truth.exit_code == 2);
    CHECK(no_truth.err.find("[truth] has no value for") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "u.csv"));
}

TEST_CASE("cli calibrate: --coverage runs K recoveries at truths from the priors and writes coverage.csv") {
    // K = 2 only keeps the machinery from rotting; the K = 20 check is docs/calibration.md (Coverage).
    TempDir tmp;
    const auto o = run_pcnsim(tmp, {"calibrate", kHistoryMatching.string(), "--coverage", "2", "--out", (tmp / "cov").string()});
    REQUIRE_MESSAGE(o.exit_code == 0, describe(o));
    const auto rows = lines_of(read_file(tmp / "cov/coverage.csv"));
    REQUIRE(rows.size() == 5);  // header, 2 recoveries x 2 parameters
    CHECK(rows[0] == "recovery,parameter,truth,posterior_mean,q05,q25,q75,q95,inside_50,inside_90,rank");
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"1", "ae.base_rate_per_year"}, {"1", "gp.base_rate_per_year"}, {"2", "ae.base_rate_per_year"}, {"2", "gp.base_rate_per_year"}};
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto f = fields(rows[i]);
        CAPTURE(rows[i]);
        REQUIRE(f.size() == 11);
        CHECK(f[0] == expected[i - 1].first);
        CHECK(f[1] == expected[i - 1].second);
        const double q05 = std::stod(f[4]), q25 = std::stod(f[5]), q75 = std::stod(f[6]), q95 = std::stod(f[7]), truth = std::stod(f[2]);
        CHECK(q05 <= q25);
        CHECK(q25 <= q75);
        CHECK(q75 <= q95);
        CHECK(f[8] == (truth >= q25 && truth <= q75 ? "yes" : "no"));
        CHECK(f[9] == (truth >= q05 && truth <= q95 ? "yes" : "no"));
        CHECK(std::stoi(f[10]) >= 0);
        CHECK(std::stoi(f[10]) <= 99);
    }
    const auto summary = lines_of(read_file(tmp / "cov/coverage_summary.csv"));
    REQUIRE(summary.size() == 3);
    CHECK(summary[0].rfind("parameter,recoveries,inside_50,band_50_lower,band_50_upper,inside_90,band_90_lower,band_90_upper", 0) == 0);
    CHECK(fields(summary[1])[1] == "2");
    CHECK(fs::exists(tmp / "cov/manifest.json"));
    CHECK(o.out.find("inside 90% (band)") != std::string::npos);  // the table per parameter
    CHECK(o.err.find("recovery 2/2:") != std::string::npos);        // a line of progress per recovery
}

TEST_CASE("cli calibrate: bad config or targets exit with code 2 naming file and line") {
    TempDir tmp;
    tmp.write("targets.csv", "metric,group_by,group,first_week,last_week,value,sd\ngp_requests,all,al,0,25,1,1\n");
    const auto config = tmp.write("bad.toml", "scenario = \"" + (kSourceDir / "scenarios/tests/small.toml").string() +
                                                   "\"\ntargets = \"targets.csv\"\nparticles = 3\n[parameters.\"gp.base_rate_per_year\"]\n");
    const auto o = calibrate(tmp, config, "bad");
    CHECK(o.exit_code == 2);
    CHECK(o.err.find("bad.toml:3: particles: unknown key") != std::string::npos);
    CHECK(o.err.find("targets.csv:2: group: 'al' is not a group of all") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "bad"));
    const auto missing = calibrate(tmp, tmp / "none.toml", "none");
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("none.toml: file not found") != std::string::npos);
}
