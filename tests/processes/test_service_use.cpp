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

#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <numeric>
#include <optional>

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

// Expected count over `weeks` weeks for the population from the specification of base rates.
double analytic_expectation(const Parameters& p, const std::string& prefix, const AgentStore& agents, int weeks = kWeeks) {
    const auto ref = england_age_sex_weights(Parameters());
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
    return expected * weeks / 52.0;
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

// Interval coverage over repeated ensembles, with M = kEnsembles seeds of R = kReplications
// replications each. In the static-rates set-up the expected GP appointments of a replication over
// W weeks is the analytic value mu above, the same in every replication and for every seed: the
// synthesiser matches each practice's age-sex counts exactly, the service age bands are unions of
// its 5-year bands, and normalisation makes each band's rates sum to N_band x base(band) whatever
// conditions, propensities and PAM scores were drawn (the test checks that mu is the same in every
// replication). A replication's count is then a sum of independent Poisson draws, i.e. Poisson(mu)
// with mu about 1,100 (N = 2,000, W = 5): near enough normal (skewness 1 / sqrt(mu) = 0.03) that the
// t-interval mean +- t(0.975, R - 1) s / sqrt(R), exact for normal data, covers mu with probability
// 0.95 to well within the tolerance below. Without demography the population at risk is N every
// week, so the interval on the count is the interval on the rate per patient-year scaled by N W / 52.
// Ensembles use different seeds, so they are independent and the number of intervals covering mu is
// Binomial(M, 0.95).
// Tolerance: M = 400 gives mean 380 and SD sqrt(400 x 0.95 x 0.05) = 4.36; accept 365-395, i.e.
// within 3.5 SD. Exact binomial false-alarm probability: P(X <= 364) + P(X >= 396) = 5.7e-4 +
// 1.2e-5 = 5.8e-4 (the binomial is skewed at 0.95). Power: with mu off by 2 standard errors of the
// mean the coverage is 0.66 (about 265 of 400), by 1 standard error 0.88 (about 351), both rejected;
// replications sharing random numbers would give s = 0 and almost no coverage.
TEST_CASE("gp_demand: 95% t-intervals over replications cover the analytic expectation in 95% of ensembles") {
    constexpr int kEnsembles = 400, kReplications = 5, kCoverageWeeks = 5;
    constexpr int kLowest = 365, kHighest = 395;
    const double t = boost::math::quantile(boost::math::students_t(kReplications - 1), 0.975);
    Scenario s = static_rates_scenario();
    s.population.synthetic.list_size = 2000;
    std::optional<double> mu;
    int covered = 0;
    for (int m = 0; m < kEnsembles; ++m) {
        s.run.seed = 7000 + static_cast<std::uint64_t>(m);
        std::vector<double> counts;
        for (std::uint32_t r = 0; r < kReplications; ++r) {
            pcnsim::testing::SteppedRun run(s, r);
            const double expected = analytic_expectation(run.scenario.parameters, "gp", run.agents(), kCoverageWeeks);
            if (!mu) mu = expected;
            REQUIRE(expected == doctest::Approx(*mu).epsilon(1e-12));
            counts.push_back(static_cast<double>(run.run(kCoverageWeeks)[Counter::gp_appointments]));
        }
        const double mean = std::accumulate(counts.begin(), counts.end(), 0.0) / kReplications;
        double squares = 0;
        for (const double c : counts) squares += (c - mean) * (c - mean);
        const double half_width = t * std::sqrt(squares / (kReplications - 1)) / std::sqrt(kReplications);
        covered += std::abs(mean - *mu) <= half_width ? 1 : 0;
    }
    CAPTURE(*mu);
    CHECK(covered >= kLowest);
    CHECK(covered <= kHighest);
}
