#pragma once
// A compare's or sweep's output folder: a subfolder per scenario with its run files,
// comparison.csv (the ranking), manifest.json, and differences.csv (compare) or sweep.csv (sweep).
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sim/engine/ensemble.hpp"
#include "sim/output/comparison.hpp"
#include "sim/output/output_folder.hpp"

namespace pcnsim {

// A sweep's grid (sweep.hpp) beside its runs, for sweep.csv: per run, the scenario file and the
// value of every axis.
struct SweepGrid {
    std::vector<std::string> axis_keys;
    std::vector<std::string> scenario_files;
    std::vector<std::vector<std::string>> axis_values;
    std::vector<std::string> frontier_group;  // per run: points are compared only within a group
};

// DIR/<scenario>/ with each run's files, DIR/comparison.csv and DIR/manifest.json, written
// atomically; with a grid, also DIR/sweep.csv (one row per point, with the frontier flags), without
// one DIR/differences.csv (a sweep's first point is no natural reference). `more_files` writes any
// further files (e.g. voi.csv) into the folder before it is renamed into place; `more_manifest`'s keys
// are added to its manifest.json (e.g. what a subfolder was run on).
void write_comparison_outputs(const std::vector<RunResult>& runs, const std::vector<ComparisonRow>& table,
                              const std::string& rank_by, const OutputOptions& options, const SweepGrid* grid = nullptr,
                              const std::function<void(const std::filesystem::path&)>& more_files = {},
                              const nlohmann::ordered_json& more_manifest = nlohmann::ordered_json::object());

}  // namespace pcnsim
