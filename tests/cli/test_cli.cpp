// End-to-end tests of the pcnsim command line: they run the real binary (PCNSIM_BINARY) on the
// small scenarios in scenarios/tests/ and on bad scenarios written to a temporary folder, and check
// exit codes, messages and the files written. Every test finishes in well under a second in a
// Release build except the Ctrl-C test (about a second).
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "pcnsim_version.hpp"
#include "sim/output/metrics.hpp"
#include "sim/stats/descriptive.hpp"
#include "sim/scenario/parameters.hpp"
#include "cli_helpers.hpp"

using namespace pcnsim_cli_test;

namespace {

using Strings = std::vector<std::string>;

std::vector<std::string> csv_fields(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
        const auto comma = line.find(',', start);
        fields.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) return fields;
        start = comma + 1;
    }
}

// The `total` of a summary.csv row, or "" when there is no such row.
std::string summary_total(const std::string& summary, const std::string& metric, const std::string& group_by,
                          const std::string& group, const std::string& arm = "scenario") {
    for (const auto& line : lines_of(summary)) {
        const auto f = csv_fields(line);
        if (f.size() == 10 && f[1] == arm && f[2] == metric && f[3] == group_by && f[4] == group) return f[5];
    }
    return "";
}

std::vector<std::string> files_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// The problem lines of a report (everything but the closing "N problem(s) found").
std::vector<std::string> problem_lines(const std::string& err) {
    auto lines = lines_of(err);
    if (!lines.empty() && lines.back().find("problem(s) found") != std::string::npos) lines.pop_back();
    return lines;
}

bool has_line(const std::string& err, const std::string& starts_with, const std::string& contains) {
    for (const auto& line : lines_of(err))
        if (line.rfind(starts_with, 0) == 0 && line.find(contains) != std::string::npos) return true;
    return false;
}

// Bad input must be refused the same way by `check` and by `run`: exit code 2, nothing on stdout,
// the same report on stderr, and no output folder. Returns the `check` outcome.
Outcome expect_bad_input(const TempDir& tmp, const fs::path& scenario, const Strings& extra = {}) {
    Strings check_args{"check", scenario.string()};
    check_args.insert(check_args.end(), extra.begin(), extra.end());
    const auto check = run_pcnsim(tmp, check_args);
    CHECK_MESSAGE(check.exit_code == 2, describe(check));
    CHECK_MESSAGE(check.out.empty(), describe(check));
    CHECK_MESSAGE(!check.signalled, describe(check));

    const fs::path out = tmp / "should-not-exist";
    Strings run_args{"run", scenario.string(), "--quiet", "--out", out.string()};
    run_args.insert(run_args.end(), extra.begin(), extra.end());
    const auto run = run_pcnsim(tmp, run_args);
    CHECK_MESSAGE(run.exit_code == 2, describe(run));
    CHECK_MESSAGE(run.err == check.err, describe(run));
    CHECK_MESSAGE(!fs::exists(out), describe(run));
    return check;
}

void check_problem_count(const Outcome& o, std::size_t n) {
    CHECK_MESSAGE(problem_lines(o.err).size() == n, describe(o));
    CHECK_MESSAGE(o.err.find(fmt::format("\n{} problem(s) found\n", n)) != std::string::npos, describe(o));
}

std::string toml_string(const fs::path& p) { return fmt::format("\"{}\"", p.string()); }

}  // namespace

// --- 1. run writes its three files -----------------------------------------------------------

