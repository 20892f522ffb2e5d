// `pcnsim threshold` and `pcnsim tornado` end to end on the small coaching scenario: the break-even
// re-run at its root, "not reached", the two-way grid, bad input, Ctrl-C, and a tornado of three
// parameters.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "cli_helpers.hpp"

using namespace pcnsim_cli_test;

namespace {


// Row `k` of a CSV (1 = the first after the header), by column name.
std::map<std::string, std::string> row_of(const fs::path& file, std::size_t k) {
    const auto lines = lines_of(read_file(file));
    REQUIRE(lines.size() > k);
    const auto header = fields(lines.front()), values = fields(lines[k]);
    REQUIRE(header.size() == values.size());
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < header.size(); ++c) row[header[c]] = values[c];
    return row;
}

// pcnsim threshold on the small coaching scenario: ROI, 3 replications, unless `extra` says otherwise.
Outcome threshold(const TempDir& tmp, const std::vector<std::string>& extra) {
    std::vector<std::string> args{"threshold", kSmallCoaching.string(), "--quiet"};
    const auto given = [&extra](const char* flag) { return std::find(extra.begin(), extra.end(), flag) != extra.end(); };
    if (!given("--measure")) args.insert(args.end(), {"--measure", "roi_economic_nhs"});
    if (!given("--replications")) args.insert(args.end(), {"--replications", "3"});
    args.insert(args.end(), extra.begin(), extra.end());
    return run_pcnsim(tmp, args);
}

}  // namespace

