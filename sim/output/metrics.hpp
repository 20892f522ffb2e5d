#pragma once
// The output metric catalogue: stable snake_case names that researchers script against. The same
// table is printed by `pcnsim metrics` and documented in docs/metrics.md (a test keeps them in step).
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/tally.hpp"
#include "sim/scenario/parameters.hpp"

namespace pcnsim {

enum class MetricKind {
    flow,   // events: summed over weeks; per_1000_per_year is given
    stock,  // a level each week: the horizon figure is the mean over weeks
    ratio,  // numerator / denominator counters, both summed over the weeks in question
};

enum class MetricScope {
    groups,    // every patient group
    practice,  // belongs to a practice, not a patient group: whole run, by practice, by PCN
    pcn,       // belongs to the PCN (the coach workforce): whole run and by PCN
};

struct MetricInfo {
    std::string_view name;
    MetricKind kind;
    Counter numerator;
    Counter denominator;          // ratio only
    double scale;                 // numerator multiplier (e.g. 1 / kPamScale)
    std::string_view cost_param;  // flows in GBP: the unit cost parameter; empty otherwise
    MetricScope scope;
    std::string_view unit;
    std::string_view description;
};

const std::vector<MetricInfo>& metric_catalogue();
// The metric of this name, or null.
const MetricInfo* find_metric(std::string_view name);

// Value of a metric from counters summed over `weeks` weeks.
double metric_value(const MetricInfo& m, const CounterSet& sums, int weeks, const Parameters& p);

}  // namespace pcnsim
