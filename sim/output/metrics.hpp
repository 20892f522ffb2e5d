#pragma once
// The output metric catalogue: stable snake_case names that researchers script against, declared by
// the modules that count them (sim/core/module.hpp) and assembled by the catalogue. The same table is
// printed by `pcnsim metrics` and documented in docs/metrics.md (a test keeps them in step).
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/declarations.hpp"
#include "sim/core/tally.hpp"
#include "sim/scenario/parameters.hpp"

namespace pcnsim {

const std::vector<MetricInfo>& metric_catalogue();
// The metric of this name, or null.
const MetricInfo* find_metric(std::string_view name);

// Value of a metric from counters summed over `weeks` weeks.
double metric_value(const MetricInfo& m, const CounterSet& sums, int weeks, const Parameters& p);

}  // namespace pcnsim