TEST_CASE("cli: run writes timeseries.csv, summary.csv, economics.csv and manifest.json") {
    TempDir tmp;
    const fs::path out = tmp / "out";
    const auto r = run_pcnsim(tmp, {"run", kSmall.string(), "--seed", "7", "--threads", "2", "--out", out.string(),
                                    "--set", "activation.causal_share=0.25"});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    CHECK_MESSAGE(r.err.empty(), describe(r));  // no progress bar when stderr is not a terminal
    CHECK_MESSAGE(r.out.find("small — 3000 patients in 2 practices, 26 weeks after 13 weeks' warm-up, 1 replication(s), seed 7\n") !=
                      std::string::npos,
                  describe(r));
    CHECK_MESSAGE(r.out.find(fmt::format("outputs: {}/ (timeseries.csv, summary.csv, economics.csv, net_benefit_by_week.csv, activity_by_week.csv, ceac.csv, manifest.json)", out.string())) !=
                      std::string::npos,
                  describe(r));

    // Exactly the four files, and no temporary folder next to them.
    CHECK(files_in(out) == Strings{"activity_by_week.csv", "ceac.csv", "economics.csv", "manifest.json", "net_benefit_by_week.csv", "summary.csv", "timeseries.csv"});
    CHECK(tmp.entries() == Strings{"out"});

    SUBCASE("summary.csv") {
        const auto lines = lines_of(read_file(out / "summary.csv"));
        REQUIRE(lines.size() > 1);
        CHECK(lines.front() == "scenario,arm,metric,group_by,group,total,per_1000_per_year,total_p2_5,total_median,total_p97_5");
        std::set<std::string> metrics, arms;
        for (std::size_t i = 1; i < lines.size(); ++i) {
            const auto f = csv_fields(lines[i]);
            REQUIRE_MESSAGE(f.size() == 10, lines[i]);
            CHECK(f[0] == "small");
            arms.insert(f[1]);
            metrics.insert(f[2]);
            CHECK(f[7] == f[5]);  // one replication: every percentile is the total
            CHECK(f[8] == f[5]);
            CHECK(f[9] == f[5]);
        }
        CHECK(arms == std::set<std::string>{"scenario", "counterfactual", "difference"});
        // Every catalogue metric has a whole-PCN row in each arm.
        for (const auto& m : pcnsim::metric_catalogue())
            for (const char* arm : {"scenario", "counterfactual", "difference"})
                CHECK_MESSAGE(!summary_total(read_file(out / "summary.csv"), std::string(m.name), "all", "all", arm).empty(), m.name);
        CHECK(metrics.size() == pcnsim::metric_catalogue().size());
        CHECK(summary_total(read_file(out / "summary.csv"), "population", "all", "all") == "3000");
        CHECK(summary_total(read_file(out / "summary.csv"), "population", "all", "all", "counterfactual") == "3000");
        CHECK(summary_total(read_file(out / "summary.csv"), "population", "all", "all", "difference") == "0");
    }

    SUBCASE("timeseries.csv") {
        const auto lines = lines_of(read_file(out / "timeseries.csv"));
        REQUIRE(lines.size() > 1);
        CHECK(lines.front() == "scenario,arm,replication,week,metric,group_by,group,value");
        std::set<std::string> weeks, metrics, arms;
        for (std::size_t i = 1; i < lines.size(); ++i) {
            const auto f = csv_fields(lines[i]);
            REQUIRE_MESSAGE(f.size() == 8, lines[i]);
            CHECK(f[0] == "small");
            arms.insert(f[1]);
            CHECK(f[2] == "0");
            weeks.insert(f[3]);
            metrics.insert(f[4]);
        }
        CHECK(arms == std::set<std::string>{"scenario", "counterfactual", "difference"});
        CHECK(weeks.size() == 26);  // reported weeks only, numbered 0 to 25
        CHECK(weeks.count("0") == 1);
        CHECK(weeks.count("25") == 1);
        CHECK(metrics.size() == pcnsim::metric_catalogue().size());
    }

    SUBCASE("manifest.json") {
        nlohmann::json m;
        REQUIRE_NOTHROW(m = nlohmann::json::parse(read_file(out / "manifest.json")));
        CHECK(m.at("pcnsim_version").get<std::string>() == pcnsim::version);
        CHECK(m.at("git_commit").get<std::string>() == pcnsim::git_commit);
        CHECK(!m.at("git_commit").get<std::string>().empty());
        CHECK(m.at("completed").get<bool>() == true);
        CHECK(m.at("run").at("seed").get<std::uint64_t>() == 7);
        CHECK(m.at("run").at("threads").get<int>() == 2);
        CHECK(m.at("run").at("weeks").get<int>() == 26);
        CHECK(m.at("run").at("warmup_weeks").get<int>() == 13);
        CHECK(m.at("run").at("replications").get<int>() == 1);
        CHECK(m.at("gp_capacity_unlimited").get<bool>() == false);
        CHECK(m.at("population").at("agents").get<int>() == 3000);
        CHECK(m.at("population").at("practices").get<Strings>() == Strings{"SYN1", "SYN2"});
        const auto command = m.at("command").get<std::string>();
        CHECK(command.find("run ") != std::string::npos);
        CHECK(command.find("--seed 7") != std::string::npos);

        // The scenario: the extends chain, root first, and every file's text verbatim.
        const std::string baseline_shown = (kSmall.parent_path() / "../baseline.toml").lexically_normal().string();
        CHECK(m.at("scenario").at("name").get<std::string>() == "small");
        CHECK(m.at("scenario").at("files").get<Strings>() == Strings{baseline_shown, kSmall.string()});
        const std::string expected_text = fmt::format("# --- {} ---\n{}\n# --- {} ---\n{}\n", baseline_shown,
                                                      read_file(kBaseline), kSmall.string(), read_file(kSmall));
        CHECK(m.at("scenario").at("text").get<std::string>() == expected_text);

        // Every declared parameter, at its default except the one set on the command line.
        const auto& params = m.at("parameters");
        CHECK(params.size() == pcnsim::parameter_declarations().size());
        for (const auto& d : pcnsim::parameter_declarations()) {
            const std::string name(d.name);
            REQUIRE_MESSAGE(params.contains(name), name);
            CHECK_MESSAGE(params.at(name).at("default").get<double>() == d.default_value, name);
            CHECK_MESSAGE(params.at(name).at("unit").get<std::string>() == d.unit, name);
            // The declaration as this program had it, for a later report of this folder.
            CHECK_MESSAGE(params.at(name).at("min").get<double>() == d.min, name);
            CHECK_MESSAGE(params.at(name).at("max").get<double>() == d.max, name);
            CHECK_MESSAGE(params.at(name).at("prior").get<std::string>() == d.prior.describe(), name);
            CHECK_MESSAGE(params.at(name).at("source").get<std::string>() == d.source, name);
            const double expected = name == "activation.causal_share" ? 0.25 : d.default_value;
            CHECK_MESSAGE(params.at(name).at("value").get<double>() == expected, name);
        }

        // Overrides say where each value was set; command-line flags are recorded as --set.
        std::set<std::pair<std::string, std::string>> overrides;
        for (const auto& o : m.at("overrides")) overrides.emplace(o.at("key").get<std::string>(), o.at("set_in").get<std::string>());
        CHECK(overrides.count({"activation.causal_share", "--set activation.causal_share=0.25"}) == 1);
        CHECK(overrides.count({"run.seed", "--set run.seed=7"}) == 1);
        CHECK(overrides.count({"population.list_size", kSmall.string()}) == 1);
    }
}

TEST_CASE("cli: run without --out writes out/<scenario name> in the working folder") {
    TempDir tmp;
    const auto r = run_pcnsim(tmp, {"run", kSmall.string(), "--quiet", "--weeks", "2"});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    CHECK(tmp.entries() == Strings{"out"});
    CHECK(files_in(tmp / "out") == Strings{"small"});
    CHECK(files_in(tmp / "out/small") == Strings{"activity_by_week.csv", "ceac.csv", "economics.csv", "manifest.json", "net_benefit_by_week.csv", "summary.csv", "timeseries.csv"});
    CHECK_MESSAGE(r.out.rfind("\noutputs: out/small/ (timeseries.csv, summary.csv, economics.csv, net_benefit_by_week.csv, activity_by_week.csv, ceac.csv, manifest.json)  wall time ", 0) == 0, describe(r));
}

TEST_CASE("cli: run --timeseries-bands gives per week the mean and type-7 percentiles of the per-replication rows") {
    TempDir tmp;
    constexpr std::size_t kReplications = 4;
    const auto run = [&](const std::string& name, const Strings& extra) {
        Strings args{"run", kSmall.string(), "--seed", "3", "--weeks", "6", "--replications", std::to_string(kReplications), "--quiet",
                     "--out", (tmp / name).string()};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = run_pcnsim(tmp, args);
        REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
        return lines_of(read_file(tmp / name / "timeseries.csv"));
    };
    const auto per_run = run("runs", {});
    const auto bands = run("bands", {"--timeseries-bands"});
    REQUIRE(per_run.size() > 1);
    REQUIRE(bands.size() > 1);
    CHECK(bands.front() == "scenario,arm,week,metric,group_by,group,mean,p2_5,p25,median,p75,p97_5");
    CHECK(bands.size() - 1 == (per_run.size() - 1) / kReplications);  // one row per (arm, week, metric, group)

    // Same seed: the band file summarises exactly these per-replication values.
    std::map<std::string, std::vector<double>> values;  // "arm,week,metric,group_by,group" -> one value per replication
    for (std::size_t i = 1; i < per_run.size(); ++i) {
        const auto f = csv_fields(per_run[i]);
        REQUIRE_MESSAGE(f.size() == 8, per_run[i]);
        values[fmt::format("{},{},{},{},{}", f[1], f[3], f[4], f[5], f[6])].push_back(std::stod(f[7]));
    }
    bool gp_spread = false;  // replications differ, so the percentiles are not trivially equal
    for (std::size_t i = 1; i < bands.size(); ++i) {
        const auto f = csv_fields(bands[i]);
        REQUIRE_MESSAGE(f.size() == 12, bands[i]);
        CHECK(f[0] == "small");
        const auto& v = values[fmt::format("{},{},{},{},{}", f[1], f[2], f[3], f[4], f[5])];
        REQUIRE_MESSAGE(v.size() == kReplications, bands[i]);
        const double mean = std::accumulate(v.begin(), v.end(), 0.0) / kReplications;
        const double p2_5 = std::stod(f[7]), p25 = std::stod(f[8]), median = std::stod(f[9]), p75 = std::stod(f[10]),
                     p97_5 = std::stod(f[11]);
        CAPTURE(bands[i]);
        // Both files print shortest round-trip doubles, so only the order of summation may differ.
        CHECK(std::stod(f[6]) == doctest::Approx(mean).epsilon(1e-12));
        CHECK(p2_5 == doctest::Approx(pcnsim::quantile(v, 0.025)).epsilon(1e-12));
        CHECK(median == doctest::Approx(pcnsim::quantile(v, 0.5)).epsilon(1e-12));
        CHECK(p97_5 == doctest::Approx(pcnsim::quantile(v, 0.975)).epsilon(1e-12));
        CHECK(p25 == doctest::Approx(pcnsim::quantile(v, 0.25)).epsilon(1e-12));
        CHECK(p75 == doctest::Approx(pcnsim::quantile(v, 0.75)).epsilon(1e-12));
        CHECK(p2_5 <= p25);
        CHECK(p25 <= median);
        CHECK(median <= p75);
        CHECK(p75 <= p97_5);
        if (f[1] == "scenario" && f[3] == "gp_appointments" && f[4] == "all") gp_spread |= p2_5 < p97_5;
    }
    CHECK(gp_spread);
}

