#pragma once
// Statistics of paired runs: scenarios run on the same population, random numbers and PSA draws, so
// run k of every scenario is one paired comparison. A value may be undefined in some runs (a ratio
// with a zero denominator): std::nullopt. Pure functions of the values.
#include <optional>
#include <vector>

namespace pcnsim {

// The defined values, in order.
std::vector<double> defined_values(const std::vector<std::optional<double>>& values);

// values[i][k]: scenario i in run k. The share of runs in which each scenario has the highest
// defined value; scenarios tied at the top share the run. A run where no scenario has a value
// counts for nobody, so the shares then sum to less than 1. Runs are counted from the first
// scenario's.
std::vector<double> probability_best(const std::vector<std::vector<std::optional<double>>>& values);

// scenario[k] - reference[k] for every run k where both are defined (up to the shorter), in run
// order.
std::vector<double> defined_differences(const std::vector<std::optional<double>>& scenario,
                                        const std::vector<std::optional<double>>& reference);

// The share of the values above 0 (0 without values).
double share_positive(const std::vector<double>& values);

}  // namespace pcnsim
