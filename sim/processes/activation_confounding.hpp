#pragma once
// The confounded part of the activation gradient (MODEL.md section 5). Low-activation patients use
// more services partly because activation changes use (the causal part, activation.causal_share of
// the adjusted gradient, carried by the PAM score) and partly for reasons coaching does not touch:
// a latent trait (the set point's deviation, AgentStore::activation_trait) that lowers the set point
// and raises the rate of use. A service's loading on the trait is not a free knob: it is derived
// here so that a Poisson regression of adults' annual use on PAM level, adjusted for what Barker et
// al. 2018 adjusted for, returns the published level-4 vs level-1 rate ratio whatever causal_share
// is. The derivation works on the reference population's latent activation (one normal group per
// IMD quintile and multimorbidity, whose rates the regression's covariates absorb) and follows each
// patient's PAM score over the year after it is measured, as the model's drift moves it.
#include <array>
#include <string_view>

#include "sim/population/population.hpp"
#include "sim/scenario/parameters.hpp"

namespace pcnsim {

// The gap between the mean scores of level 1 and level 4 adults over which Barker et al.'s adjusted
// ratio is spread to give the per-10-point rate ratios (PARAMETERS.md): the published level-4 vs
// level-1 ratio is therefore rr_per_10_points ^ (kBarkerLevelGapPoints / 10).
inline constexpr double kBarkerLevelGapPoints = 38.0;

struct ConfoundingFit {
    double loading = 0;         // log rate ratio per SD of the trait
    double target_ratio = 1;    // level 4 vs level 1, adjusted (Barker)
    double causal_ratio = 1;    // what the causal part alone gives the regression
    double fitted_ratio = 1;    // with the loading: equals target_ratio to solver precision
};

// The services whose rates carry the trait (their parameter prefixes: activation.<prefix>_rr_per_10_points).
inline constexpr std::array<std::string_view, 3> kConfoundedServices = {"gp", "ae", "admission"};

struct ConfoundingFits {
    std::array<ConfoundingFit, kConfoundedServices.size()> by_service{};
    const ConfoundingFit& of(std::string_view service) const;  // "gp", "ae" or "admission"
};

// All three at once, from one quadrature: computed once per run (Simulation), shared by both arms.
ConfoundingFits fit_confounding(const Parameters& p, const PopulationModel& model);

}  // namespace pcnsim
