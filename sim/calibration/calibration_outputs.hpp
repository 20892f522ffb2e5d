#pragma once
// A calibration's output folder (docs/calibration.md): posterior.csv (weighted samples, the file
// `--posterior` reads), posterior_summary.csv, diagnostics.csv, predictive_check.csv and
// manifest.json, written atomically like every output folder.
#include "sim/calibration/calibration.hpp"
#include "sim/calibration/coverage.hpp"
#include "sim/output/output_folder.hpp"

namespace pcnsim {

// Throws std::runtime_error naming the folder when it cannot be written.
void write_calibration_outputs(const CalibrationConfig& config, const CalibrationResult& result, double wall_seconds,
                               const OutputOptions& options);

// A coverage folder (docs/calibration.md, Coverage): coverage.csv (a row per recovery and free
// parameter), coverage_summary.csv (a row per parameter, with its binomial bands) and manifest.json.
void write_coverage_outputs(const CalibrationConfig& config, const CoverageResult& result, const CoverageSettings& settings,
                            double wall_seconds, const OutputOptions& options);

// A targets file (docs/calibration.md) with these rows, written whole (temporary file, then rename).
void write_targets(const std::vector<CalibrationTarget>& targets, const std::string& path);

}  // namespace pcnsim
