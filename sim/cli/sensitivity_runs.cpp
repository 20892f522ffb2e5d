#include "sim/cli/sensitivity_runs.hpp"

#include "sim/output/readable.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <unistd.h>

#include "sim/cli/describe.hpp"
#include "sim/cli/progress_bar.hpp"
#include "sim/output/economics.hpp"
#include "sim/output/manifest.hpp"

namespace pcnsim {

CLI::App* add_sensitivity_command(CLI::App& app, const std::string& name, const std::string& description, const std::string& method,
                                  ScenarioArgs& scenario, std::string& measure, bool& quiet, OutputOptions& output) {
    auto* cmd = app.add_subcommand(name, description);
    cmd->footer(method);
    cmd->add_option("scenario", scenario.path, "scenario TOML file")->required();
    cmd->add_option("--set", scenario.sets, "override a parameter or setting: key=value (repeatable)");
    add_run_flags(cmd, scenario);
    cmd->add_option("--measure", measure, fmt::format("economics measure (default {})", kDefaultSensitivityMeasure));
    cmd->add_option("--out", output.dir, fmt::format("output folder (default out/{})", name));
    cmd->add_flag("--force", output.force, "replace an existing output folder");
    cmd->add_flag("--quiet", quiet, "no progress messages");
    return cmd;
}

void check_measure(const std::string& measure, const Scenario& scenario, Problems& problems, const std::string& flag) {
    const auto known = economics_measures(economic_settings(scenario));
    if (std::find(known.begin(), known.end(), measure) == known.end())
        problems.push_back({flag, 0, measure, fmt::format("unknown measure; expected one of {}", fmt::join(known, ", "))});
}

Scenario load_for_sensitivity(const ScenarioArgs& args, int replications, Problems& problems) {
    ScenarioArgs flags = args;
    if (!flags.replications) flags.replications = replications;
    return load_scenario(args.path, flags.overrides(), problems);
}

MeasureBand measure_band(const RunResult& run, const std::string& measure) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const auto rows = economics_over_replications(run);
    const auto* row = find_economics_row(rows, measure);
    if (!row) return {nan, nan, nan};
    return {row->value.value_or(nan), row->p2_5.value_or(nan), row->p97_5.value_or(nan)};
}

MeasureRuns::MeasureRuns(Scenario base, std::string measure, std::string command, Interruption interruption, bool quiet)
    : base_(std::move(base)), measure_(std::move(measure)), command_(std::move(command)), interruption_(interruption), quiet_(quiet) {}

MeasureBand MeasureRuns::at(const Parameters& parameters, const std::string& label) {
    Scenario scenario = base_;
    scenario.parameters = parameters;
    ProgressBar bar(!quiet_ && ::isatty(STDERR_FILENO));
    const RunControl control{[&bar](long d, long t) { bar(d, t); }, interruption_.requested};
    auto run = run_scenario(scenario, control);
    if (run.cancelled) {
        std::cerr << fmt::format("\ninterrupted: stopped cleanly, no output written\n");
        throw SensitivityInterrupted{128 + interruption_.signal->load()};
    }
    const auto band = measure_band(run, measure_);
    ++runs_;
    wall_seconds_ += run.wall_seconds;
    if (!quiet_)
        std::cerr << fmt::format("{}: run {}: {}: {} {} (95% band {} to {}), {:.1f} s\n", command_, runs_, label, measure_,
                                 readable(band.mean), readable(band.p2_5), readable(band.p97_5), run.wall_seconds);
    run.replications.clear();
    last_ = std::move(run);
    return band;
}

void MeasureRuns::write_manifest(const OutputOptions& options, const std::filesystem::path& path, const std::string& key,
                                 nlohmann::ordered_json analysis) const {
    RunResult described = last_;
    described.scenario = base_;
    described.wall_seconds = wall_seconds_;
    auto m = run_manifest(described, options);
    analysis["runs"] = runs_;
    m[key] = std::move(analysis);
    write_json_file(m, path);
}

int run_sensitivity_command(SensitivityAnalysis& analysis, const ScenarioArgs& args, OutputOptions output, const std::string& default_dir,
                            Interruption interruption, bool quiet) {
    Problems problems;
    auto scenario = load_for_sensitivity(args, analysis.default_replications(), problems);
    if (problems.empty()) analysis.check(scenario, problems);
    if (!problems.empty()) return report_problems(problems, std::cerr);
    if (output.dir.empty()) output.dir = default_dir;
    check_output_folder(output);
    try {
        analysis.run(std::move(scenario), interruption, quiet);
    } catch (const SensitivityInterrupted& stopped) {
        return stopped.exit_code;
    }
    write_folder_atomically(output, [&](const std::filesystem::path& folder) { analysis.write(folder, output); });
    analysis.print(output.dir, std::cout);
    return 0;
}

std::string readable(double v) {
    if (std::isnan(v)) return "undefined";
    return std::abs(v) >= 100 ? grouped(v) : significant(v);
}

}  // namespace pcnsim
