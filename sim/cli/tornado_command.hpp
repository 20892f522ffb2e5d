#pragma once
// `pcnsim tornado SCENARIO.toml [--measure M] [--parameters a,b,c] [--top N]`: one-way sensitivity
// (sim/scenario/tornado.hpp). Each parameter the PSA would vary, at its prior's 5th and 95th
// percentiles with the others at the scenario's values, on common random numbers; tornado.csv sorted
// by swing and the top of it printed.
#include <filesystem>
#include <iosfwd>
#include <memory>
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

// The one-way sensitivity of the command, also run by `pcnsim compare --tornado`.
class TornadoAnalysis final : public SensitivityAnalysis {
public:
    // `parameters` empty: every parameter the PSA would vary. Problems name `parameters_flag` (unknown
    // parameters, or parameters the PSA would not vary) and `measure_flag` (an unknown measure).
    TornadoAnalysis(std::string measure, std::vector<std::string> parameters, int top, std::string parameters_flag = "--parameters",
                    std::string measure_flag = "--measure");
    ~TornadoAnalysis() override;
    int default_replications() const override { return kDefaultTornadoReplications; }
    void check(const Scenario& scenario, Problems& problems) const override;
    void run(Scenario scenario, Interruption interruption, bool quiet) override;
    void write(const std::filesystem::path& folder, const OutputOptions& output) const override;
    void print(const std::string& dir, std::ostream& out) const override;

private:
    struct State;  // the arguments, the runs and the tornado
    std::unique_ptr<State> state_;
};

CLI::App* add_tornado_command(CLI::App& app, TornadoArgs& args, OutputOptions& output);

// Exit codes as every command: 0, 1 runtime failure, 2 bad input, 128 + signal when interrupted.
int tornado_command(const TornadoArgs& args, const OutputOptions& output, Interruption interruption);

}  // namespace pcnsim
