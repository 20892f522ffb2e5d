#pragma once
// timeseries.csv: every reported metric and group week by week, for the scenario, its
// counterfactual and their difference.
#include <filesystem>

#include "sim/engine/ensemble.hpp"

namespace pcnsim {

// One row per arm, replication, week, metric and group.
void write_timeseries(const RunResult& run, const std::filesystem::path& path);

// --timeseries-bands: one row per arm, week, metric and group, with the mean and the 2.5th, 25th,
// 50th, 75th and 97.5th percentiles over every run (replications, or PSA draws x replications), so
// the file's size does not grow with the runs.
void write_timeseries_bands(const RunResult& run, const std::filesystem::path& path);

}  // namespace pcnsim
