// GP demand, A&E attendances and emergency admissions against their analytic expectation.
//
// Set-up: unlimited GP capacity, no demography, activation held fixed (annual autocorrelation 1)
// and no transient propensity, so every patient's weekly rates are constant. Normalisation
// (MODEL.md 4.3) makes the sum of rates in each age-sex band equal N_band x base(band), so the
// expected count over W weeks is W x sum over bands of N_band x base(band), where base is the
// age-sex shape rescaled so that the reference England-like list has the national rate. This is
// computed here from the parameter table and the reference structure alone, not from model code.
// Conditional on the rates, counts are Poisson: the SD of the total is sqrt(expected), and the
// tolerance is 4 SD (false-alarm rate 6e-5). Admissions are tested with every admission direct
// (admission.direct_share = 1), which makes them exactly Poisson too; conversion from A&E is tested
// separately in test_acute_care.cpp.
#include <doctest/doctest.h>

#include <cmath>

#include "sim/processes/service_rate.hpp"
#include "tests/support.hpp"

using namespace pcnsim;

namespace {

constexpr int kWeeks = 52;

Scenario static_rates_scenario() {
    Scenario s = pcnsim::testing::small_scenario(20000, 2);
    s.demography = false;
    s.gp_capacity_unlimited = true;
    s.parameters.set("activation.annual_autocorrelation", 1.0);
    s.parameters.set("propensity.transient_sd", 0.0);
    s.parameters.set("admission.direct_share", 1.0);
    return s;
}

// Expected yearly count for the population from the specification of base rates.
double analytic_expectation(const Parameters& p, const std::string& prefix, const AgentStore& agents) {
    const auto& ref = england_age_sex_weights();
    const std::string female_key = prefix + ".female_ratio_15_64";
    const double female_ratio = Parameters::index_of(female_key) >= 0 ? p.get(female_key) : 1.0;
    const auto shape = [&](int age, int sex) {
        const int band = service_age_band(age);
        const bool working_age_female = sex == 0 && age >= 15 && age < 65;
        return p.get(prefix + ".age_shape." + kServiceAgeBandNames[band]) * (working_age_female ? female_ratio : 1.0);
    };
    double reference = 0, total_weight = 0;
    for (int a = 0; a <= kMaxAge; ++a)
        for (int s = 0; s < 2; ++s) {
            reference += ref[static_cast<std::size_t>(a)][static_cast<std::size_t>(s)] * shape(a, s);
            total_weight += ref[static_cast<std::size_t>(a)][static_cast<std::size_t>(s)];
        }
    const double scale = p.get(prefix + ".base_rate_per_year") / (reference / total_weight);
    double expected = 0;
    for (std::size_t i = 0; i < agents.size(); ++i) expected += shape(agents.age[i], static_cast<int>(agents.sex[i])) * scale;
    return expected * kWeeks / 52.0;
}

void check_within_poisson_error(double observed, double expected) {
    CAPTURE(observed);
    CAPTURE(expected);
    CHECK(std::abs(observed - expected) < 4 * std::sqrt(expected));
}

}  // namespace

TEST_CASE("gp_demand: yearly appointments equal the analytic expectation (unlimited capacity)") {
    pcnsim::testing::SteppedRun run(static_rates_scenario());
    const double expected = analytic_expectation(run.scenario.parameters, "gp", run.agents());
    const auto totals = run.run(kWeeks);
    check_within_poisson_error(static_cast<double>(totals[Counter::gp_appointments]), expected);
    CHECK(totals[Counter::gp_appointments] == totals[Counter::gp_requests]);
    // England-like population: about 5.9 a patient-year (sanity of the reference scaling).
    CHECK(expected / 20000 == doctest::Approx(5.9).epsilon(0.03));
}

TEST_CASE("acute_care: yearly A&E attendances and admissions equal the analytic expectation") {
    pcnsim::testing::SteppedRun run(static_rates_scenario());
    const double ae = analytic_expectation(run.scenario.parameters, "ae", run.agents());
    const double admissions = analytic_expectation(run.scenario.parameters, "admission", run.agents());
    const auto totals = run.run(kWeeks);
    check_within_poisson_error(static_cast<double>(totals[Counter::ae_attendances]), ae);
    check_within_poisson_error(static_cast<double>(totals[Counter::emergency_admissions]), admissions);
}

TEST_CASE("gp_demand: the expectation holds by age band, not only in total") {
    // Same derivation per band: each band's count is Poisson with its own expectation.
    pcnsim::testing::SteppedRun run(static_rates_scenario());
    std::array<double, kServiceAgeBands> expected{};
    {
        AgentStore one_band;
        for (int b = 0; b < kServiceAgeBands; ++b) {
            std::vector<std::size_t> members;
            for (std::size_t i = 0; i < run.agents().size(); ++i)
                if (service_age_band(run.agents().age[i]) == b) members.push_back(i);
            one_band.resize(members.size());
            for (std::size_t k = 0; k < members.size(); ++k) {
                one_band.age[k] = run.agents().age[members[k]];
                one_band.sex[k] = run.agents().sex[members[k]];
            }
            expected[static_cast<std::size_t>(b)] = analytic_expectation(run.scenario.parameters, "gp", one_band);
        }
    }
    std::array<double, kServiceAgeBands> observed{};
    for (int w = 0; w < kWeeks; ++w) {
        run.sim->step_week();
        const auto& groups = run.sim->last_week_groups();
        for (int b = 0; b < kServiceAgeBands; ++b)
            observed[static_cast<std::size_t>(b)] += static_cast<double>(groups[3 + static_cast<std::size_t>(b)][Counter::gp_appointments]);
    }
    for (int b = 0; b < kServiceAgeBands; ++b) {
        CAPTURE(kServiceAgeBandNames[b]);
        check_within_poisson_error(observed[static_cast<std::size_t>(b)], expected[static_cast<std::size_t>(b)]);
    }
}

TEST_CASE("service_rate: the activation gradient follows causal_share") {
    Parameters p;
    const ServiceRate full_share = [&] { p.set("activation.causal_share", 1.0); return ServiceRate(p, "gp"); }();
    const ServiceRate no_share = [&] { p.set("activation.causal_share", 0.0); return ServiceRate(p, "gp"); }();
    const ServiceRate half_share = [&] { p.set("activation.causal_share", 0.5); return ServiceRate(p, "gp"); }();
    // +10 points multiplies the rate by rr^share.
    CHECK(full_share.activation_multiplier(65.1f) / full_share.activation_multiplier(55.1f) == doctest::Approx(0.949).epsilon(1e-5));
    CHECK(half_share.activation_multiplier(65.1f) / half_share.activation_multiplier(55.1f) ==
          doctest::Approx(std::sqrt(0.949)).epsilon(1e-5));
    CHECK(no_share.activation_multiplier(20.0f) == doctest::Approx(1.0));
    CHECK(no_share.activation_multiplier(90.0f) == doctest::Approx(1.0));
}
