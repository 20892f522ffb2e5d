#pragma once
// A calibration's output folder (docs/calibration.md): posterior.csv (weighted samples, the file
// `--posterior` reads), posterior_summary.csv, diagnostics.csv, predictive_check.csv and
// manifest.json, written atomically like every output folder.
#include "sim/calibration/calibration.hpp"
#include "sim/output/output_folder.hpp"

namespace pcnsim {

// Throws std::runtime_error naming the folder when it cannot be written.
void write_calibration_outputs(const CalibrationConfig& config, const CalibrationResult& result, double wall_seconds,
                               const OutputOptions& options);

// A targets file (docs/calibration.md) with these rows, written whole (temporary file, then rename).
void write_targets(const std::vector<CalibrationTarget>& targets, const std::string& path);

}  // namespace pcnsim
