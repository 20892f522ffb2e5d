#pragma once
// `pcnsim tornado SCENARIO.toml [--measure M] [--parameters a,b,c] [--top N]`: one-way sensitivity
// (sim/scenario/tornado.hpp). Each parameter the PSA would vary, at its prior's 5th and 95th
// percentiles with the others at the scenario's values, on common random numbers; tornado.csv sorted
// by swing and the top of it printed.
#include <string>
#include <vector>

#include "sim/cli/calibrate_command.hpp"
#include "sim/cli/scenario_args.hpp"
#include "sim/cli/sensitivity_runs.hpp"
#include "sim/output/output_folder.hpp"

namespace CLI {
class App;
}

namespace pcnsim {

struct TornadoArgs {
    ScenarioArgs scenario = {};
    std::string measure = kDefaultSensitivityMeasure;
    std::vector<std::string> parameters = {};  // empty: every parameter the PSA would vary
    int top = 10;
    bool quiet = false;
};

CLI::App* add_tornado_command(CLI::App& app, TornadoArgs& args, OutputOptions& output);

// Exit codes as every command: 0, 1 runtime failure, 2 bad input, 128 + signal when interrupted.
int tornado_command(const TornadoArgs& args, const OutputOptions& output, Interruption interruption);

}  // namespace pcnsim
