// Accounting: group totals add up, and rolling utilisation histories hold the last four quarters.
#include <doctest/doctest.h>

#include <tbb/global_control.h>

#include "sim/engine/groups.hpp"
#include "tests/support.hpp"

using namespace pcnsim;

TEST_CASE("accounting: every grouping partitions the PCN totals") {
    // Age band, sex, IMD quintile and PAM level groups are tallied by patient cell, the PCN total
    // (group 0) by practice, so these sums compare two separate tallies.
    pcnsim::testing::SteppedRun run(pcnsim::testing::small_scenario(8000, 3));
    run.run(5);
    const auto keys = group_keys({"A", "B", "C"});
    const auto& groups = run.sim->last_week_groups();
    REQUIRE(groups.size() == keys.size());
    for (const char* by : {"age_band", "sex", "imd_quintile", "pam_level"}) {
        CAPTURE(by);
        CounterSet sum;
        for (std::size_t g = 0; g < keys.size(); ++g)
            if (keys[g].group_by == by) sum += groups[g];
        for (Counter c : {Counter::population, Counter::gp_requests, Counter::gp_appointments, Counter::ae_attendances,
                          Counter::emergency_admissions, Counter::pam_sum_fixed, Counter::deaths})
            CHECK(sum[c] == groups[0][c]);
    }
    CHECK(groups[0][Counter::population] == 8000);
}

TEST_CASE("accounting: each practice's group counts that practice's patients") {
    // The PCN total is the sum of the practice groups by construction (group_totals), so summing
    // them proves nothing: each practice's stocks and this week's events are recounted here from
    // the patients themselves. Only the scenario arm runs, so the week's event arrays hold its
    // events (both arms write them in turn).
    pcnsim::testing::SteppedRun run(pcnsim::testing::small_scenario(8000, 3));
    run.sim->skip_counterfactual(true);
    run.run(5);
    const auto& groups = run.sim->last_week_groups();
    const auto& a = run.agents();
    std::vector<CounterSet> recount(3);
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto& c = recount[a.practice[i]];
        ++c[Counter::population];
        c[Counter::gp_requests] += a.gp_requests_week[i];
        c[Counter::gp_appointments] += a.gp_appointments_week[i];
        c[Counter::ae_attendances] += a.ae_week[i];
        c[Counter::emergency_admissions] += a.admissions_week[i];
        if (a.age[i] >= kAdultAge) c[Counter::pam_sum_fixed] += static_cast<std::int64_t>(a.pam_score[i] * kPamScale + 0.5);
    }
    for (std::size_t p = 0; p < 3; ++p) {
        CAPTURE(p);
        for (Counter c : {Counter::population, Counter::gp_requests, Counter::gp_appointments, Counter::ae_attendances,
                          Counter::emergency_admissions, Counter::pam_sum_fixed}) {
            CAPTURE(static_cast<int>(c));
            CHECK(groups[1 + p][c] == recount[p][c]);
        }
        CHECK(recount[p][Counter::gp_requests] > 0);  // events happened, so a misattributed one would show
    }
}

TEST_CASE("accounting: the utilisation history holds exactly the appointments of the last quarters") {
    Scenario s = pcnsim::testing::small_scenario(5000, 1);
    s.demography = false;  // the same patient stays in each slot
    pcnsim::testing::SteppedRun run(s);
    std::int64_t first_year = 0;
    for (int w = 0; w < 52; ++w) {
        run.sim->step_week();
        first_year += run.sim->last_week_groups()[0][Counter::gp_appointments];
    }
    std::int64_t history = 0;
    for (const auto& h : run.agents().gp_history) history += h[0] + h[1] + h[2] + h[3];
    CHECK(history == first_year);  // weeks 0-51 fill quarters 0-3 exactly (no saturation at these rates)
    // Week 52 starts quarter 0 again: it now holds only that week.
    run.sim->step_week();
    std::int64_t quarter0 = 0;
    for (const auto& h : run.agents().gp_history) quarter0 += h[0];
    CHECK(quarter0 == run.sim->last_week_groups()[0][Counter::gp_appointments]);
}

TEST_CASE("engine: week tallies are bit-identical at 1, 2 and 8 threads") {
    const auto tallies = [](int threads) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
        pcnsim::testing::SteppedRun run(pcnsim::testing::small_scenario(30000, 4));  // 8 agent blocks
        std::vector<std::vector<CounterSet>> weeks;
        for (int w = 0; w < 6; ++w) {
            run.sim->step_week();
            weeks.push_back(run.sim->last_week_groups());
        }
        return std::make_pair(weeks, run.agents().pam_score);
    };
    const auto one = tallies(1), two = tallies(2), eight = tallies(8);
    for (std::size_t w = 0; w < one.first.size(); ++w)
        for (std::size_t g = 0; g < one.first[w].size(); ++g) {
            CHECK(one.first[w][g].v == two.first[w][g].v);
            CHECK(one.first[w][g].v == eight.first[w][g].v);
        }
    CHECK(one.second == two.second);
    CHECK(one.second == eight.second);
}
