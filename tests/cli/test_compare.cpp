// `pcnsim compare` end to end, and bad [coaching] / [targeting] input in scenario files.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <set>

#include "sim/output/comparison.hpp"
#include "tests/cli/cli_helpers.hpp"

using namespace pcnsim_cli_test;

namespace {


// A scenario file extending the small coaching scenario with `body`, expected to give one problem.
void check_coaching_problem(const std::string& body, int line, const std::string& key, const std::string& message) {
    TempDir tmp;
    const auto file = tmp.write("bad.toml", fmt::format("extends = \"{}\"\n{}", kSmallCoaching.string(), body));
    const auto o = run_pcnsim(tmp, {"check", file.string()});
    CHECK_MESSAGE(o.exit_code == 2, describe(o));
    const std::string expected = fmt::format("{}:{}: {}: ", file.string(), line, key);
    const auto lines = lines_of(o.err);
    const bool found = std::any_of(lines.begin(), lines.end(), [&](const std::string& l) {
        return l.rfind(expected, 0) == 0 && l.find(message) != std::string::npos;
    });
    CHECK_MESSAGE(found, "expected '", expected, "...", message, "'\n", describe(o));
    CHECK_MESSAGE(o.err.find("\n1 problem(s) found\n") != std::string::npos, describe(o));
}

}  // namespace

