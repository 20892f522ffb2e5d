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
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace pcnsim {

// Parameter sets for `draws` PSA draws of the scenario (its own values where it sets them).
std::vector<Parameters> psa_parameter_draws(const Scenario& scenario, int draws);

// Whether the PSA varies parameter `index` for this scenario (from its prior or from the posterior).
bool psa_varies(const Scenario& scenario, int index);

}  // namespace pcnsim
