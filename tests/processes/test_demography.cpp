// Demography: birthdays, list turnover, deaths and a constant list size.
#include <doctest/doctest.h>

#include <cmath>

#include "tests/support.hpp"

using namespace pcnsim;

TEST_CASE("demography: everyone still registered after 52 weeks is exactly one year older") {
    Scenario s = pcnsim::testing::small_scenario(10000, 2);
    s.gp_capacity_unlimited = true;
    pcnsim::testing::SteppedRun run(s);
    const auto ages = run.agents().age;
    run.run(52);
    int stayed = 0;
    for (std::size_t i = 0; i < ages.size(); ++i) {
        if (run.agents().registered_week[i] != -1) continue;
        ++stayed;
        CHECK(run.agents().age[i] == std::min<int>(ages[i] + 1, kMaxAge));
    }
    CHECK(stayed > 8000);
    CHECK(run.agents().size() == 10000);
}

TEST_CASE("demography: deregistrations match the turnover rate") {
    // Each week every patient leaves with p = 1 - (1 - t)^(1/52) (death and deregistration share one
    // uniform as competing risks, so the deregistration probability is exactly p). Expected leavers
    // over 52 weeks = 52 N p; the count is binomial: SD <= sqrt(E).
    Scenario s = pcnsim::testing::small_scenario(20000, 2);
    s.gp_capacity_unlimited = true;
    pcnsim::testing::SteppedRun run(s);
    const auto totals = run.run(52);
    const double p = 1.0 - std::pow(1.0 - s.parameters.get("demography.turnover_per_year"), 1.0 / 52.0);
    const double expected = 20000.0 * 52 * p;
    CHECK(std::abs(static_cast<double>(totals[Counter::deregistrations]) - expected) < 4 * std::sqrt(expected));
    CHECK(totals[Counter::registrations] == totals[Counter::deaths] + totals[Counter::deregistrations]);
}

TEST_CASE("demography: deaths in a fit population of men aged 85-89 follow the Gompertz table") {
    // Week 0 only, so ages are those drawn (a birthday in week 0 moves 1/52 of them one year on,
    // raising the expectation by under 0.2%, far inside the tolerance). All fit, so the frailty
    // hazard ratios normalise to 1. Expected = sum of weekly probabilities; SD <= sqrt(expected).
    Scenario s = pcnsim::testing::small_scenario(1000, 1);
    s.gp_capacity_unlimited = true;
    for (const char* k : {"frailty.prevalence_65plus_mild", "frailty.prevalence_65plus_moderate",
                          "frailty.prevalence_65plus_severe", "care_home.share_85plus"})
        s.parameters.set(k, 0.0);
    PracticeProfile practice;
    practice.code = "OLD";
    practice.counts[1][17] = 200000;  // men, 85-89
    Simulation sim(s, {practice}, 0);
    auto& a = sim.population().agents;
    for (auto f : a.frailty) REQUIRE(f == Frailty::fit);
    double expected = 0;
    const double q40 = s.parameters.get("mortality.q40_male"), slope = s.parameters.get("mortality.gompertz_slope");
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double q = std::min(1.0, q40 * std::exp(slope * (a.age[i] - 40)));
        expected += 1.0 - std::pow(1.0 - q, 1.0 / 52.0);
    }
    sim.step_week();
    const double deaths = static_cast<double>(sim.last_week_groups()[0][Counter::deaths]);
    CAPTURE(deaths);
    CAPTURE(expected);
    CHECK(std::abs(deaths - expected) < 4 * std::sqrt(expected) + 0.002 * expected);
}