// --- 2. determinism --------------------------------------------------------------------------

namespace {

struct Files {
    std::string timeseries, summary;
    nlohmann::json manifest;
};

// Compares without handing doctest the (large) texts themselves: on failure only the first
// differing line is printed.
void check_same(const std::string& a, const std::string& b, const std::string& what) {
    const bool same = a == b;
    CHECK_MESSAGE(same, what, " differ: ", first_difference(a, b));
}

// 1, 2 and 8 threads give byte-identical files; the same seed twice gives identical files; another
// seed gives a different time series.
void check_determinism(const fs::path& scenario, bool unlimited) {
    TempDir tmp;
    const std::string setting = fmt::format("gp_workforce.unlimited={}", unlimited);
    const auto run = [&](const std::string& name, const std::string& threads, const std::string& seed) {
        const fs::path out = tmp / name;
        const auto r = run_pcnsim(tmp, {"run", scenario.string(), "--quiet", "--threads", threads, "--seed", seed, "--set",
                                        setting, "--out", out.string()});
        REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
        return Files{read_file(out / "timeseries.csv"), read_file(out / "summary.csv"),
                     nlohmann::json::parse(read_file(out / "manifest.json"))};
    };
    const auto t1 = run("threads-1", "1", "11");
    const auto t2 = run("threads-2", "2", "11");
    const auto t8 = run("threads-8", "8", "11");
    const auto again = run("threads-2-again", "2", "11");
    const auto other = run("other-seed", "2", "12");

    REQUIRE(lines_of(t1.timeseries).size() > 1000);
    CHECK(t1.manifest.at("run").at("threads").get<int>() == 1);
    CHECK(t8.manifest.at("run").at("threads").get<int>() == 8);
    check_same(t1.timeseries, t2.timeseries, "timeseries.csv, 1 vs 2 threads");
    check_same(t1.timeseries, t8.timeseries, "timeseries.csv, 1 vs 8 threads");
    check_same(t1.summary, t2.summary, "summary.csv, 1 vs 2 threads");
    check_same(t1.summary, t8.summary, "summary.csv, 1 vs 8 threads");
    check_same(t2.timeseries, again.timeseries, "timeseries.csv, same seed twice");
    check_same(t2.summary, again.summary, "summary.csv, same seed twice");
    const bool seeds_differ = t2.timeseries != other.timeseries;
    CHECK_MESSAGE(seeds_differ, "seeds 11 and 12 gave the same timeseries.csv");

    // The workforce setting took effect: with unlimited GP capacity no request goes unmet.
    CHECK(t1.manifest.at("gp_capacity_unlimited").get<bool>() == unlimited);
    const std::string unmet = summary_total(t1.summary, "gp_unmet", "all", "all");
    REQUIRE(!unmet.empty());
    if (unlimited) {
        CHECK(unmet == "0");
    } else {
        CHECK(std::stod(unmet) > 0);
    }
}

}  // namespace

TEST_CASE("cli: determinism across threads and seeds, synthetic population, GP capacity limited") {
    check_determinism(kSmall, false);
}

TEST_CASE("cli: determinism across threads and seeds, synthetic population, GP capacity unlimited") {
    check_determinism(kSmall, true);
}

TEST_CASE("cli: determinism across threads and seeds, practice files, GP capacity limited") {
    check_determinism(kSmallFiles, false);
}

TEST_CASE("cli: determinism across threads and seeds, practice files, GP capacity unlimited") {
    check_determinism(kSmallFiles, true);
}

TEST_CASE("cli: determinism across threads and seeds, coaching pathway") {
    check_determinism(kSourceDir / "scenarios/tests/small-coaching.toml", false);
}

TEST_CASE("cli: determinism across threads and seeds, social network with groups, buddies and spill-over") {
    check_determinism(kSourceDir / "scenarios/tests/small-network.toml", false);
}

// --- 3. bad input: exit code 2, file:line: key: message -------------------------------------

// A scenario extending the small one with `body` after the extends line must give exactly one
// problem, on `line`, for `key`, with `message`.
void check_single_problem(const std::string& name, const std::string& body, int line, const std::string& key,
                          const std::string& message) {
    TempDir tmp;
    const auto file = tmp.write(name, fmt::format("extends = {}\n{}", toml_string(kSmall), body));
    const auto o = expect_bad_input(tmp, file);
    check_problem_count(o, 1);
    CHECK_MESSAGE(has_line(o.err, fmt::format("{}:{}: {}: ", file.string(), line, key), message), describe(o));
}

TEST_CASE("cli: an unknown key is reported with file, line, key and a suggestion") {
    check_single_problem("typo.toml", "\n[run]\nweeks = 10\nweeeks = 10\n", 5, "run.weeeks",
                         "unknown key; did you mean 'run.weeks'?");
}

TEST_CASE("cli: an unknown parameter name is reported with a suggestion") {
    check_single_problem("param-typo.toml", "[parameters]\nactivation.causal_share = 0.4\ngp.base_rate_per_yr = 5.5\n", 4,
                         "gp.base_rate_per_yr", "did you mean 'gp.base_rate_per_year'?");
}

TEST_CASE("cli: a value of the wrong type is reported") {
    check_single_problem("type.toml", "[run]\nweeks = \"ten\"\n", 3, "run.weeks", "expected an integer, got a string");
}

