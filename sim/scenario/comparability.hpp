#pragma once
// Scenarios compared (compare, sweep) must describe the same population and horizon, so that their
// differences come from the scenarios and not from the population or the random numbers.
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/problems.hpp"
#include "sim/scenario/scenario.hpp"

namespace pcnsim {

// Parameters whose declaration says Comparison::same_population (the population and the processes
// both arms share: demography, propensity, activation set points) must have one value in every
// compared scenario.
// One problem for each way a scenario differs from the first one (paths: the scenarios' files,
// for the messages), and for each name used twice.
void check_comparable(const std::vector<Scenario>& scenarios, const std::vector<std::string>& paths, Problems& problems);

}  // namespace pcnsim