TEST_CASE("cli compare: ranks scenarios on the same population and writes comparison.csv from each run's economics") {
    TempDir tmp;
    const fs::path out = tmp / "cmp";
    const auto r = run_pcnsim(tmp, {"compare", kSmall.string(), kSmallCoaching.string(), "--seed", "5", "--threads", "2", "--quiet",
                                    "--rank-by", "coaching_completed", "--replications", "3", "--timeseries-bands", "--out", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    CHECK(fs::is_regular_file(out / "comparison.csv"));
    CHECK(fs::is_regular_file(out / "manifest.json"));
    CHECK(fs::is_regular_file(out / "small" / "summary.csv"));
    CHECK(fs::is_regular_file(out / "small-coaching" / "economics.csv"));
    CHECK(tmp.entries() == std::vector<std::string>{"cmp"});  // no temporary folder left behind
    for (const char* scenario : {"small", "small-coaching"})
        CHECK(first_line(out / scenario / "timeseries.csv") == "scenario,arm,week,metric,group_by,group,mean,p2_5,p25,median,p75,p97_5");

    const auto lines = lines_of(read_file(out / "comparison.csv"));
    REQUIRE(lines.size() == 3);
    const auto header = fields(lines[0]);
    REQUIRE(header.size() > 5);
    CHECK(header[0] == "rank");
    CHECK(header[1] == "scenario");
    // Ranked by completions: the coaching scenario first.
    const auto first = fields(lines[1]), second = fields(lines[2]);
    CHECK(first[0] == "1");
    CHECK(first[1] == "small-coaching");
    CHECK(second[1] == "small");
    // The ranking measure's spread and P(best): the coaching scenario completes programmes in every
    // paired run, the other never, so it is best in all 3.
    REQUIRE(header.size() == 3 + pcnsim::comparison_measures({}).size() + 5);
    CHECK(header[header.size() - 5] == "rank_by");
    CHECK(header[header.size() - 2] == "prob_best");
    CHECK(header.back() == "interval_source");
    CHECK(first[header.size() - 5] == "coaching_completed");
    CHECK(first[header.size() - 2] == "1");
    CHECK(second[header.size() - 2] == "0");
    CHECK(first.back() == "3 replications, no parameter uncertainty");
    CHECK(std::stod(first[header.size() - 4]) <= std::stod(first[header.size() - 3]));
    // Every value equals the one in that scenario's own economics.csv.
    for (const auto& row : {first, second}) {
        const auto econ = economics_of(out / row[1] / "economics.csv");
        for (std::size_t k = 3; k < 3 + pcnsim::comparison_measures({}).size(); ++k) {
            CAPTURE(row[1]);
            CAPTURE(header[k]);
            REQUIRE(econ.count(header[k]) == 1);
            CHECK(econ.at(header[k]) == row[k]);
        }
    }
    CHECK(std::stod(economics_of(out / "small-coaching" / "economics.csv").at("coaching_completed")) > 0);
    // The same seed for both: their counterfactual arms are the same run.
    const auto cf = [&](const std::string& scenario) {
        std::string rows;
        for (const auto& line : lines_of(read_file(out / scenario / "summary.csv"))) {
            const auto f = fields(line);
            // Coaching cohorts are the scenario's pathway, so only the coaching scenario has patients
            // beyond never_eligible: its counterfactual is the same run, grouped by that pathway.
            if (f.size() == 10 && f[1] == "counterfactual" && f[3] != "cohort" && f[2].rfind("coaching", 0) != 0 && f[2].rfind("coach_", 0) != 0 &&
                f[2].rfind("cost_coach", 0) != 0 && f[2] != "cost_skills_training" && f[2] != "brief_interventions" &&
                f[2] != "skills_consultations")
                rows += line.substr(line.find(',')) + "\n";
        }
        return rows;
    };
    CHECK(!cf("small").empty());
    CHECK(cf("small") == cf("small-coaching"));
    CHECK(r.out.find("ranked") == std::string::npos);  // --quiet: no table
    CHECK(r.out.find("outputs: ") != std::string::npos);
}

namespace {

// Per replication, the sum over weeks of a whole-PCN scenario-arm metric in a timeseries.csv.
std::vector<double> per_replication_totals(const fs::path& timeseries, const std::string& metric) {
    std::vector<double> totals;
    for (const auto& line : lines_of(read_file(timeseries))) {
        const auto f = fields(line);
        if (f.size() != 8 || f[1] != "scenario" || f[4] != metric || f[5] != "all") continue;
        const auto r = std::stoul(f[2]);
        if (totals.size() <= r) totals.resize(r + 1, 0.0);
        totals[r] += std::stod(f[7]);
    }
    return totals;
}

}  // namespace

TEST_CASE("cli compare: differences.csv pairs each scenario with the first one run by run") {
    TempDir tmp;
    const auto more = tmp.write("more.toml", fmt::format("extends = \"{}\"\nname = \"more-coaching\"\n[coaching]\nwte_schedule = [[0, 2.0]]\n",
                                                       kSmallCoaching.string()));
    const fs::path out = tmp / "cmp";
    const auto r = run_pcnsim(tmp, {"compare", kSmallCoaching.string(), kSmall.string(), more.string(), "--seed", "5", "--weeks", "10",
                                    "--replications", "3", "--quiet", "--out", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    const auto measures = pcnsim::comparison_measures({});
    const auto lines = lines_of(read_file(out / "differences.csv"));
    REQUIRE(lines.size() == 1 + 2 * measures.size());
    CHECK(lines[0] == "scenario,reference,measure,mean,p2_5,median,p97_5,prob_positive,pairs,unit");

    // measure -> value in comparison.csv, per scenario
    std::map<std::string, std::map<std::string, std::string>> compared;
    const auto comparison = lines_of(read_file(out / "comparison.csv"));
    const auto header = fields(comparison[0]);
    for (std::size_t i = 1; i < comparison.size(); ++i) {
        const auto f = fields(comparison[i]);
        for (std::size_t k = 3; k < 3 + measures.size(); ++k) compared[f[1]][header[k]] = f[k];
    }
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> rows;  // (scenario, measure) -> fields
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto f = fields(lines[i]);
        REQUIRE_MESSAGE(f.size() == 10, lines[i]);
        CAPTURE(lines[i]);
        CHECK(f[0] == (i <= measures.size() ? "small" : "more-coaching"));  // command-line order, then measures
        CHECK(f[1] == "small-coaching");
        CHECK(f[2] == measures[(i - 1) % measures.size()]);
        rows[{f[0], f[2]}] = f;
        if (f[8] == "0") {  // undefined in the reference or the scenario in every run: nothing to summarise
            CHECK(f[3].empty());
            continue;
        }
        CHECK(f[8] == "3");
        const double p2_5 = std::stod(f[4]), median = std::stod(f[5]), p97_5 = std::stod(f[6]), positive = std::stod(f[7]);
        CHECK(p2_5 <= median);
        CHECK(median <= p97_5);
        CHECK(positive * 3 == doctest::Approx(std::round(positive * 3)));  // a share of 3 pairs
        // A sum of summary totals: the mean of the paired differences is the difference of the means,
        // up to the rounding of summing in another order.
        // Ratios, weeks and shares of runs are not sums.
        if (f[2].rfind("roi", 0) == 0 || f[2].rfind("prob", 0) == 0 || f[2].rfind("payback", 0) == 0 || f[2] == "icer_nhs" ||
            f[2] == "gp_appointments_released_per_coach_wte_year")
            continue;
        const double difference = std::stod(compared[f[0]][f[2]]) - std::stod(compared["small-coaching"][f[2]]);
        CHECK(std::stod(f[3]) == doctest::Approx(difference).epsilon(1e-12));
    }
    // ROI is undefined without coaching costs, so there is nothing to pair against small; between
    // the two coaching scenarios it is defined in every run.
    CHECK(rows.at({"small", "roi_economic_nhs"})[8] == "0");
    CHECK(rows.at({"more-coaching", "roi_economic_nhs"})[8] == "3");

    // The pairing is run by run: replication r of each scenario against replication r of the
    // reference, not sorted values against sorted values.
    const auto reference = per_replication_totals(out / "small-coaching" / "timeseries.csv", "coaching_started");
    for (const char* scenario : {"small", "more-coaching"}) {
        CAPTURE(scenario);
        const auto totals = per_replication_totals(out / scenario / "timeseries.csv", "coaching_started");
        REQUIRE(totals.size() == 3);
        REQUIRE(reference.size() == 3);
        std::vector<double> d;
        for (std::size_t k = 0; k < 3; ++k) d.push_back(totals[k] - reference[k]);
        const auto& row = rows.at({scenario, "coaching_started"});
        CHECK(std::stod(row[3]) == doctest::Approx((d[0] + d[1] + d[2]) / 3).epsilon(1e-12));
        CHECK(std::stod(row[4]) == doctest::Approx(pcnsim::quantile(d, 0.025)).epsilon(1e-12));
        CHECK(std::stod(row[5]) == doctest::Approx(pcnsim::quantile(d, 0.5)).epsilon(1e-12));
        CHECK(std::stod(row[6]) == doctest::Approx(pcnsim::quantile(d, 0.975)).epsilon(1e-12));
        CHECK(std::stod(row[7]) == doctest::Approx(static_cast<double>(std::count_if(d.begin(), d.end(), [](double x) { return x > 0; })) / 3));
    }
    CHECK(rows.at({"small", "coaching_started"})[7] == "0");  // no coaching: fewer starts in every run
    CHECK(r.out.find("differences.csv") != std::string::npos);
}

TEST_CASE("cli compare: refuses scenarios on different populations, duplicate names and an unknown --rank-by") {
    TempDir tmp;
    const auto other = tmp.write("bigger.toml", fmt::format("extends = \"{}\"\nname = \"bigger\"\n[population]\nlist_size = 4000\n",
                                                          kSmallCoaching.string()));
    auto r = run_pcnsim(tmp, {"compare", kSmall.string(), other.string(), "--out", (tmp / "a").string()});
    CHECK_MESSAGE(r.exit_code == 2, describe(r));
    CHECK_MESSAGE(r.err.find(fmt::format("{}: population: differs from", other.string())) != std::string::npos, describe(r));

    r = run_pcnsim(tmp, {"compare", kSmall.string(), kSmall.string(), "--out", (tmp / "b").string()});
    CHECK_MESSAGE(r.exit_code == 2, describe(r));
    CHECK_MESSAGE(r.err.find("name: 'small' is also the name of") != std::string::npos, describe(r));

    r = run_pcnsim(tmp, {"compare", kSmall.string(), kSmallCoaching.string(), "--rank-by", "happiness", "--out", (tmp / "c").string()});
    CHECK_MESSAGE(r.exit_code == 2, describe(r));
    CHECK_MESSAGE(r.err.find("--rank-by happiness: expected one of") != std::string::npos, describe(r));
    CHECK(!fs::exists(tmp / "a"));
    CHECK(!fs::exists(tmp / "b"));
    CHECK(!fs::exists(tmp / "c"));
}

TEST_CASE("cli: bad [coaching] and [targeting] input is reported with file, line and key") {
    check_coaching_problem("[targeting]\nconditions_any = [\"obesity\", \"gout\"]\n", 3, "targeting.conditions_any",
                           "unknown condition 'gout'");
    check_coaching_problem("[targeting]\npriority = \"loudest\"\n", 3, "targeting.priority", "expected one of \"none\", \"risk\"");
    check_coaching_problem("[targeting]\nimd_quintiles = [1, 6]\n", 3, "targeting.imd_quintiles", "IMD quintiles are integers 1-5");
    check_coaching_problem("[targeting]\nfrailty_at_least = \"very\"\n", 3, "targeting.frailty_at_least", "expected one of");
    check_coaching_problem("[[targeting.any_of]]\ncare_hom = true\n", 3, "targeting.any_of.care_hom",
                           "did you mean 'targeting.any_of.care_home'?");
    check_coaching_problem("[coaching]\nwaiting_list = \"lifo\"\n", 3, "coaching.waiting_list", "expected one of \"fifo\", \"priority\"");
    check_coaching_problem("[coaching]\nwte_schedule = [[4, 1.0], [2, 2.0]]\n", 3, "coaching.wte_schedule", "weeks must increase");
    check_coaching_problem("[coaching]\nwte = -1\n", 3, "coaching.wte", "out of range");
    check_coaching_problem("[coaching]\nwtee = 1\n", 3, "coaching.wtee", "did you mean 'coaching.wte'?");
    check_coaching_problem("[network]\nenabled = true\nbudies = true\n", 4, "network.budies", "did you mean 'network.buddies'?");
}

TEST_CASE("cli: network features without the network are refused") {
    TempDir tmp;
    const auto file = tmp.write("buddies.toml", fmt::format("extends = \"{}\"\n[network]\nbuddies = true\n", kSmallCoaching.string()));
    const auto o = run_pcnsim(tmp, {"check", file.string()});
    CHECK_MESSAGE(o.exit_code == 2, describe(o));
    CHECK_MESSAGE(o.err.find(fmt::format("{}: network.buddies: needs network.enabled = true", file.string())) != std::string::npos,
                  describe(o));
}

TEST_CASE("cli run --psa: draws x replications, each paired, with the drawn parameters written out") {
    TempDir tmp;
    const fs::path out = tmp / "psa";
    const auto r = run_pcnsim(tmp, {"run", kSmallCoaching.string(), "--psa", "3", "--replications", "2", "--weeks", "8", "--quiet",
                                    "--out", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
    CHECK(manifest.at("run").at("psa_draws").get<int>() == 3);
    const auto draws = lines_of(read_file(out / "psa_draws.csv"));
    REQUIRE(draws.size() > 3);
    CHECK(draws.front() == "draw,parameter,value");
    std::set<std::string> replications, draw_ids;
    for (std::size_t i = 1; i < draws.size(); ++i) draw_ids.insert(fields(draws[i])[0]);
    CHECK(draw_ids == std::set<std::string>{"0", "1", "2"});
    for (const auto& line : lines_of(read_file(out / "timeseries.csv")))
        if (line.rfind("small-coaching,scenario,", 0) == 0) replications.insert(fields(line)[2]);
    CHECK(replications == std::set<std::string>{"0", "1", "2", "3", "4", "5"});
    const auto econ = economics_of(out / "economics.csv");
    REQUIRE(econ.count("prob_roi_economic_nhs_above_1") == 1);
    const double p = std::stod(econ.at("prob_roi_economic_nhs_above_1"));
    CHECK(p * 6 == doctest::Approx(std::round(p * 6)));  // a share of 6 runs
}

TEST_CASE("cli sweep: one row per grid point with frontier flags (points keep summaries but no timeseries)") {
    TempDir tmp;
    const fs::path out = tmp / "sweep";
    const auto r = run_pcnsim(tmp, {"sweep", (kSourceDir / "scenarios/tests/small-sweep.toml").string(), "--weeks", "12", "--quiet",
                                    "--replications", "3", "--out", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    CHECK_FALSE(fs::exists(out / "differences.csv"));  // compare only: a grid's first point is no natural reference
    const auto lines = lines_of(read_file(out / "sweep.csv"));
    REQUIRE(lines.size() == 7);
    const auto header = fields(lines[0]);
    CHECK(header[2] == "coaching.wte");
    CHECK(header[3] == "skills.share_clinicians_trained");
    CHECK(header[header.size() - 2] == "frontier_gp_appointments");
    const auto col = [&header](const std::string& name) {
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    int on_frontier = 0;
    bool spread_seen = false;
    std::vector<std::pair<double, double>> points;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto f = fields(lines[i]);
        REQUIRE(f.size() == header.size());
        CHECK(fs::is_regular_file(out / f[0] / "summary.csv"));
        CHECK_FALSE(fs::exists(out / f[0] / "timeseries.csv"));
        points.emplace_back(std::stod(f[col("cost_nhs")]), std::stod(f[col("gp_appointments_released")]));
        on_frontier += f[col("frontier_gp_appointments")] == "yes" ? 1 : 0;
        // A linear measure's value is the mean of the 3 runs, which lies within their type-7 2.5th and
        // 97.5th percentiles (x1 + 0.05 (x2 - x1) and x3 - 0.05 (x3 - x2)).
        for (const char* m : {"gp_appointments_released", "cost_nhs", "coaching_started"}) {
            CAPTURE(m);
            const double value = std::stod(f[col(m)]), low = std::stod(f[col(std::string(m) + "_p2_5")]),
                         high = std::stod(f[col(std::string(m) + "_p97_5")]);
            CHECK(low <= value + 1e-9 * std::abs(value));
            CHECK(value <= high + 1e-9 * std::abs(value));
        }
        spread_seen |= std::stod(f[col("gp_appointments_released_p97_5")]) > std::stod(f[col("gp_appointments_released_p2_5")]);
    }
    CHECK(on_frontier >= 1);
    CHECK(spread_seen);  // the intervals are of real variation between runs
    // The cheapest point is on the frontier unless another costs the same and gains more.
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto f = fields(lines[i]);
        const auto [cost, gain] = points[i - 1];
        bool dominated = false;
        for (const auto& [c, g] : points) dominated |= c <= cost && g >= gain && (c < cost || g > gain);
        CHECK((f[col("frontier_gp_appointments")] == "yes") == !dominated);
    }
}

TEST_CASE("cli compare --psa: comparison.csv names PSA as the interval source and ceac.csv agrees with P(cost-effective)") {
    TempDir tmp;
    const auto more = tmp.write("more.toml", fmt::format("extends = \"{}\"\nname = \"more-coaching\"\n[coaching]\nwte_schedule = [[0, 2.0]]\n",
                                                       kSmallCoaching.string()));
    const fs::path out = tmp / "cmp";
    // Thresholds high enough that some runs are cost-effective and some are not on this small PCN.
    const auto r = run_pcnsim(tmp, {"compare", kSmallCoaching.string(), more.string(), "--psa", "4", "--replications", "2", "--weeks", "10",
                                    "--quiet", "--timeseries-bands", "--set", "economics.thresholds=[20000, 1000000]", "--out", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    const auto comparison = lines_of(read_file(out / "comparison.csv"));
    REQUIRE(comparison.size() == 3);
    const auto header = fields(comparison[0]);
    const auto col = [&header](const std::string& name) {
        const auto k = static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
        REQUIRE_MESSAGE(k < header.size(), name);
        return k;
    };
    std::map<std::string, std::string> prob_at_1m;
    for (std::size_t i = 1; i < comparison.size(); ++i) {
        const auto f = fields(comparison[i]);
        CHECK(f[col("interval_source")] == "4 PSA draws x 2 replications");
        prob_at_1m[f[1]] = f[col("prob_cost_effective_1000000")];
    }
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> curve;  // (threshold, option) -> fields
    const auto ceac = lines_of(read_file(out / "ceac.csv"));
    REQUIRE(!ceac.empty());
    CHECK(ceac[0] == "threshold,option,prob_cost_effective,prob_highest_nmb");
    for (std::size_t i = 1; i < ceac.size(); ++i) {
        const auto f = fields(ceac[i]);
        REQUIRE(f.size() == 4);
        curve[{f[0], f[1]}] = f;
    }
    CHECK(curve.size() == 51 * 3);  // thresholds 0 to 50,000: two scenarios and no coaching
    for (const auto& [scenario, p] : prob_at_1m) {
        CAPTURE(scenario);
        const auto econ = economics_of(out / scenario / "economics.csv");
        REQUIRE(econ.count("prob_cost_effective_1000000") == 1);
        CHECK(econ.at("prob_cost_effective_1000000") == p);
        CHECK(std::stod(p) * 8 == doctest::Approx(std::round(std::stod(p) * 8)));  // a share of 8 runs
        REQUIRE(curve.count({"20000", scenario}) == 1);
        CHECK(std::stod(curve.at({"20000", scenario})[2]) == doctest::Approx(std::stod(econ.at("prob_cost_effective_20000"))));
    }
    double highest = 0;
    for (const char* option : {"small-coaching", "more-coaching", "no coaching"}) highest += std::stod(curve.at({"30000", option})[3]);
    CHECK(highest == doctest::Approx(1.0));  // one option (or a tie) has the highest NMB in every run
}

TEST_CASE("cli compare: prints the answer in one sentence first, then the table with GBP, runs and definitions") {
    TempDir tmp;
    const auto r = run_pcnsim(tmp, {"compare", kSmall.string(), kSmallCoaching.string(), "--replications", "3", "--out", (tmp / "cmp").string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    const auto answer = r.out.find("\nAnswer: The one coaching option, small-coaching, does not pay for itself within 26 weeks");
    const auto table = r.out.find("\nOptions ranked by net_benefit_economic_nhs");
    CHECK_MESSAGE(answer != std::string::npos, r.out);
    CHECK_MESSAGE(table != std::string::npos, r.out);
    CHECK(answer < table);
    // The same first sentence as the report's, on a terminal: a plain minus, the pound sign.
    CHECK(r.out.find("spending nothing (small) is\n  best, in 3 of 3 runs.") != std::string::npos);  // wrapped at 110 columns
    CHECK(r.out.find("\u2212") == std::string::npos);
    CHECK(r.out.find("  Definitions (NHS perspective; money rounded to what the runs support, k = thousand") != std::string::npos);
    CHECK(r.out.find(" 3/3 ") != std::string::npos);  // P(best) of small as a count of runs
}
