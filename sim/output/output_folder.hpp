#pragma once
// An output folder: where it goes, whether it may be written, and writing it atomically. A folder
// is written under a temporary name and renamed into place only when complete, so a crash or
// Ctrl-C never leaves a half-written folder that looks finished.
#include <filesystem>
#include <functional>
#include <string>

namespace pcnsim {

struct OutputOptions {
    std::string dir;
    bool force = false;
    std::string command_line;
    bool timeseries = true;  // sweeps leave out each point's timeseries.csv (tens of MB each)
    // timeseries.csv with one row per arm, week, metric and group (mean and percentiles over runs)
    // instead of one per run, so its size does not grow with replications and PSA draws.
    bool timeseries_bands = false;
    bool report = false;  // the command line also writes report.html into the folder (viz/report.hpp)
};

// Throws std::runtime_error naming the path when the folder may not be written: it exists and
// `force` is off, or it is the working folder or contains it (replacing it would delete the user's
// files). Called before a run starts, so nobody waits for a run whose outputs will be refused.
void check_output_folder(const OutputOptions& options);
// The output folder as an absolute path ("out/" and "out" are the same folder).
std::filesystem::path output_path(const std::string& dir);

// Writes an output folder's files into a fresh temporary folder beside `options.dir`, then renames
// it into place, so a failure or interruption never leaves a half-written folder that looks
// complete. Throws std::runtime_error naming the folder.
void write_folder_atomically(const OutputOptions& options, const std::function<void(const std::filesystem::path&)>& write_files);

}  // namespace pcnsim