TEST_CASE("cli: a parameter outside its declared range is reported") {
    const int index = pcnsim::Parameters::index_of("activation.causal_share");
    REQUIRE(index >= 0);
    const auto& decl = pcnsim::parameter_declarations()[static_cast<std::size_t>(index)];
    REQUIRE(decl.max < 1.5);
    check_single_problem("range.toml", "[parameters]\nactivation.causal_share = 1.5\n", 3, "activation.causal_share",
                         fmt::format("1.5 is out of range [{:g}, {:g}]", decl.min, decl.max));
}

TEST_CASE("cli: a missing extends file is reported") {
    TempDir tmp;
    const auto file = tmp.write("orphan.toml", "# extends a file that is not there\nextends = \"nope.toml\"\n");
    const auto o = expect_bad_input(tmp, file);
    check_problem_count(o, 1);
    CHECK_MESSAGE(has_line(o.err, file.string() + ":2: extends: ", "file not found: " + (tmp / "nope.toml").string()), describe(o));
}

TEST_CASE("cli: a missing population file is reported") {
    TempDir tmp;
    const auto file = tmp.write("no-register.toml", fmt::format("extends = {}\n[population]\nregistered_patients = \"missing-register.csv\"\n",
                                                                toml_string(kSmallFiles)));
    const auto o = expect_bad_input(tmp, file);
    check_problem_count(o, 1);
    CHECK_MESSAGE(has_line(o.err, file.string() + ":3: population.registered_patients: ",
                           "file not found: " + (tmp / "missing-register.csv").string()),
                  describe(o));
}

TEST_CASE("cli: every problem in a file is reported, not just the first") {
    TempDir tmp;
    const auto file = tmp.write("many.toml", fmt::format("extends = {}\n"
                                                         "[run]\n"
                                                         "weeeks = 10\n"            // line 3
                                                         "replications = \"two\"\n"  // line 4
                                                         "[population]\n"
                                                         "practices = 0\n"  // line 6
                                                         "[parameters]\n"
                                                         "activation.causal_share = 1.5\n"  // line 8
                                                         "gp.base_rate_per_yr = 5.5\n",     // line 9
                                                         toml_string(kSmall)));
    const auto o = expect_bad_input(tmp, file);
    check_problem_count(o, 5);
    const std::string f = file.string();
    CHECK_MESSAGE(has_line(o.err, f + ":3: run.weeeks: ", "did you mean 'run.weeks'?"), describe(o));
    CHECK_MESSAGE(has_line(o.err, f + ":4: run.replications: ", "expected an integer, got a string"), describe(o));
    CHECK_MESSAGE(has_line(o.err, f + ":6: population.practices: ", "0 is out of range"), describe(o));
    CHECK_MESSAGE(has_line(o.err, f + ":8: activation.causal_share: ", "1.5 is out of range"), describe(o));
    CHECK_MESSAGE(has_line(o.err, f + ":9: gp.base_rate_per_yr: ", "did you mean 'gp.base_rate_per_year'?"), describe(o));
}

TEST_CASE("cli: an extends cycle is reported") {
    TempDir tmp;
    SUBCASE("two files") {
        const auto a = tmp.write("a.toml", "extends = \"b.toml\"\n");
        const auto b = tmp.write("b.toml", "# b extends a, which extends b\nextends = \"a.toml\"\n");
        const auto o = expect_bad_input(tmp, a);
        check_problem_count(o, 1);
        CHECK_MESSAGE(has_line(o.err, b.string() + ":2: extends: ", "cycle: " + a.string()), describe(o));
    }
    SUBCASE("a file extending itself") {
        const auto self = tmp.write("self.toml", "name = \"self\"\nextends = \"self.toml\"\n");
        const auto o = expect_bad_input(tmp, self);
        check_problem_count(o, 1);
        CHECK_MESSAGE(has_line(o.err, self.string() + ":2: extends: ", "cycle"), describe(o));
    }
}

TEST_CASE("cli: malformed TOML is reported with file and line") {
    TempDir tmp;
    SUBCASE("in the scenario file") {
        const auto file = tmp.write("broken.toml", "name = \"broken\"\n[run\nweeks = 10\n");
        const auto o = expect_bad_input(tmp, file);
        check_problem_count(o, 1);
        CHECK_MESSAGE(has_line(o.err, file.string() + ":2: ", ""), describe(o));
    }
    SUBCASE("in a file it extends") {
        const auto parent = tmp.write("parent.toml", "[run]\nweeks = 10\nweeks = 11\n");
        const auto child = tmp.write("child.toml", "extends = \"parent.toml\"\n");
        const auto o = expect_bad_input(tmp, child);
        check_problem_count(o, 1);
        CHECK_MESSAGE(has_line(o.err, parent.string() + ":3: ", "weeks"), describe(o));
    }
}

TEST_CASE("cli: a bad --set is reported") {
    TempDir tmp;
    // One bad --set each: the flag, then the message expected after "--set <flag>".
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"run.weeeks=5", "run.weeeks: unknown key; did you mean 'run.weeks'?"},
        {"gp.base_rate_per_yr=5.5", "gp.base_rate_per_yr: unknown key; did you mean 'gp.base_rate_per_year'?"},
        {"run.weeks=ten", "run.weeks: expected an integer, got a string"},
        {"activation.causal_share=1.5", "activation.causal_share: 1.5 is out of range [0, 1]"},
        {"gp.base_rate_per_year=lots", "gp.base_rate_per_year: expected a number"},
    };
    for (const auto& [flag, message] : cases) {
        CAPTURE(flag);
        const auto o = expect_bad_input(tmp, kSmall, {"--set", flag});
        check_problem_count(o, 1);
        CHECK_MESSAGE(has_line(o.err, "--set " + flag, message), describe(o));
    }
    SUBCASE("no equals sign") {
        const auto o = expect_bad_input(tmp, kSmall, {"--set", "run.weeks"});
        check_problem_count(o, 1);
        CHECK_MESSAGE(has_line(o.err, "--set: run.weeks: ", "expected key=value"), describe(o));
    }
    SUBCASE("several at once, all reported") {
        const auto o = expect_bad_input(tmp, kSmall, {"--set", "run.weeks=0", "--set", "gp_workforce.unlimited=maybe"});
        check_problem_count(o, 2);
        CHECK_MESSAGE(has_line(o.err, "--set run.weeks=0", "run.weeks: 0 is out of range [1, 520]"), describe(o));
        CHECK_MESSAGE(has_line(o.err, "--set gp_workforce.unlimited=maybe", "gp_workforce.unlimited: expected true or false"),
                      describe(o));
    }
}

