#pragma once
// Probabilistic sensitivity analysis: parameter sets drawn from the declared priors by Latin
// hypercube sampling. Every parameter with a prior that is not `fixed` and that the scenario does
// not set itself (in a file or with --set) is varied; each prior is truncated to the parameter's
// declared range. Draws are a pure function of the seed.
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace pcnsim {

// Parameter sets for `draws` PSA draws of the scenario (its own values where it sets them).
std::vector<Parameters> psa_parameter_draws(const Scenario& scenario, int draws);

// Whether the PSA varies parameter `index` for this scenario.
bool psa_varies(const Scenario& scenario, int index);

}  // namespace pcnsim