TEST_CASE("cli: threshold finds the break-even and a run at the root has the target within its 95% band") {
    // ROI rises with the causal share from 0 (no causal effect: no savings) at 0; 0.2 lies between
    // its values at the range's ends.
    TempDir tmp;
    const std::string target = "0.2";
    const auto r = threshold(tmp, {"--parameter", kCausal, "--target", target, "--out", (tmp / "t").string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    auto row = row_of(tmp / "t" / "threshold.csv", 1);
    CHECK(row["parameter"] == kCausal);
    CHECK(row["given"].empty());
    CHECK(row["measure"] == "roi_economic_nhs");
    CHECK(row["range_low"] == "0");
    CHECK(row["range_high"] == "1");
    REQUIRE_MESSAGE(!row["root"].empty(), read_file(tmp / "t" / "threshold.csv"));
    const double root = std::stod(row["root"]);
    CHECK((row["interval_low"].empty() || std::stod(row["interval_low"]) <= root));  // empty: below the range
    CHECK((row["interval_high"].empty() || root <= std::stod(row["interval_high"])));
    CHECK(row["status"].rfind("reached; 95% interval", 0) == 0);
    CHECK_MESSAGE(r.out.find("roi_economic_nhs = 0.2 at " + kCausal + " = ") != std::string::npos, r.out);
    // Every run is in threshold_runs.csv, and the manifest records the search.
    CHECK(lines_of(read_file(tmp / "t" / "threshold_runs.csv")).size() == 1 + std::stoul(row["evaluations"]));
    const auto manifest = read_file(tmp / "t" / "manifest.json");
    CHECK(manifest.find("\"threshold\"") != std::string::npos);
    CHECK(manifest.find("\"tolerance\"") != std::string::npos);
    // The same seed and replications at the root: the target lies within the measure's 95% band.
    const auto rerun = run_pcnsim(tmp, {"run", kSmallCoaching.string(), "--set", kCausal + "=" + row["root"], "--replications", "3",
                                        "--quiet", "--out", (tmp / "r").string()});
    REQUIRE_MESSAGE(rerun.exit_code == 0, describe(rerun));
    bool seen = false;
    for (const auto& line : lines_of(read_file(tmp / "r" / "economics.csv"))) {
        const auto f = fields(line);  // scenario,measure,group_by,group,value,p2_5,median,p97_5,unit
        if (f.size() != 9 || f[1] != "roi_economic_nhs" || f[2] != "all") continue;
        seen = true;
        CAPTURE(line);
        CHECK(std::stod(f[5]) <= std::stod(target));
        CHECK(std::stod(target) <= std::stod(f[7]));
    }
    CHECK(seen);
}

TEST_CASE("cli: threshold says when the target is not reached within the parameter's range") {
    TempDir tmp;
    const auto r = threshold(tmp, {"--parameter", kGain, "--target", "100", "--out", (tmp / "t").string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    CHECK_MESSAGE(r.out.find("not reached within the parameter's range [0, 10]: the measure goes from ") != std::string::npos, r.out);
    auto row = row_of(tmp / "t" / "threshold.csv", 1);
    CHECK(row["root"].empty());
    CHECK(row["evaluations"] == "2");  // the two ends of the range only
    CHECK(row["status"].rfind("not reached within the parameter's range [0, 10]", 0) == 0);
    // --range searches inside the declared range.
    const auto ranged = threshold(tmp, {"--parameter", kGain, "--target", "100", "--range", "2", "3", "--out", (tmp / "u").string()});
    REQUIRE_MESSAGE(ranged.exit_code == 0, describe(ranged));
    CHECK(row_of(tmp / "u" / "threshold.csv", 1)["range_low"] == "2");
}

TEST_CASE("cli: threshold with two parameters writes the grid and the break-even of the second at each value of the first") {
    TempDir tmp;
    const auto r = threshold(tmp, {"--parameter", kGain, "--parameter", kCausal, "--points", "3", "--range", "0", "10", "--range", "0", "1",
                                   "--target", "0.2", "--replications", "2", "--out", (tmp / "t").string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    const auto grid = lines_of(read_file(tmp / "t" / "threshold_grid.csv"));
    REQUIRE(grid.size() == 1 + 3 * 3);
    CHECK(grid.front() == "parameter_1,value_1,parameter_2,value_2,measure,mean,p2_5,p97_5");
    CHECK(fields(grid[1])[1] == "0");
    CHECK(fields(grid[1])[3] == "0");
    CHECK(fields(grid[2])[3] == "0.5");
    CHECK(fields(grid[4])[1] == "5");
    const auto rows = lines_of(read_file(tmp / "t" / "threshold.csv"));
    REQUIRE(rows.size() == 1 + 3);
    CHECK(row_of(tmp / "t" / "threshold.csv", 1)["given"] == kGain + "=0");
    CHECK(row_of(tmp / "t" / "threshold.csv", 3)["parameter"] == kCausal);
    CHECK(row_of(tmp / "t" / "threshold.csv", 3)["evaluations"] == "3");
    CHECK(lines_of(r.out).size() == 3 + 1);  // one answer per value of the first parameter, then where the outputs are
}

TEST_CASE("cli: threshold refuses bad input with exit code 2 and writes nothing") {
    TempDir tmp;
    const auto out = (tmp / "t").string();
    const auto refused = [&](const std::vector<std::string>& extra, const std::string& expected) {
        auto args = extra;
        args.insert(args.end(), {"--out", out});
        const auto r = threshold(tmp, args);
        CHECK_MESSAGE(r.exit_code == 2, describe(r));
        CHECK_MESSAGE(r.err.find(expected) != std::string::npos, describe(r));
        CHECK(!fs::exists(out));
    };
    refused({"--parameter", "activation.coaching_gain_completer"}, "did you mean 'activation.coaching_gain_completers'");
    refused({"--parameter", kGain, "--measure", "roii"}, "--measure: roii: unknown measure; expected one of");
    refused({"--parameter", kGain, "--target", "one"}, "--target: one: not a number");
    refused({"--parameter", "activation.level_share_1"}, "must sum to 1");
    refused({"--parameter", kGain, "--range", "5", "11"}, "expected LO < HI within the parameter's declared range [0, 10]");
    refused({"--parameter", kGain, "--range", "5", "4"}, "expected LO < HI");
    refused({"--parameter", kGain, "--parameter", kCausal, "--range", "0", "1"}, "give LO HI once for each --parameter");
    refused({"--parameter", kGain, "--parameter", kGain}, "a grid needs two different parameters");
    refused({"--parameter", kGain, "--set", "activation.causal_share=2"}, "activation.causal_share");
}

TEST_CASE("cli: Ctrl-C stops threshold with exit code 130 and writes nothing") {
    TempDir tmp;
    const fs::path out = tmp / "t";
    const auto [code, err] = interrupt_run(tmp, {"threshold", (kSourceDir / "scenarios/staffing/2-wte.toml").string(), "--parameter", kGain,
                                                 "--measure", "roi_economic_nhs", "--replications", "20", "--threads", "2", "--out", out.string()});
    CHECK_MESSAGE(code == 130, "exit code ", code, "; stderr:\n", err);
    CHECK_MESSAGE(err.find("interrupted: stopped cleanly, no output written") != std::string::npos, err);
    CHECK(!fs::exists(out));
}

TEST_CASE("cli: tornado of three parameters writes tornado.csv sorted by swing and prints the top") {
    TempDir tmp;
    const auto r =
        run_pcnsim(tmp, {"tornado", kSmallCoaching.string(), "--measure", "net_benefit_economic_nhs", "--replications", "2", "--parameters",
                         kGain + "," + kCausal + ",activation.durable_share", "--quiet", "--top", "2", "--out", (tmp / "t").string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    const auto lines = lines_of(read_file(tmp / "t" / "tornado.csv"));
    REQUIRE(lines.size() == 1 + 3);
    double previous = 1e300;
    for (std::size_t k = 1; k <= 3; ++k) {
        auto row = row_of(tmp / "t" / "tornado.csv", k);
        CHECK(row["rank"] == std::to_string(k));
        CHECK(row["measure"] == "net_benefit_economic_nhs");
        const double swing = std::stod(row["swing"]);
        CHECK(swing <= previous);
        previous = swing;
        CHECK(std::stod(row["low_value"]) < std::stod(row["high_value"]));
        CHECK(row["base"] == row_of(tmp / "t" / "tornado.csv", 1)["base"]);
    }
    // The gain's 5th and 95th percentiles of Uniform(0, 10).
    bool gain_seen = false;
    for (std::size_t k = 1; k <= 3; ++k) {
        auto row = row_of(tmp / "t" / "tornado.csv", k);
        if (row["parameter"] != kGain) continue;
        gain_seen = true;
        CHECK(std::stod(row["low_value"]) == doctest::Approx(0.5));
        CHECK(std::stod(row["high_value"]) == doctest::Approx(9.5));
    }
    CHECK(gain_seen);
    CHECK(r.out.find("Tornado of net_benefit_economic_nhs for small-coaching") != std::string::npos);
    CHECK(count_of(r.out, "activation.") == 2);  // --top 2
    CHECK(fs::exists(tmp / "t" / "manifest.json"));
    const auto fixed = run_pcnsim(tmp, {"tornado", kSmallCoaching.string(), "--measure", "net_benefit_economic_nhs", "--parameters",
                                        "activation.level_share_1", "--out", (tmp / "u").string()});
    CHECK(fixed.exit_code == 2);
    CHECK(fixed.err.find("fixed prior") != std::string::npos);
}
