// Summaries over replications: percentiles of totals, and economics with their spread and the
// probabilities that ROI exceeds 1 and that net monetary benefit is positive.
#include <doctest/doctest.h>

#include "sim/output/comparison.hpp"
#include "sim/output/economics.hpp"
#include "sim/output/summary.hpp"
#include "sim/stats/descriptive.hpp"
#include "tests/support.hpp"

using namespace pcnsim;

TEST_CASE("summary over replications: means and percentiles agree with each replication's own summary") {
    auto s = pcnsim::testing::load_test_scenario("scenarios/tests/small-coaching.toml", {"run.replications=5", "run.weeks=20"});
    const auto run = run_scenario(s);
    REQUIRE(run.replications.size() == 5);
    const auto all = summarise(run);
    std::vector<std::vector<SummaryRow>> each;
    for (std::size_t r = 0; r < 5; ++r) each.push_back(summarise_replication(run, r));
    bool some_spread = false;
    for (std::size_t k = 0; k < all.size(); ++k) {
        std::vector<double> totals;
        double mean = 0;
        for (const auto& rows : each) {
            REQUIRE(rows[k].metric == all[k].metric);
            totals.push_back(rows[k].total);
            mean += rows[k].total / 5;
        }
        CAPTURE(all[k].metric);
        CHECK(all[k].total == doctest::Approx(mean));
        CHECK(all[k].total_median == doctest::Approx(quantile(totals, 0.5)));
        CHECK(all[k].total_p2_5 <= all[k].total_median);
        CHECK(all[k].total_median <= all[k].total_p97_5);
        CHECK(all[k].total_p2_5 >= *std::min_element(totals.begin(), totals.end()));
        CHECK(all[k].total_p97_5 <= *std::max_element(totals.begin(), totals.end()));
        some_spread |= all[k].total_p97_5 > all[k].total_p2_5;
    }
    CHECK(some_spread);  // replications differ

    const auto econ = economics_over_replications(run);
    double roi_above_1 = 0, cost_effective = 0;
    for (const auto& e : economics_by_replication(run)) {
        roi_above_1 += economics_value(e, "roi_economic_nhs").value_or(0) > 1 ? 0.2 : 0;
        cost_effective += economics_value(e, "nmb_20000").value_or(0) > 0 ? 0.2 : 0;
    }
    CHECK(economics_value(econ, "prob_roi_economic_nhs_above_1") == doctest::Approx(roi_above_1));
    CHECK(economics_value(econ, "prob_cost_effective_20000") == doctest::Approx(cost_effective));
    for (const auto& row : econ)
        if (row.median) CHECK(*row.p2_5 <= *row.p97_5);
}

TEST_CASE("compare: P(best) is the share of paired runs in which a scenario has the highest value, ties shared") {
    // Three scenarios over four paired replications of the small PCN: no coaching, 0.5 WTE and 2 WTE.
    std::vector<RunResult> runs;
    for (const char* wte : {"0", "0.5", "2"}) {
        auto s = pcnsim::testing::load_test_scenario("scenarios/tests/small-coaching.toml",
                                                     {std::string("coaching.wte=") + wte, "run.replications=4", "run.weeks=20"});
        s.name = std::string("wte-") + wte;
        runs.push_back(run_scenario(s));
    }
    const auto table = compare_runs(runs, "coaching_started");
    double total = 0;
    for (const auto& row : table) total += row.prob_best;
    CHECK(total == doctest::Approx(1.0));
    CHECK(table.front().scenario == "wte-2");
    CHECK(table.front().prob_best == doctest::Approx(1.0));  // more coaches start more programmes in every run
    CHECK(table.back().scenario == "wte-0");
    CHECK(table.back().prob_best == 0.0);
    REQUIRE(table.front().rank_p2_5);
    CHECK(*table.front().rank_p2_5 <= *table.front().rank_p97_5);
    // Equal values share: ranking on a measure that is 0 in every scenario gives each 1/3.
    const auto tied = compare_runs(runs, "emergency_admissions_avoided");
    bool all_zero = true;
    for (const auto& rows : {runs[0], runs[1], runs[2]})
        for (std::size_t r = 0; r < 4; ++r)
            all_zero &= economics_value(economics_by_replication(rows)[r], "emergency_admissions_avoided").value_or(0) == 0;
    if (all_zero)
        for (const auto& row : tied) CHECK(row.prob_best == doctest::Approx(1.0 / 3));
}
