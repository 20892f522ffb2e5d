// The confounded part of the activation gradient (activation_confounding.hpp): the trait loading
// derived at start-up, and a Poisson regression of simulated adults' annual use on PAM level and
// Barker et al.'s covariates that returns Barker's adjusted ratios at any causal_share.
#include <doctest/doctest.h>

#include <cmath>

#include "sim/processes/activation_confounding.hpp"
#include "tests/support.hpp"

using namespace pcnsim;

TEST_CASE("activation_confounding: the derived loading makes the expected regression ratio the target at any causal share") {
    const auto fits_at = [](double share) {
        Parameters p;
        p.set("activation.causal_share", share);
        return fit_confounding(p, PopulationModel(p));
    };
    const auto unconfounded = fits_at(0.0);
    for (const double share : {0.0, 0.5, 1.0}) {
        const auto fits = fits_at(share);
        for (const auto service : kConfoundedServices) {
            const auto& fit = fits.of(service);
            CAPTURE(share);
            const std::string name(service);
            CAPTURE(name);
            CHECK(fit.fitted_ratio == doctest::Approx(fit.target_ratio).epsilon(1e-6));
            // With no causal part the whole adjusted gradient is confounded: the trait lowers use.
            if (share == 0.0) CHECK(fit.loading < -0.02);
            if (share == 0.0) CHECK(fit.causal_ratio == doctest::Approx(1.0));
            // The causal part alone falls short of the target by the dilution of a year's drift.
            if (share == 1.0) CHECK(std::abs(fit.loading) < std::abs(unconfounded.of(service).loading));
        }
    }
    const auto defaults = fits_at(0.5);
    CHECK(defaults.of("gp").target_ratio == doctest::Approx(0.82).epsilon(0.005));
    CHECK(defaults.of("ae").target_ratio == doctest::Approx(0.68).epsilon(0.005));
    CHECK(defaults.of("admission").target_ratio == doctest::Approx(0.62).epsilon(0.005));
}