TEST_CASE("cli: an unknown command-line flag or bad flag value exits 2") {
    TempDir tmp;
    SUBCASE("unknown flag") {
        const auto r = run_pcnsim(tmp, {"run", kSmall.string(), "--bogus", "--out", (tmp / "out").string()});
        CHECK_MESSAGE(r.exit_code == 2, describe(r));
        CHECK_MESSAGE(r.err.find("--bogus") != std::string::npos, describe(r));
        CHECK_MESSAGE(r.err.find("Run 'pcnsim --help' for usage.") != std::string::npos, describe(r));
        CHECK(!fs::exists(tmp / "out"));
    }
    SUBCASE("flag value out of range") {
        const auto r = run_pcnsim(tmp, {"run", kSmall.string(), "--threads", "-1", "--out", (tmp / "out").string()});
        CHECK_MESSAGE(r.exit_code == 2, describe(r));
        CHECK_MESSAGE(r.err.find("--threads") != std::string::npos, describe(r));
        CHECK(!fs::exists(tmp / "out"));
    }
    SUBCASE("flag that belongs to another subcommand") {
        const auto r = run_pcnsim(tmp, {"check", kSmall.string(), "--seed", "3"});
        CHECK_MESSAGE(r.exit_code == 2, describe(r));
        CHECK_MESSAGE(r.err.find("--seed") != std::string::npos, describe(r));
    }
    SUBCASE("no subcommand") {
        const auto r = run_pcnsim(tmp, {});
        CHECK_MESSAGE(r.exit_code == 2, describe(r));
        CHECK_MESSAGE(r.err.find("A subcommand is required") != std::string::npos, describe(r));
    }
    SUBCASE("scenario file not found") {
        const auto r = run_pcnsim(tmp, {"check", (tmp / "absent.toml").string()});
        CHECK_MESSAGE(r.exit_code == 2, describe(r));
        CHECK_MESSAGE(has_line(r.err, (tmp / "absent.toml").string() + ": ", "file not found"), describe(r));
    }
}

TEST_CASE("cli: a practice code absent from the registered-patients file is named") {
    TempDir tmp;
    const auto file = tmp.write("absent-practice.toml", fmt::format("extends = {}\n[population]\norg_codes = [\"Z00003\", \"Z99999\"]\n",
                                                                    toml_string(kSmallFiles)));
    const auto o = expect_bad_input(tmp, file);
    check_problem_count(o, 1);
    CHECK_MESSAGE(has_line(o.err, "", "fictional-pcn-registered-patients.csv"), describe(o));
    CHECK_MESSAGE(has_line(o.err, "", "Z99999: practice not found"), describe(o));
}

// --- 4. the output folder --------------------------------------------------------------------

TEST_CASE("cli: an existing --out folder is refused without --force and replaced with it") {
    TempDir tmp;
    const fs::path out = tmp / "results";
    fs::create_directories(out);
    write_file(out / "keep.txt", "earlier results\n");

    const auto refused = run_pcnsim(tmp, {"run", kSmall.string(), "--quiet", "--out", out.string()});
    CHECK_MESSAGE(refused.exit_code == 2, describe(refused));
    CHECK_MESSAGE(refused.err.find(fmt::format("{}: output folder exists; use --force to replace it", out.string())) != std::string::npos,
                  describe(refused));
    CHECK(files_in(out) == Strings{"keep.txt"});
    CHECK(read_file(out / "keep.txt") == "earlier results\n");
    CHECK(tmp.entries() == Strings{"results"});

    // --force replaces only the files an earlier run wrote (listed in its manifest), never others.
    const auto not_ours = run_pcnsim(tmp, {"run", kSmall.string(), "--quiet", "--force", "--out", out.string()});
    CHECK_MESSAGE(not_ours.exit_code == 2, describe(not_ours));
    CHECK_MESSAGE(not_ours.err.find("holds 1 other file(s): keep.txt") != std::string::npos, describe(not_ours));
    CHECK(files_in(out) == Strings{"keep.txt"});
    write_file(out / "manifest.json", "{}\n");  // a manifest that lists nothing protects nothing
    CHECK(run_pcnsim(tmp, {"run", kSmall.string(), "--quiet", "--force", "--out", out.string()}).exit_code == 2);
    CHECK(read_file(out / "keep.txt") == "earlier results\n");

    write_file(out / "manifest.json", "{\"files\": [\"keep.txt\", \"manifest.json\"]}\n");
    const auto forced = run_pcnsim(tmp, {"run", kSmall.string(), "--quiet", "--force", "--out", out.string()});
    REQUIRE_MESSAGE(forced.exit_code == 0, describe(forced));
    CHECK(files_in(out) == Strings{"activity_by_week.csv", "ceac.csv", "economics.csv", "manifest.json", "net_benefit_by_week.csv", "summary.csv", "timeseries.csv"});
    CHECK(tmp.entries() == Strings{"results"});  // no .results.tmp-* left behind
}

