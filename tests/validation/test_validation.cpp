// Validation against published evidence (sim/validation/validation.hpp): Barker et al.'s
// regressions on simulated adults recover the adjusted ratios at causal_share 0 and 1, and the
// checks run end to end on a reduced population.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "sim/engine/ensemble.hpp"
#include "sim/validation/validation.hpp"
#include "tests/support.hpp"

using namespace pcnsim;

namespace {

RunResult population_run(double causal_share, int list_size) {
    Scenario s = pcnsim::testing::small_scenario(list_size, 4);
    s.run.weeks = 104;
    s.run.warmup_weeks = 52;
    s.run.replications = 1;
    s.run.patient_extract = true;
    s.parameters.set("activation.causal_share", causal_share);
    return run_scenario(s);
}

// Barker et al.'s adjusted level-4 vs level-1 ratios (the targets rr_per_10_points^3.8).
constexpr double kTarget[3] = {0.82, 0.68, 0.62};

}  // namespace

// The regression's own robust 95% interval is +-1.96 SE on the log scale, so SE = log(upper /
// lower) / 3.92. The derivation behind the loading is exact for its own expected regression, but the
// simulated regression differs from it by sampling error and by what the derivation simplifies (the
// regression here adjusts for age band, sex, IMD, conditions, frailty and care home rather than IMD x
// multimorbidity groups; rates differ within groups; demography turns the list over). Tolerance: 4
// SE (false alarm 6e-5 per ratio) plus 0.03 on the log scale for those simplifications (about a
// sixth of the GP gradient). Power: without the confounding trait the ratio at causal_share 0 is 1,
// log distance 0.2 (GP), 0.39 (A&E), 0.48 (admissions) from the targets, against a tolerance of
// about 0.13, 0.25 and 0.45 at 30,000 patients.
TEST_CASE("validation: Barker's regression recovers the adjusted ratios at causal_share 0 and 1") {
    for (const double share : {0.0, 1.0}) {
        const auto run = population_run(share, 30000);
        const auto fits = barker_regressions(run);
        for (std::size_t s = 0; s < 3; ++s) {
            const auto& r = fits.adjusted_4_vs_1[s];
            const double se = std::log(r.upper / r.lower) / 3.92;
            CAPTURE(share);
            CAPTURE(s);
            CAPTURE(r.estimate);
            CHECK(std::abs(std::log(r.estimate / kTarget[s])) < 4 * se + 0.03);
        }
        // The unadjusted gradient is steeper than the adjusted one: deprivation and multimorbidity
        // lower the set point and raise use (the measured confounding).
        for (std::size_t s = 0; s < 3; ++s) CHECK(fits.unadjusted_1_vs_4[s].estimate > 1 / fits.adjusted_4_vs_1[s].estimate);
    }
}

TEST_CASE("validation: every check runs on a reduced population and reports its band") {
    const auto base = population_run(0.5, 6000);
    Scenario coaching = pcnsim::testing::load_test_scenario("scenarios/staffing/2-wte.toml",
                                                            {"population.list_size=6000", "run.weeks=104", "run.replications=1"});
    const auto coached = run_scenario(coaching);
    const auto checks = validation_checks(base, &coached);
    CHECK(checks.size() == 20);
    for (const auto& c : checks) {
        CAPTURE(c.check);
        CHECK(std::isfinite(c.model));
        CHECK(c.band_low <= c.published);
        CHECK(c.published <= c.band_high);
        CHECK(!c.source.empty());
    }
    const auto csv = validation_csv(checks);
    CHECK(csv.rfind("area,check,published,band_low,band_high,band_basis,source,model,model_low,model_high,model_basis,within_band\n", 0) == 0);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 21);
}
