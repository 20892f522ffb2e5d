#pragma once
// A run's output folder: timeseries.csv, summary.csv and economics.csv (long format),
// evaluation.csv and evaluation_balance.csv for a coaching scenario, psa_draws.csv with --psa, and
// manifest.json (docs/metrics.md, "Output files").
#include <filesystem>

#include "sim/engine/ensemble.hpp"
#include "sim/output/output_folder.hpp"

namespace pcnsim {

// Writes the folder atomically (output_folder.hpp). Throws std::runtime_error with a message naming
// the path when the folder cannot be written.
void write_run_outputs(const RunResult& run, const OutputOptions& options);

// The same files into an existing folder (a compare's or sweep's subfolder for each scenario).
void write_run_files(const RunResult& run, const OutputOptions& options, const std::filesystem::path& folder);

}  // namespace pcnsim
