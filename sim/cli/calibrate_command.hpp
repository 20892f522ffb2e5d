#pragma once
// `pcnsim calibrate CONFIG --out DIR`: the CLI side of a calibration (sim/calibration/calibration.hpp):
// progress, Ctrl-C with a checkpoint, --resume, MPI ranks sharing the evaluations, the outputs.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/mpi_sharing.hpp"
#include "sim/output/output_folder.hpp"

namespace pcnsim {

struct CalibrateArgs {
    std::string config;
    std::vector<std::string> sets;  // scenario overrides, after the config's own
    std::optional<int> threads;
    bool resume = false;
    std::string synthesize;  // write synthetic targets from the [truth] values to this file instead of calibrating
    double relative_sd = 0.03;
    std::uint64_t truth_seed = 1;
    int coverage = 0;  // recoveries of a coverage check (simulation-based calibration) instead of one calibration; 0: none
    bool quiet = false;
};

struct Interruption {
    std::atomic<bool>* requested;  // set by the signal handler
    const std::atomic<int>* signal;
};

// Exit codes as every command: 0, 1 runtime failure, 2 bad input, 128 + signal when interrupted.
int calibrate_command(const CalibrateArgs& args, const OutputOptions& output, const MpiSharing& sharing, Interruption interruption);

}  // namespace pcnsim
