#pragma once
// The cost-effectiveness frontier of a set of points (a sweep's). A pure function of the values.
#include <optional>
#include <string>
#include <vector>

namespace pcnsim {

// Points not dominated on (lower cost, higher benefit): no other point of the same group costs no
// more and gains no less, with one of the two strictly better. Equal points do not dominate each
// other. Undefined values are never on the frontier. Without groups every point is in one group.
std::vector<bool> cost_effectiveness_frontier(const std::vector<std::optional<double>>& cost,
                                              const std::vector<std::optional<double>>& benefit,
                                              const std::vector<std::string>& group = {});

}  // namespace pcnsim
