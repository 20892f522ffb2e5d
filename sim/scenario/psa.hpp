#pragma once
// Probabilistic sensitivity analysis: parameter sets drawn from the declared priors by Latin
// hypercube sampling. Every parameter with a prior that is not `fixed` and that the scenario does
// not set itself (in a file or with --set) is varied; each prior is truncated to the parameter's
// declared range. Draws are a pure function of the seed.
//
// With a posterior (Scenario::posterior), each draw takes the posterior's parameters from one of its
// rows, chosen by stratified weighted resampling (resample_posterior); those parameters are varied
// even where the scenario sets them or their prior is fixed (the posterior overrides the scenario's
// values), and every other parameter follows the Latin hypercube above, unchanged.
#include <utility>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace pcnsim {

// Parameter sets for `draws` PSA draws of the scenario (its own values where it sets them).
std::vector<Parameters> psa_parameter_draws(const Scenario& scenario, int draws);

// A prior truncated to [lo, hi]: its quantile at u in (0, 1), and its log density up to a constant
// (the truncation changes only the constant). A fixed prior is read as uniform on [lo, hi].
double prior_quantile(const Prior& prior, double lo, double hi, double u);
double prior_log_density(const Prior& prior, double x);  // -infinity outside the support
// Where the prior has density: [0, 1] for Beta, above 0 for LogNormal, [a, b] for Uniform.
std::pair<double, double> prior_support(const Prior& prior);
// The declared prior's quantile (the default value for a fixed prior).
double prior_quantile(const ParameterDeclaration& decl, double u);

// Whether the PSA varies parameter `index` for this scenario (from its prior or from the posterior).
bool psa_varies(const Scenario& scenario, int index);

}  // namespace pcnsim
