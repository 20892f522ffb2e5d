#pragma once
// What `pcnsim threshold` and `pcnsim tornado` share: an economics measure (economics.hpp: each is
// paired, the scenario minus its own no-coaching counterfactual) of the scenario run at chosen
// parameter values. Every run has the scenario's seed and replications, so runs differ only in the
// parameters (common random numbers). Progress on a terminal; Ctrl-C stops between weeks.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "sim/core/file_io.hpp"
#include "sim/cli/calibrate_command.hpp"
#include "sim/cli/scenario_args.hpp"
#include "sim/engine/ensemble.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/stats/break_even.hpp"

namespace CLI {
class App;
}

namespace pcnsim {

// The measure both commands use unless told: ROI on the NHS perspective.
inline constexpr const char* kDefaultSensitivityMeasure = "roi_economic_nhs";
// Replications of every run unless --replications is given. A break-even takes 10-20 runs and its
// interval needs a band over replications; a tornado takes 1 + 2 x parameters runs (about 250 for a
// coaching scenario) and ranks differences between runs on common random numbers, which few
// replications already resolve.
inline constexpr int kDefaultThresholdReplications = 5, kDefaultTornadoReplications = 2;

// Thrown when Ctrl-C stops a run; nothing has been written.
struct SensitivityInterrupted {
    int exit_code = 130;
};

// A command of this kind with the flags both take: the scenario with --set and the run flags,
// --measure, --out (default `default_out`), --force and --quiet; `method` is its help's footer.
CLI::App* add_sensitivity_command(CLI::App& app, const std::string& name, const std::string& description, const std::string& method,
                                  ScenarioArgs& scenario, std::string& measure, bool& quiet, OutputOptions& output);

// A problem (naming `flag`) unless `measure` is one of the whole-PCN economics measures of the
// scenario (economics_measures: their names follow its [economics] thresholds).
void check_measure(const std::string& measure, const Scenario& scenario, Problems& problems, const std::string& flag = "--measure");

// The scenario with the command's flags; `replications` unless --replications.
Scenario load_for_sensitivity(const ScenarioArgs& args, int replications, Problems& problems);

// The measure's mean (the run's value, from its means over replications) and its 2.5th and 97.5th
// percentiles over replications; NaN where the measure is undefined (a ratio with a zero denominator).
MeasureBand measure_band(const RunResult& run, const std::string& measure);

// Runs the scenario at given parameter values and reads the measure.
class MeasureRuns {
public:
    MeasureRuns(Scenario base, std::string measure, std::string command, Interruption interruption, bool quiet);
    // The measure with `parameters` in place of the scenario's; `label` names the point in the progress line.
    MeasureBand at(const Parameters& parameters, const std::string& label);
    int runs() const { return runs_; }
    double wall_seconds() const { return wall_seconds_; }
    const Scenario& base() const { return base_; }
    // The manifest of the base scenario (runs, population, parameters as the scenario has them) with
    // the analysis under `key`, the total wall time and the run count.
    void write_manifest(const OutputOptions& options, const std::filesystem::path& path, const std::string& key,
                        nlohmann::ordered_json analysis) const;

private:
    Scenario base_;
    std::string measure_, command_;
    Interruption interruption_;
    bool quiet_;
    int runs_ = 0;
    double wall_seconds_ = 0;
    RunResult last_;  // the population and settings of a run, its replications dropped
};

// A sensitivity analysis of one scenario: `pcnsim threshold` (threshold_command.hpp) and `pcnsim
// tornado` (tornado_command.hpp), also run by `pcnsim compare --break-even / --tornado` on the
// comparison's best coaching option (compare_sensitivity.hpp). What needs no scenario is checked when
// it is made (problems name the flags it was given).
class SensitivityAnalysis {
public:
    virtual ~SensitivityAnalysis() = default;
    // Replications of every run unless the command line says otherwise.
    virtual int default_replications() const = 0;
    // Problems of the analysis on this scenario (its measure, its parameters), before anything runs.
    virtual void check(const Scenario& scenario, Problems& problems) const = 0;
    // Runs it: progress on stderr unless `quiet`. Throws SensitivityInterrupted (nothing written).
    virtual void run(Scenario scenario, Interruption interruption, bool quiet) = 0;
    // Its files and manifest.json into `folder`; `output` gives the manifest its command line.
    virtual void write(const std::filesystem::path& folder, const OutputOptions& output) const = 0;
    // The answer, and where its files are (`dir`).
    virtual void print(const std::string& dir, std::ostream& out) const = 0;
};

// A command's course after parsing: the scenario with the command's flags (the analysis' replications
// unless --replications), checked, run, written atomically into `output` (default `default_dir`) and
// printed. Exit codes as every command: 0, 1 runtime failure, 2 bad input, 128 + signal when interrupted.
int run_sensitivity_command(SensitivityAnalysis& analysis, const ScenarioArgs& args, OutputOptions output, const std::string& default_dir,
                            Interruption interruption, bool quiet);


// A measure for a terminal line: whole numbers from 100 up, 3 significant digits below.
std::string readable(double v);

}  // namespace pcnsim
