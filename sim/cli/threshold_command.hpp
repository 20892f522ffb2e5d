#pragma once
// `pcnsim threshold SCENARIO.toml --parameter NAME [--measure M] [--target V] [--range LO HI]`:
// break-even. Finds the value of a parameter at which an economics measure of the scenario (paired:
// scenario minus its own counterfactual) crosses a target, by a bracketing root finder over
// common-random-number runs (sim/stats/break_even.hpp), with an interval over replications.
// `--parameter` twice: a grid of the measure over both parameters, and the break-even of the second
// at each value of the first, read from the grid. Writes threshold.csv (and threshold_runs.csv or
// threshold_grid.csv) and manifest.json into --out (default out/threshold).
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

struct ThresholdArgs {
    ScenarioArgs scenario = {};
    std::vector<std::string> parameters = {};  // one: break-even; two: a grid
    std::string measure = kDefaultSensitivityMeasure;
    std::string target = "1";         // read by the command, so that a bad value gets its own message
    std::vector<double> ranges = {};  // --range LO HI, once per parameter, in the parameters' order
    int points = 5;                   // grid points per parameter (two parameters)
    double tolerance = 1e-3;          // of the root, as a share of the range searched
    bool quiet = false;
};

// The break-even search of the command, also run by `pcnsim compare --break-even`.
class ThresholdAnalysis final : public SensitivityAnalysis {
public:
    // Checks the parameters, --range and --target; problems name the parameters' flag `parameter_flag`.
    ThresholdAnalysis(ThresholdArgs args, Problems& problems, std::string parameter_flag = "--parameter");
    ~ThresholdAnalysis() override;
    int default_replications() const override { return kDefaultThresholdReplications; }
    void check(const Scenario& scenario, Problems& problems) const override;
    void run(Scenario scenario, Interruption interruption, bool quiet) override;
    void write(const std::filesystem::path& folder, const OutputOptions& output) const override;
    void print(const std::string& dir, std::ostream& out) const override;

private:
    struct State;  // the checked arguments, the runs and the search's result
    std::unique_ptr<State> state_;
};

// Registers the command and its flags; returns it, for dispatch.
CLI::App* add_threshold_command(CLI::App& app, ThresholdArgs& args, OutputOptions& output);

// Exit codes as every command: 0 (also when the target is not reached: that is an answer), 1 runtime
// failure, 2 bad input, 128 + signal when interrupted.
int threshold_command(const ThresholdArgs& args, const OutputOptions& output, Interruption interruption);

}  // namespace pcnsim
