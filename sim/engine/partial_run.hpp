#pragma once
// A partial run (some units of work done) as bytes: what an interrupted run leaves for --resume,
// and what one MPI rank sends to rank 0. The fingerprint names the scenario and settings the
// counters belong to; bytes with another fingerprint are refused, so a resume never mixes runs.
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/core/file_io.hpp"
#include "sim/engine/ensemble.hpp"

namespace pcnsim {

// Everything that decides a run's numbers: program version, scenario files' text, overrides, run
// settings (not the thread count, which changes no output).
std::string run_fingerprint(const Scenario& scenario);

std::string serialize_partial_run(const RunResult& run, const std::string& fingerprint);

// The bytes end with a SHA-256 digest of the rest (sim/core/digest.hpp). Throws std::runtime_error
// (with a message for the user) when the bytes are damaged or changed, or belong to another fingerprint.
RunResult deserialize_partial_run(std::string_view bytes, const std::string& fingerprint);

// The units done, without their counters: what a rank other than 0 resumes from (rank 0 alone adds
// the saved counters in, so they are not counted once per rank).
RunResult units_only(const RunResult& run);

// The saved state --resume found cannot be used: damaged, or of another scenario, calibration,
// other settings or another pcnsim version. The message names the file.
struct CannotResume : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The state a command saves for --resume lives in "<output folder>.resume/", beside the output
// folder (given as an absolute path without a trailing separator: output_path, output/output_folder.hpp).
std::filesystem::path resume_folder(const std::filesystem::path& output_folder);
// An interrupted run leaves its completed units in "<output folder>.resume/<index>.partial" (index:
// the scenario's place in a compare or sweep, 0 for run) until --resume completes it.
std::filesystem::path resume_file(const std::filesystem::path& output_folder, std::size_t index);
// Written to a temporary file and renamed, so a resume file is always whole.
void save_resume_file(const std::filesystem::path& file, const std::string& bytes);
// The file's bytes, or nothing when there is no such file.
std::optional<std::string> read_resume_file(const std::filesystem::path& file);
void remove_resume_folder(const std::filesystem::path& output_folder);
// Runs `write`; when it fails to write (a full disk), the state saved for --resume is kept and the
// IoError rethrown says so, if there is any; an empty resume folder is removed.
void keep_saved_state_on_failure(const std::filesystem::path& output_folder, const std::function<void()>& write);

}  // namespace pcnsim
