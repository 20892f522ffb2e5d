// Emergency admissions via A&E: each attendance converts with probability
// (1 - direct_share) x admission rate / A&E rate, so admissions keep their expected rate.
#include <doctest/doctest.h>

#include <cmath>

#include "tests/support.hpp"

using namespace pcnsim;

TEST_CASE("acute_care: admissions split between direct and via A&E keep the admission rate") {
    // Young adults only (25-44): the conversion probability stays well below 1, so no capping.
    // Expected admissions = sum of admission rates: with static rates the total is a sum of a
    // Poisson (direct) and thinned Poisson (via A&E) counts, itself Poisson: SD = sqrt(expected).
    Scenario s = pcnsim::testing::small_scenario(1000, 1);
    s.demography = false;
    s.gp_capacity_unlimited = true;
    s.parameters.set("activation.annual_autocorrelation", 1.0);
    s.parameters.set("propensity.transient_sd", 0.0);
    PracticeProfile practice;
    practice.code = "YOUNG";
    for (int band = 5; band <= 8; ++band) practice.counts[0][static_cast<std::size_t>(band)] = practice.counts[1][static_cast<std::size_t>(band)] = 25000;
    Simulation sim(s, {practice}, 0);
    // Normalisation makes the band's total admission rate N x base(band, sex).
    const auto ref = england_age_sex_weights(Parameters());
    double reference = 0, weight = 0;
    for (int a = 0; a <= kMaxAge; ++a)
        for (int sex = 0; sex < 2; ++sex) {
            const double w = ref[static_cast<std::size_t>(a)][static_cast<std::size_t>(sex)];
            reference += w * s.parameters.get(std::string("admission.age_shape.") + kServiceAgeBandNames[service_age_band(a)]);
            weight += w;
        }
    const double base_25_44 = s.parameters.get("admission.age_shape.25_44") * 0.11 / (reference / weight);
    const double expected = 200000.0 * base_25_44 * 26 / 52.0;
    double admissions = 0, attendances = 0;
    for (int w = 0; w < 26; ++w) {
        sim.step_week();
        admissions += static_cast<double>(sim.last_week_groups()[0][Counter::emergency_admissions]);
        attendances += static_cast<double>(sim.last_week_groups()[0][Counter::ae_attendances]);
    }
    CAPTURE(admissions);
    CAPTURE(expected);
    CHECK(std::abs(admissions - expected) < 4 * std::sqrt(expected));
    CHECK(attendances > admissions);
}
