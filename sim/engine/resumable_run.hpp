#pragma once
// One scenario's run as the commands make it: its units shared out to MPI ranks, resumed from the
// units an interrupted run saved, and saved again when interrupted (partial_run.hpp), so that a
// repeated command with --resume loses none of the finished work. Compiled into the program only,
// with MPI work sharing (CMakeLists.txt).
#include <cstddef>
#include <filesystem>

#include "sim/engine/ensemble.hpp"
#include "sim/engine/mpi_sharing.hpp"

namespace pcnsim {

struct ResumableRun {
    std::filesystem::path output_folder;  // absolute (output_path): the saved state goes beside it
    std::size_t index = 0;                // the scenario's place in a compare or sweep (0 for run)
    bool resume = false;                  // keep the units an interrupted run saved (--resume)
    // Save a finished run too (one scenario of several), so that an interruption of a later
    // scenario loses none of this one.
    bool save_finished = false;
};

// Runs this rank's share of the scenario's units with `control` (progress, cancel) and adds the
// other ranks' shares: rank 0 returns the whole run, other ranks their own share. A cancelled run
// (result.cancelled, on every rank) has its completed units saved in resume_file(output_folder,
// index). Throws CannotResume (partial_run.hpp).
RunResult run_resumable(const Scenario& scenario, const ResumableRun& how, RunControl control, const MpiSharing& sharing);

}  // namespace pcnsim
