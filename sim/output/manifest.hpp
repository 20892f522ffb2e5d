#pragma once
// manifest.json: what made an output folder (version, commit, command line, scenario text, run
// settings, population, every parameter with its declaration, the posterior file) and whether it
// completed. The report reads a folder's parameters from here, so an old folder's report shows that
// folder's parameters, not the running program's.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <vector>

#include "sim/engine/ensemble.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/scenario/posterior.hpp"

namespace pcnsim {

// A manifest's first keys: version, commit and command line.
nlohmann::ordered_json provenance(const OutputOptions& options);

// Every declared parameter, in declaration order, by name: its value here, and its declaration's
// default, unit, plausible range (min, max), prior and source.
nlohmann::ordered_json parameters_json(const Parameters& p);

// The posterior file the PSA drew from: which file, and its content's size and digest, so a folder
// can be matched to the exact posterior even after the file moved or changed.
nlohmann::ordered_json posterior_json(const PosteriorSamples& p);

// Writes the JSON, indented by 2, with a final newline. Throws IoError (sim/core/file_io.hpp).
void write_json_file(const nlohmann::ordered_json& json, const std::filesystem::path& path);

// A run folder's manifest, and the same written to a file.
nlohmann::ordered_json run_manifest(const RunResult& run, const OutputOptions& options);
void write_run_manifest(const RunResult& run, const OutputOptions& options, const std::filesystem::path& path);
// A compare or sweep folder's manifest: the scenarios compared (each has its own manifest in its
// subfolder), the posterior, if any, and the keys of `more` (an object).
void write_comparison_manifest(const std::vector<RunResult>& runs, const OutputOptions& options, const std::filesystem::path& path,
                               const nlohmann::ordered_json& more = nlohmann::ordered_json::object());

}  // namespace pcnsim
