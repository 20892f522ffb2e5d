// The patient extract (--patient-extract): its yearly counts add up exactly to the run's totals in
// each arm, every slot's rows cover each year once, and rows carry what a regression needs.
#include <doctest/doctest.h>

#include <map>
#include <tuple>

#include "sim/engine/ensemble.hpp"
#include "tests/support.hpp"

using namespace pcnsim;

namespace {

RunResult extract_run(int weeks, int replications, int pcns = 1) {
    auto s = pcnsim::testing::load_test_scenario("scenarios/tests/small-coaching.toml",
                                                  {"run.weeks=" + std::to_string(weeks), "run.replications=" + std::to_string(replications),
                                                   "population.pcns=" + std::to_string(pcns)});
    s.run.patient_extract = true;
    return run_scenario(s);
}

}  // namespace

TEST_CASE("patient extract: yearly counts summed over patients equal the run's totals in each arm") {
    // 60 weeks: a whole year and a part year of 8 weeks, two replications.
    const auto run = extract_run(60, 2);
    REQUIRE(run.replications.size() == 2);
    for (const auto& rep : run.replications)
        for (Arm arm : {Arm::scenario, Arm::counterfactual}) {
            CounterSet total;
            for (const auto& week : rep.arm(arm)) total += week[0];
            CounterSet extract;
            const auto& rows = rep.patients.by_arm[static_cast<std::size_t>(arm)];
            for (const auto& r : rows) {
                extract[Counter::gp_requests] += r.gp_requests;
                extract[Counter::gp_appointments] += r.gp_appointments;
                extract[Counter::ae_attendances] += r.ae_attendances;
                extract[Counter::emergency_admissions] += r.emergency_admissions;
            }
            for (Counter c : {Counter::gp_requests, Counter::gp_appointments, Counter::ae_attendances, Counter::emergency_admissions}) {
                CAPTURE(static_cast<int>(c));
                CHECK(extract[c] == total[c]);
                CHECK(total[c] > 0);
            }
            // Each slot's rows cover its year exactly once: 52 weeks, then 8.
            std::map<std::pair<int, std::uint32_t>, int> covered;
            for (const auto& r : rows) covered[{r.year(), r.slot}] += r.weeks_registered;
            REQUIRE(covered.size() == 2 * run.agents);
            for (const auto& [key, weeks] : covered) {
                CAPTURE(key.first);
                CHECK(weeks == (key.first == 1 ? 52 : 8));
            }
            // Slots taken by a new registration during a year have more than one row.
            CHECK(rows.size() > 2 * run.agents);
        }
}

TEST_CASE("patient extract: the arms share patients, attributes and cohorts, and differ in use") {
    const auto run = extract_run(52, 1);
    const auto& by_arm = run.replications.front().patients.by_arm;
    REQUIRE(by_arm[0].size() == by_arm[1].size());
    const auto key = [](const PatientYear& r) { return std::tuple(r.year(), r.slot, r.first_week); };
    std::map<std::tuple<int, std::uint32_t, std::int16_t>, const PatientYear*> counterfactual;
    for (const auto& r : by_arm[1]) counterfactual[key(r)] = &r;
    int differ = 0, children = 0;
    for (const auto& r : by_arm[0]) {
        const auto* c = counterfactual.at(key(r));
        CHECK(c->at_start.age == r.at_start.age);
        CHECK(c->at_start.conditions == r.at_start.conditions);
        CHECK(c->weeks_registered == r.weeks_registered);
        CHECK(c->cohort == r.cohort);
        differ += c->gp_appointments != r.gp_appointments;
        children += r.at_start.age < kAdultAge;
    }
    CHECK(differ > 0);
    CHECK(children > 0);
}

TEST_CASE("patient extract: several PCNs keep their rows apart") {
    const auto run = extract_run(10, 1, 2);
    REQUIRE(run.pcn_codes.size() == 2);
    std::array<std::size_t, 2> per_pcn{};
    for (const auto& r : run.replications.front().patients.by_arm[0]) {
        ++per_pcn[r.pcn];
        CHECK(r.practice < run.practice_codes.size());
    }
    CHECK(per_pcn[0] >= run.pcn_list_sizes[0]);
    CHECK(per_pcn[1] >= run.pcn_list_sizes[1]);
}

TEST_CASE("patient extract: no rows unless asked for") {
    auto s = pcnsim::testing::load_test_scenario("scenarios/tests/small.toml", {"run.weeks=4"});
    const auto run = run_scenario(s);
    CHECK(run.replications.front().patients.by_arm[0].empty());
    CHECK(run.replications.front().patients.by_arm[1].empty());
}
