#pragma once
// An output folder: where it goes, whether it may be written, and writing it atomically. A folder
// is written under a temporary name and renamed into place only when complete, so a crash, a full
// disk or Ctrl-C never leaves a half-written folder that looks finished, and an earlier folder that
// --force replaces survives until the new one is complete.
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

namespace pcnsim {

struct OutputOptions {
    std::string dir = {};
    bool force = false;
    std::string command_line = {};
    bool timeseries = true;  // sweeps leave out each point's timeseries.csv (tens of MB each)
    // timeseries.csv with one row per arm, week, metric and group (mean and percentiles over runs)
    // instead of one per run, so its size does not grow with replications and PSA draws.
    bool timeseries_bands = false;
    bool report = false;  // the command line also writes report.html into the folder (viz/report.hpp)
};

// --out names a folder that may not be written (exit code 2, as for other bad flags).
struct OutputRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throws OutputRefused naming the path when the folder may not be written: it exists and `force` is
// off; it holds files pcnsim did not write (not listed in its manifest.json), which --force would
// delete; it is a file; it is the working folder or contains it. Called before a run starts, so
// nobody waits for a run whose outputs will be refused, and again before the folder is replaced.
void check_output_folder(const OutputOptions& options);
// The output folder as an absolute path ("out/" and "out" are the same folder).
std::filesystem::path output_path(const std::string& dir);

// Writes an output folder's files into a fresh temporary folder beside `options.dir`, lists them in
// its manifest.json ("files"), then moves it into place (an earlier folder is moved aside first and
// deleted last). On any failure the temporary folder is removed and an earlier folder is left as it
// was. Throws IoError (sim/core/file_io.hpp) naming the file as it would have been in `options.dir`.
void write_folder_atomically(const OutputOptions& options, const std::function<void(const std::filesystem::path&)>& write_files);

// Lists every file now in `folder` in its manifest.json ("files": relative paths), so that --force
// may later replace them; for files added after the folder was written (report.html).
void record_files_in_manifest(const std::filesystem::path& folder);

}  // namespace pcnsim
