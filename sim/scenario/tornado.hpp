#pragma once
// One-way sensitivity (pcnsim tornado): each parameter the PSA would vary for a scenario (psa.hpp)
// is set to its prior's 5th and then 95th percentile (truncated to its declared range), every other
// parameter staying at the scenario's value, and the measure at each end is set beside the measure
// at the scenario's values. Bars are sorted by swing, |measure at the 95th - measure at the 5th
// percentile|, largest first. Pure: the measure is a callback of the parameters, so the ordering and
// the percentiles can be tested without the model.
#include <functional>
#include <string>
#include <vector>

#include "sim/core/problems.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/stats/break_even.hpp"

namespace pcnsim {

// The prior's quantiles a tornado bar spans.
inline constexpr double kTornadoLowQuantile = 0.05, kTornadoHighQuantile = 0.95;

struct TornadoBar {
    int parameter = 0;                     // index in parameter_declarations()
    double low_value = 0, high_value = 0;  // the prior's 5th and 95th percentiles
    MeasureBand at_low = {}, at_high = {};
    // |at_high - at_low| of the means; NaN where the measure is undefined at an end.
    double swing() const;
};

struct Tornado {
    MeasureBand base;
    std::vector<TornadoBar> bars;  // largest swing first; undefined swings last
};

using MeasureAt = std::function<MeasureBand(const Parameters&)>;

// The parameters a tornado of the scenario varies, in declaration order: every one the PSA would
// vary or, when `names` is not empty, those named (a problem for an unknown name and for one the PSA
// would not vary: a fixed prior or a value the scenario sets; each names `flag`, the option that gave them).
std::vector<int> tornado_parameters(const Scenario& scenario, const std::vector<std::string>& names, Problems& problems,
                                    const std::string& flag = "--parameters");

// The measure at `base`, then at each parameter's two ends; `measure` is called 1 + 2 x parameters times.
Tornado tornado(const Parameters& base, const std::vector<int>& parameters, const MeasureAt& measure);

}  // namespace pcnsim
