#pragma once
// `pcnsim validate [SCENARIO] [--coaching FILE] [--out DIR]`: runs the population without coaching
// (and a coaching scenario for coach throughput) and compares the model with the published evidence
// it was built from (MODEL.md section 12, sim/validation/validation.hpp).
#include <atomic>
#include <string>

#include "sim/cli/scenario_args.hpp"
#include "sim/output/output_folder.hpp"

namespace pcnsim {

struct ValidateArgs {
    // The population (run without coaching) and the flags both runs take.
    ScenarioArgs population{.path = "scenarios/baseline.toml"};
    std::string coaching = "scenarios/staffing/2-wte.toml";
    bool quiet = false;
};

// Exit codes as every command: 0 (whether or not every check is within its band: a miss is a
// finding, reported in the table), 1 runtime failure, 2 bad input, 128 + signal when interrupted.
int validate_command(const ValidateArgs& args, const OutputOptions& output, const std::atomic<bool>* cancel, const std::atomic<int>* signal);

}  // namespace pcnsim