TEST_CASE("cli: --out in a folder that does not exist yet creates it and leaves no temporary folder") {
    TempDir tmp;
    const fs::path out = tmp / "nested/deeper/run-1";
    const auto r = run_pcnsim(tmp, {"run", kSmall.string(), "--quiet", "--weeks", "2", "--out", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    CHECK(files_in(out) == Strings{"activity_by_week.csv", "ceac.csv", "economics.csv", "manifest.json", "net_benefit_by_week.csv", "summary.csv", "timeseries.csv"});
    CHECK(files_in(tmp / "nested/deeper") == Strings{"run-1"});
}

// Regression: a trailing slash once made the folder's parent look like the folder itself, so the
// run deleted the earlier results and wrote nothing.
TEST_CASE("cli: --out with a trailing slash behaves like the same folder without it") {
    TempDir tmp;
    const fs::path out = tmp / "results";
    const auto fresh = run_pcnsim(tmp, {"run", kSmall.string(), "--quiet", "--weeks", "2", "--out", out.string() + "/"});
    CHECK_MESSAGE(fresh.exit_code == 0, describe(fresh));
    CHECK(tmp.entries() == Strings{"results"});

    const auto forced = run_pcnsim(tmp, {"run", kSmall.string(), "--quiet", "--weeks", "2", "--force", "--out", out.string() + "/"});
    CHECK_MESSAGE(forced.exit_code == 0, describe(forced));
    CHECK(tmp.entries() == Strings{"results"});
    CHECK(files_in(out) == Strings{"activity_by_week.csv", "ceac.csv", "economics.csv", "manifest.json", "net_benefit_by_week.csv", "summary.csv", "timeseries.csv"});

    // A file of the user's in it: refused, and the earlier results left as they were.
    write_file(out / "keep.txt", "earlier results\n");
    const auto refused = run_pcnsim(tmp, {"run", kSmall.string(), "--quiet", "--weeks", "2", "--force", "--out", out.string() + "/"});
    CHECK_MESSAGE(refused.exit_code == 2, describe(refused));
    CHECK(tmp.entries() == Strings{"results"});
    CHECK(read_file(out / "keep.txt") == "earlier results\n");
}

// Regression: `--out . --force` once deleted everything in the working folder. It runs here in a
// throw-away subfolder.
TEST_CASE("cli: --out . --force refuses to delete the working folder") {
    TempDir tmp;
    const fs::path work = tmp / "work";
    fs::create_directories(work);
    write_file(work / "precious.txt", "not an output\n");
    const auto r = run_pcnsim(tmp, {"run", kSmall.string(), "--quiet", "--weeks", "2", "--force", "--out", "."}, work);
    CHECK_MESSAGE(r.exit_code != 0, describe(r));
    CHECK(fs::exists(work / "precious.txt"));
}

// --- 5. check, params, metrics, population ---------------------------------------------------

TEST_CASE("cli: check accepts a good scenario and says ok") {
    TempDir tmp;
    SUBCASE("synthetic") {
        const auto r = run_pcnsim(tmp, {"check", kSmall.string()});
        CHECK_MESSAGE(r.exit_code == 0, describe(r));
        CHECK(r.out == fmt::format("{}: ok — scenario 'small', 2 practices, 3000 patients\n", kSmall.string()));
        CHECK(r.err.empty());
    }
    SUBCASE("practice files, relative paths from the repository root") {
        // Z00003 (6,083 patients) and Z00005 (4,298), see scenarios/data/README.md.
        const auto r = run_pcnsim(tmp, {"check", "scenarios/tests/small-practice-files.toml"}, kSourceDir);
        CHECK_MESSAGE(r.exit_code == 0, describe(r));
        CHECK(r.out == "scenarios/tests/small-practice-files.toml: ok — scenario 'small-practice-files', 2 practices, 10381 patients\n");
    }
    SUBCASE("the bundled baseline") {
        const auto r = run_pcnsim(tmp, {"check", kBaseline.string()});
        CHECK_MESSAGE(r.exit_code == 0, describe(r));
        CHECK(r.out == fmt::format("{}: ok — scenario 'baseline', 6 practices, 45000 patients\n", kBaseline.string()));
    }
    CHECK(tmp.entries().empty());  // check writes nothing
}

TEST_CASE("cli: params lists every declared parameter") {
    TempDir tmp;
    const auto& decls = pcnsim::parameter_declarations();
    const auto r = run_pcnsim(tmp, {"params"});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == decls.size());
    for (std::size_t i = 0; i < decls.size(); ++i)
        CHECK_MESSAGE(lines[i].rfind(std::string(decls[i].name) + " ", 0) == 0, lines[i]);
    for (const char* name : {"gp.base_rate_per_year", "activation.causal_share"}) {
        const auto& d = decls[static_cast<std::size_t>(pcnsim::Parameters::index_of(name))];
        const auto line = std::find_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(std::string(name) + " ", 0) == 0; });
        REQUIRE(line != lines.end());
        CHECK_MESSAGE(line->find(fmt::format(" {:g}  [{:g} - {:g}]  {}", d.default_value, d.min, d.max, d.unit)) != std::string::npos, *line);
    }
    CHECK(r.out.find("gp.base_rate_per_year ") != std::string::npos);
    CHECK(r.out.find("activation.causal_share ") != std::string::npos);

    const auto md = run_pcnsim(tmp, {"params", "--markdown"});
    REQUIRE_MESSAGE(md.exit_code == 0, describe(md));
    const auto md_lines = lines_of(md.out);
    REQUIRE(md_lines.size() == decls.size() + 2);
    CHECK(md_lines[0] == "| name | unit | default | range | prior | source |");
    CHECK(md_lines[2].rfind(fmt::format("| `{}` |", decls[0].name), 0) == 0);
}

TEST_CASE("cli: metrics lists every catalogue metric") {
    TempDir tmp;
    const auto& catalogue = pcnsim::metric_catalogue();
    const auto r = run_pcnsim(tmp, {"metrics"});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == catalogue.size());
    for (std::size_t i = 0; i < catalogue.size(); ++i)
        CHECK_MESSAGE(lines[i].rfind(std::string(catalogue[i].name) + " ", 0) == 0, lines[i]);

    const auto md = run_pcnsim(tmp, {"metrics", "--markdown"});
    REQUIRE_MESSAGE(md.exit_code == 0, describe(md));
    const auto md_lines = lines_of(md.out);
    REQUIRE(md_lines.size() == catalogue.size() + 2);
    for (std::size_t i = 0; i < catalogue.size(); ++i)
        CHECK_MESSAGE(md_lines[i + 2].rfind(fmt::format("| `{}` |", catalogue[i].name), 0) == 0, md_lines[i + 2]);
}

namespace {

// The percentages on the line of `text` that contains `label`, after the label, e.g. the four
// shares of "PAM level mix (adults)  1: 30.0% 2: 17.1% 3: 24.7% 4: 28.2%".
std::vector<double> percentages_after(const std::string& line, const std::string& label) {
    std::vector<double> values;
    std::size_t pos = line.find(label);
    if (pos == std::string::npos) return values;
    pos += label.size();
    for (auto pct = line.find('%', pos); pct != std::string::npos; pct = line.find('%', pos)) {
        auto start = pct;
        while (start > pos && (std::isdigit(static_cast<unsigned char>(line[start - 1])) || line[start - 1] == '.')) --start;
        values.push_back(std::stod(line.substr(start, pct - start)));
        pos = pct + 1;
    }
    return values;
}

double sum_of(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s;
}

}  // namespace

