#pragma once
// The [economics] settings of a scenario (declared by the valuation module): how the outputs value
// a run, not what is simulated. Read here, below the outputs, so that the comparability check and
// the economics read them the same way.
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace pcnsim {

struct EconomicSettings {
    double discount_rate = 0.035;                // a year, for costs and QALYs, from the first reported week
    std::vector<double> thresholds{20000, 30000};  // GBP per QALY
    bool operator==(const EconomicSettings&) const = default;
};

inline EconomicSettings economic_settings(const Scenario& scenario) {
    EconomicSettings s;
    s.discount_rate = scenario.module_setting("economics.discount_rate", s.discount_rate);
    if (const auto it = scenario.module_lists.find("economics.thresholds"); it != scenario.module_lists.end()) s.thresholds = it->second;
    return s;
}

}  // namespace pcnsim
