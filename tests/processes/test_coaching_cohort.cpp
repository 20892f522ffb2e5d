// Coaching cohorts (MODEL.md section 8): the cohort groups partition every arm's totals, both arms
// share them, a patient only moves forward through them, and eligibility needs a searched register.
#include <doctest/doctest.h>

#include <string>

#include "sim/core/catalogue.hpp"
#include "sim/engine/groups.hpp"
#include "sim/output/metrics.hpp"
#include "sim/output/run_values.hpp"
#include "tests/support.hpp"

using namespace pcnsim;
using pcnsim::testing::coaching_scenario;

namespace {

// Index of cohort k among the groups of a one-PCN run with `practices` practices.
std::size_t cohort_group(std::size_t practices, int k) { return 1 + practices + kPatientGroups - kCohorts + static_cast<std::size_t>(k); }


int cohort_now(const AgentStore& a, std::size_t i) {
    return coaching_cohort(a, i, a.extension<std::uint8_t>(catalogue().extension("coaching_cohort"))[i]);
}

}  // namespace

TEST_CASE("coaching cohort: the group keys name the five cohorts after the PAM groups") {
    const auto keys = group_keys({"A", "B"});
    REQUIRE(keys.size() == 1 + 2 + kPatientGroups);
    for (int k = 0; k < kCohorts; ++k) {
        CHECK(keys[cohort_group(2, k)].group_by == "cohort");
        CHECK(keys[cohort_group(2, k)].group == kCohortNames[k]);
    }
}

TEST_CASE("coaching cohort: the cohorts partition both arms' totals and both arms share them") {
    pcnsim::testing::SteppedRun run(coaching_scenario());
    const std::size_t practices = run.scenario.population.synthetic.practices;
    std::array<std::int64_t, kCohorts> population_seen{};
    for (int w = 0; w < 70; ++w) {
        run.sim->step_week();
        for (Arm arm : {Arm::scenario, Arm::counterfactual}) {
            CAPTURE(w);
            const auto& groups = run.sim->last_week_groups(arm);
            CounterSet sum;
            for (int k = 0; k < kCohorts; ++k) sum += groups[cohort_group(practices, k)];
            for (Counter c : {Counter::population, Counter::adults, Counter::pam_sum_fixed, Counter::pam_level_1, Counter::pam_level_4,
                              Counter::gp_requests, Counter::gp_appointments, Counter::ae_attendances, Counter::emergency_admissions})
                CHECK(sum[c] == groups[0][c]);
        }
        // The same patients in each cohort in both arms, so differences by cohort are paired.
        for (int k = 0; k < kCohorts; ++k) {
            const auto g = cohort_group(practices, k);
            CHECK(run.sim->last_week_groups(Arm::scenario)[g][Counter::population] ==
                  run.sim->last_week_groups(Arm::counterfactual)[g][Counter::population]);
            population_seen[static_cast<std::size_t>(k)] += run.sim->last_week_groups()[g][Counter::population];
        }
    }
    // Every stage of the pathway is reached, so a patient counted in the wrong cohort would show.
    for (int k = 0; k < kCohorts; ++k) {
        CAPTURE(kCohortNames[k]);
        CHECK(population_seen[static_cast<std::size_t>(k)] > 0);
    }
}

TEST_CASE("coaching cohort: each cohort counts its own patients and a patient never moves back") {
    pcnsim::testing::SteppedRun run(coaching_scenario());
    const std::size_t practices = run.scenario.population.synthetic.practices;
    auto& a = run.agents();
    std::vector<int> before(a.size(), 0);
    int moved_on = 0;
    for (int w = 0; w < 40; ++w) {
        run.sim->step_week();
        std::array<std::int64_t, kCohorts> recount{};
        for (std::size_t i = 0; i < a.size(); ++i) {
            const int now = cohort_now(a, i);
            ++recount[static_cast<std::size_t>(now)];
            if (a.registered_week[i] != run.sim->week() - 1) {  // the same patient as last week
                CHECK(now >= before[i]);
                moved_on += now > before[i];
            }
            before[i] = now;
        }
        for (int k = 0; k < kCohorts; ++k)
            CHECK(run.sim->last_week_groups()[cohort_group(practices, k)][Counter::population] == recount[static_cast<std::size_t>(k)]);
    }
    CHECK(moved_on > 0);
}

TEST_CASE("coaching cohort: without case finding nobody is found eligible, yet referred patients move on") {
    pcnsim::testing::SteppedRun run(coaching_scenario({"targeting.case_finding=false"}));
    const std::size_t practices = run.scenario.population.synthetic.practices;
    std::int64_t eligible = 0, referred = 0;
    for (int w = 0; w < 40; ++w) {
        run.sim->step_week();
        eligible += run.sim->last_week_groups()[cohort_group(practices, 1)][Counter::population];
        referred += run.sim->last_week_groups()[cohort_group(practices, 2)][Counter::population];
    }
    CHECK(eligible == 0);
    CHECK(referred > 0);  // consultation and self-referrals of eligible patients still happen
}

TEST_CASE("coaching cohort: without coaching everyone is never eligible") {
    pcnsim::testing::SteppedRun run(pcnsim::testing::small_scenario(3000, 2));
    run.run(10);
    const auto& groups = run.sim->last_week_groups();
    CHECK(groups[cohort_group(2, 0)][Counter::population] == 3000);
    for (int k = 1; k < kCohorts; ++k) CHECK(groups[cohort_group(2, k)][Counter::population] == 0);
}

TEST_CASE("coaching cohort: cohort rows report the patient-level metrics only") {
    const GroupKey started{"cohort", "started"};
    const auto reported = [&](const char* name) {
        const auto* m = find_metric(name);
        REQUIRE_MESSAGE(m != nullptr, name);
        return reported_for(*m, started);
    };
    for (const char* name : {"population", "gp_requests", "gp_appointments", "ae_attendances", "emergency_admissions", "pam_mean",
                             "pam_level_1_share"})
        CHECK_MESSAGE(reported(name), name);
    // Practice-level quantities and counters tallied elsewhere have no cohort rows.
    for (const char* name : {"gp_backlog", "coaching_referrals", "coaching_eligible", "deaths"}) CHECK_MESSAGE(!reported(name), name);
}