TEST_CASE("cli: population describes each practice") {
    TempDir tmp;
    const auto r = run_pcnsim(tmp, {"population", kSmallFiles.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    CHECK(r.out.rfind("Population of scenario 'small-practice-files' (seed 20261123, replication 0)\n", 0) == 0);
    CHECK(r.out.find("\nPCN: 10381 patients, ") != std::string::npos);
    CHECK(r.out.find("\npractice Z00003: 6083 patients, ") != std::string::npos);
    CHECK(r.out.find("\npractice Z00005: 4298 patients, ") != std::string::npos);
    CHECK(r.out.find("\npractice Z00003: ") < r.out.find("\npractice Z00005: "));
    // One section each for the PCN and its two practices.
    CHECK(count_of(r.out, "  age band ") == 3);
    CHECK(count_of(r.out, "  IMD quintile (1 = most deprived) ") == 3);
    CHECK(count_of(r.out, "  PAM level mix (adults) ") == 3);
    CHECK(count_of(r.out, "  repeat medications (adults) ") == 3);
    for (const auto& line : lines_of(r.out)) {
        if (line.find("IMD quintile") != std::string::npos) {
            const auto v = percentages_after(line, "(1 = most deprived)");
            CHECK_MESSAGE(v.size() == 5, line);
            CHECK_MESSAGE(sum_of(v) == doctest::Approx(100).epsilon(0.005), line);
        }
        if (line.find("PAM level mix") != std::string::npos) {
            const auto v = percentages_after(line, "(adults)");
            CHECK_MESSAGE(v.size() == 4, line);
            CHECK_MESSAGE(sum_of(v) == doctest::Approx(100).epsilon(0.005), line);
        }
        if (line.find("repeat medications") != std::string::npos) {
            const auto v = percentages_after(line, "(adults)");
            CHECK_MESSAGE(v.size() == 3, line);
            CHECK_MESSAGE(sum_of(v) == doctest::Approx(100).epsilon(0.005), line);
        }
    }
    // Z00005 is the least deprived practice in the fictional data (scenarios/data/README.md).
    const auto z5 = r.out.substr(r.out.find("\npractice Z00005: "));
    const auto z5_imd = percentages_after(z5.substr(0, z5.find("conditions")), "(1 = most deprived)");
    REQUIRE(z5_imd.size() == 5);
    CHECK(z5_imd[4] > z5_imd[0]);

    const auto synthetic = run_pcnsim(tmp, {"population", kSmall.string(), "--seed", "7"});
    REQUIRE_MESSAGE(synthetic.exit_code == 0, describe(synthetic));
    CHECK(synthetic.out.rfind("Population of scenario 'small' (seed 7, replication 0)\n", 0) == 0);
    CHECK(synthetic.out.find("\nPCN: 3000 patients, ") != std::string::npos);
    CHECK(count_of(synthetic.out, "\npractice SYN") == 2);
}

TEST_CASE("cli: --version names the version and commit") {
    TempDir tmp;
    const auto r = run_pcnsim(tmp, {"--version"});
    CHECK_MESSAGE(r.exit_code == 0, describe(r));
    CHECK(r.out == fmt::format("pcnsim {} ({})\n", pcnsim::version, pcnsim::git_commit));
}

// --- 6. Ctrl-C -------------------------------------------------------------------------------

TEST_CASE("cli: Ctrl-C stops a run with exit code 130, writes no output and keeps the finished runs for --resume") {
    TempDir tmp;
    const fs::path out = tmp / "interrupted";
    // About 15 s of work in a Release build on two threads; it is interrupted long before the end.
    const auto [code, err] = interrupt_run(tmp, {"run", kBaseline.string(), "--replications", "20", "--threads", "2", "--out", out.string()});
    CHECK_MESSAGE(code == 130, "exit code ", code, "; stderr:\n", err);
    CHECK_MESSAGE(err.find("interrupted: stopped cleanly, no output written") != std::string::npos, err);
    CHECK_MESSAGE(err.find("--resume") != std::string::npos, err);
    CHECK(!fs::exists(out));
    // Neither the output folder nor a .interrupted.tmp-* folder: only the saved runs.
    CHECK(tmp.entries() == std::vector<std::string>{"interrupted.resume"});
    CHECK(files_in(tmp / "interrupted.resume") == std::vector<std::string>{"0.partial"});
}

TEST_CASE("cli: --resume after an interrupted ensemble gives byte-identical outputs to an uninterrupted run") {
    TempDir tmp;
    const Strings common{kBaseline.string(), "--weeks", "26", "--replications", "24", "--quiet"};
    const auto with = [&](Strings extra) {
        Strings args{"run"};
        args.insert(args.end(), common.begin(), common.end());
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    };
    const auto [code, err] = interrupt_run(tmp, with({"--threads", "2", "--out", (tmp / "resumed").string()}));
    REQUIRE_MESSAGE(code == 130, err);
    REQUIRE(fs::exists(tmp / "resumed.resume" / "0.partial"));
    // One digit of the saved runs changed: refused (exit 2) naming the file, and left as it was.
    const fs::path partial = tmp / "resumed.resume" / "0.partial";
    const std::string saved = read_file(partial);
    write_file(partial, with_one_digit_changed(saved));
    const auto tampered = run_pcnsim(tmp, with({"--threads", "1", "--resume", "--out", (tmp / "resumed").string()}));
    CHECK_MESSAGE(tampered.exit_code == 2, describe(tampered));
    CHECK_MESSAGE(tampered.err.find("cannot resume from " + partial.string()) != std::string::npos, describe(tampered));
    CHECK_MESSAGE(tampered.err.find("changed or damaged") != std::string::npos, describe(tampered));
    CHECK_FALSE(fs::exists(tmp / "resumed"));
    write_file(partial, saved);
    // Resumed on another thread count: threads change no output.
    const auto resumed = run_pcnsim(tmp, with({"--threads", "1", "--resume", "--out", (tmp / "resumed").string()}));
    REQUIRE_MESSAGE(resumed.exit_code == 0, describe(resumed));
    CHECK(!fs::exists(tmp / "resumed.resume"));  // removed once the outputs are written
    const auto whole = run_pcnsim(tmp, with({"--out", (tmp / "whole").string()}));
    REQUIRE_MESSAGE(whole.exit_code == 0, describe(whole));
    for (const char* file : {"summary.csv", "timeseries.csv", "economics.csv"})
        check_same(read_file(tmp / "whole" / file), read_file(tmp / "resumed" / file), file);

    // Saved runs of other settings are refused, not mixed in.
    const auto again = interrupt_run(tmp, with({"--threads", "2", "--out", (tmp / "other").string()}));
    REQUIRE(again.first == 130);
    Strings other = with({"--resume", "--out", (tmp / "other").string()});
    other[3] = "27";  // --weeks 27
    const auto refused = run_pcnsim(tmp, other);
    CHECK_MESSAGE(refused.exit_code == 2, describe(refused));
    CHECK_MESSAGE(refused.err.find("cannot resume from") != std::string::npos, describe(refused));
}

// --- 7. golden output -----------------------------------------------------------------------

// The command refresh.sh runs, from the repository root; `files` maps an output file to its golden copy.
void check_golden(const std::string& scenario, const std::vector<std::pair<std::string, std::string>>& files) {
    TempDir tmp;
    const fs::path out = tmp / "golden";
    const auto r = run_pcnsim(tmp, {"run", scenario, "--seed", "7", "--threads", "2", "--quiet", "--out", out.string()}, kSourceDir);
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    for (const auto& [output, golden_name] : files) {
        const fs::path golden = kSourceDir / "tests/golden" / golden_name;
        REQUIRE_MESSAGE(fs::is_regular_file(golden), golden.string(), " is missing: run tests/golden/refresh.sh");
        const std::string expected = read_file(golden);
        const std::string actual = read_file(out / output);
        REQUIRE(lines_of(expected).size() > 1);
        const bool same = actual == expected;
        CHECK_MESSAGE(same, output, " differs from ", golden.string(), "\n", first_difference(expected, actual),
                      "\nIf the change is intended, run tests/golden/refresh.sh and review the diff before committing.");
    }
}

TEST_CASE("cli: summary.csv of scenarios/tests/small.toml matches the golden file") {
    check_golden("scenarios/tests/small.toml", {{"summary.csv", "small-summary.csv"}});
}

TEST_CASE("cli: summary.csv and economics.csv of scenarios/tests/small-coaching.toml match the golden files") {
    check_golden("scenarios/tests/small-coaching.toml",
                 {{"summary.csv", "small-coaching-summary.csv"}, {"economics.csv", "small-coaching-economics.csv"}});
}

// --- several PCNs in one run -------------------------------------------------------------------

namespace {
const fs::path kSmallIcb = kSourceDir / "scenarios/tests/small-icb.toml";
const fs::path kExampleIcb = kSourceDir / "scenarios/icb/example-icb.toml";

// Per (arm, replication, week, metric): the value for the whole run and the sum over PCN groups.
struct WholeAndParts {
    double whole = 0, parts = 0;
    int pcns = 0;
};
}  // namespace

TEST_CASE("cli: determinism across threads and seeds, several PCNs") { check_determinism(kSmallIcb, false); }

TEST_CASE("cli: a run of several PCNs reports each PCN, no practices, and flows of the whole are the PCNs' sums") {
    TempDir tmp;
    const fs::path out = tmp / "icb";
    const auto r = run_pcnsim(tmp, {"run", kSmallIcb.string(), "--quiet", "--replications", "2", "--out", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    std::map<std::string, WholeAndParts> sums;
    std::set<std::string> pcn_groups, group_kinds;
    for (const auto& line : lines_of(read_file(out / "timeseries.csv"))) {
        const auto f = csv_fields(line);  // scenario,arm,replication,week,metric,group_by,group,value
        if (f.size() != 8 || f[0] == "scenario") continue;
        group_kinds.insert(f[5]);
        if (f[4] != "gp_appointments" && f[4] != "ae_attendances" && f[4] != "coaching_started" && f[4] != "population") continue;
        auto& s = sums[f[1] + "/" + f[2] + "/" + f[3] + "/" + f[4]];
        if (f[5] == "all") s.whole += std::stod(f[7]);
        if (f[5] == "pcn") s.parts += std::stod(f[7]), ++s.pcns, pcn_groups.insert(f[6]);
    }
    CHECK(pcn_groups == std::set<std::string>{"SYNPCN1", "SYNPCN2", "SYNPCN3"});
    CHECK(group_kinds.count("practice") == 0);
    REQUIRE(sums.size() == 3u * 2 * 26 * 4);  // arms x replications x weeks x metrics
    double started = 0;
    for (const auto& [key, s] : sums) {
        CHECK_MESSAGE(s.pcns == 3, key);
        CHECK_MESSAGE(s.whole == doctest::Approx(s.parts).epsilon(1e-12), key);
        if (key.rfind("scenario/", 0) == 0 && key.find("coaching_started") != std::string::npos) started += s.whole;
    }
    CHECK(started > 0);  // the check covered a pathway counter that is not zero
    const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
    CHECK(manifest.at("population").at("pcns").size() == 3);
    CHECK(manifest.at("population").at("practices").size() == 6);
    // Coach WTE is a PCN-level stock: each PCN employs its own, the whole is their sum.
    const auto summary = read_file(out / "summary.csv");
    const double whole_wte = std::stod(summary_total(summary, "coach_wte", "all", "all"));
    double pcn_wte = 0;
    for (const char* pcn : {"SYNPCN1", "SYNPCN2", "SYNPCN3"}) pcn_wte += std::stod(summary_total(summary, "coach_wte", "pcn", pcn));
    CHECK(whole_wte == doctest::Approx(pcn_wte));
    // The headline economics are given per PCN as well.
    CHECK(read_file(out / "economics.csv").find("\nsmall-icb,net_benefit_economic_nhs,pcn,SYNPCN2,") != std::string::npos);
}

TEST_CASE("cli: PCNs of identical make-up draw their own random numbers") {
    // Two PCNs with the same list and deprivation mix would give identical results if they shared
    // random numbers; with their own they differ like two replications.
    TempDir tmp;
    const fs::path out = tmp / "twins";
    const auto r = run_pcnsim(tmp, {"run", kSmall.string(), "--quiet", "--set", "population.pcns=2", "--out", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    const auto summary = read_file(out / "summary.csv");
    CHECK(summary_total(summary, "population", "pcn", "SYNPCN1") != "");
    CHECK(summary_total(summary, "gp_appointments", "pcn", "SYNPCN1") != summary_total(summary, "gp_appointments", "pcn", "SYNPCN2"));
    CHECK(summary_total(summary, "ae_attendances", "pcn", "SYNPCN1") != summary_total(summary, "ae_attendances", "pcn", "SYNPCN2"));
}

TEST_CASE("cli: check counts the PCNs of the example ICB, and pcn_codes selects some of them") {
    TempDir tmp;
    const auto all = run_pcnsim(tmp, {"check", kExampleIcb.string()});
    CHECK_MESSAGE(all.exit_code == 0, describe(all));
    CHECK(all.out == fmt::format("{}: ok — scenario 'example-icb', 10 PCNs, 66 practices, 561312 patients\n", kExampleIcb.string()));
    const auto file = tmp.write("two.toml", fmt::format("extends = {}\n[population]\npcn_codes = [\"ZPCN07\", \"ZPCN02\"]\n",
                                                        toml_string(kExampleIcb)));
    const auto two = run_pcnsim(tmp, {"check", file.string()});
    CHECK_MESSAGE(two.exit_code == 0, describe(two));
    CHECK_MESSAGE(two.out.find("', 2 PCNs, ") != std::string::npos, describe(two));
}

TEST_CASE("cli: problems in a PCN membership file are reported with file, line and key") {
    TempDir tmp;
    const auto scenario_with = [&](const std::string& name, const std::string& membership, const std::string& extra = "") {
        const auto csv = tmp.write(name + ".csv", membership);
        return tmp.write(name + ".toml", fmt::format("extends = {}\n[population]\npcn_membership = {}\n{}", toml_string(kExampleIcb),
                                                     toml_string(csv), extra));
    };
    {
        const auto o = expect_bad_input(tmp, scenario_with("no-pcn-column", "ORG_CODE,PCN\nZ10001,ZPCN01\n"));
        check_problem_count(o, 1);
        CHECK_MESSAGE(has_line(o.err, (tmp / "no-pcn-column.csv").string() + ":1: PCN_CODE: ", "required column is missing"), describe(o));
    }
    {
        const auto o = expect_bad_input(tmp, scenario_with("twice", "ORG_CODE,PCN_CODE\nZ10001,ZPCN01\nZ10002,ZPCN01\nZ10001,ZPCN02\n"));
        check_problem_count(o, 1);
        CHECK_MESSAGE(has_line(o.err, (tmp / "twice.csv").string() + ":4: ORG_CODE: ", "already in PCN ZPCN01 (line 2)"), describe(o));
    }
    {
        const auto o = expect_bad_input(tmp, scenario_with("absent", "ORG_CODE,PCN_CODE\nZ10001,ZPCN01\n", "pcn_codes = [\"ZPCN01\", \"ZPCN99\"]\n"));
        check_problem_count(o, 1);
        CHECK_MESSAGE(has_line(o.err, (tmp / "absent.csv").string() + ": ZPCN99: ", "PCN code not found"), describe(o));
    }
    {
        const auto o = expect_bad_input(tmp, scenario_with("unknown-practice", "ORG_CODE,PCN_CODE\nZ10001,ZPCN01\nZ99999,ZPCN01\n"));
        check_problem_count(o, 1);
        CHECK_MESSAGE(has_line(o.err, "", "Z99999: practice not found"), describe(o));
    }
}
