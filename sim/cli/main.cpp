// pcnsim command line: argument parsing and dispatch over the library. Exit codes (README.md, "Exit
// codes"): 0 success, 1 failure (a file that cannot be written: IoError), 2 bad input (scenario, data
// file, flag, output folder refused), 128 + the signal when interrupted: 130 Ctrl-C, 143 SIGTERM.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <unistd.h>

#include "pcnsim_version.hpp"
#include "sim/cli/calibrate_command.hpp"
#include "sim/cli/compare_sensitivity.hpp"
#include "sim/cli/describe.hpp"
#include "sim/cli/flag_checks.hpp"
#include "sim/cli/progress_bar.hpp"
#include "sim/cli/scenario_args.hpp"
#include "sim/cli/threshold_command.hpp"
#include "sim/cli/tornado_command.hpp"
#include "sim/cli/validate_command.hpp"
#include "sim/cli/voi_command.hpp"
#include "sim/engine/module_listing.hpp"
#include "sim/engine/ensemble.hpp"
#include "sim/engine/mpi_sharing.hpp"
#include "sim/engine/partial_run.hpp"
#include "sim/engine/resumable_run.hpp"
#include "sim/output/listing.hpp"
#include "sim/output/comparison.hpp"
#include "sim/output/comparison_folder.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/output/output_size.hpp"
#include "sim/output/patient_extract.hpp"
#include "sim/output/run_folder.hpp"
#include "sim/scenario/comparability.hpp"
#include "sim/scenario/sweep.hpp"
#include "viz/answer.hpp"
#include "viz/report.hpp"

namespace {

// The first Ctrl-C (or SIGTERM) asks the run to stop after the current week; a second one exits at
// once (nothing has been written yet: outputs are written only after the run).
std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signal{0};
extern "C" void on_interrupt(int sig) {
    if (g_interrupted.exchange(true)) std::_Exit(128 + sig);
    g_signal.store(sig);
}

// CLI11 reads an unknown first word as a stray argument and says only "A subcommand is required".
std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-') return std::nullopt;
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (sub->get_name() == argv[1]) return std::nullopt;
        names.push_back(sub->get_name());
    }
    return fmt::format("'{}' is not a command; the commands are: {}", argv[1], fmt::join(names, ", "));
}

void stop_cleanly_on_interrupt() {
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
}

// MPI ranks (one without MPI). Only rank 0 writes outputs and speaks; the others are silenced.
const pcnsim::MpiSharing* g_sharing = nullptr;

using pcnsim::ScenarioArgs;

constexpr const char* kPatientExtractHelp =
    "also write patients.csv (synthetic microdata): one row per patient per reported year, arm and replication; large: "
    "list size x years x 2 arms x replications rows (about 100 bytes each)";

void add_patient_extract_flag(CLI::App* cmd, ScenarioArgs& a) { cmd->add_flag("--patient-extract", a.patient_extract, kPatientExtractHelp); }

void add_output_size_flag(CLI::App* cmd, ScenarioArgs& a) {
    cmd->add_option("--max-output-gb", a.max_output_gb,
                    fmt::format("refuse to start when timeseries.csv and patients.csv are estimated to take more than this many GB "
                                "(default {})",
                                pcnsim::kDefaultMaxOutputGb))
        ->check(pcnsim::whole_number(1, 1000000));
}

// Outputs estimated above --max-output-gb are refused (exit 2) before anything runs, naming the
// estimate and how to reduce it (sim/output/output_size.hpp).
std::optional<int> refuse_large_outputs(const std::vector<pcnsim::Scenario>& scenarios, const pcnsim::OutputOptions& output,
                                        std::uint64_t max_gb) {
    pcnsim::OutputEstimate total;
    for (const auto& s : scenarios) {
        if (!output.timeseries && !s.run.patient_extract) continue;
        pcnsim::Problems problems;
        const auto pcns = pcnsim::build_pcn_profiles(s, pcnsim::PopulationModel(s.parameters), problems);
        if (!problems.empty()) return pcnsim::report_problems(problems, std::cerr);
        const auto e = pcnsim::estimate_outputs(s, pcns, output);
        total.timeseries_bytes += e.timeseries_bytes;
        total.patient_extract_bytes += e.patient_extract_bytes;
    }
    const auto message = pcnsim::output_too_large(total, max_gb * 1000000000ULL);
    if (!message) return std::nullopt;
    std::cerr << "pcnsim: " << *message << "\n";
    return 2;
}

// --patient-extract where its rows would be lost or not wanted: refused with the reason (exit code 2).
std::optional<int> refuse_patient_extract(const ScenarioArgs& a, bool resume, const char* command) {
    if (!a.patient_extract) return std::nullopt;
    std::string why;
    if (std::string_view(command) == "sweep") why = "a sweep writes no per-scenario microdata; run the grid point of interest with 'pcnsim run' or 'pcnsim compare'";
    else if (resume) why = "the saved runs of an interrupted run keep no patient rows; run the command again without --resume";
    else if (g_sharing->size() > 1) why = "MPI ranks do not exchange patient rows; run it as one process";
    else return std::nullopt;
    std::cerr << fmt::format("pcnsim {}: --patient-extract is not available here: {}\n", command, why);
    return 2;
}

// The extract's size, as it can be large.
void print_patient_extract_size(const std::filesystem::path& folder) {
    const auto file = folder / pcnsim::kPatientExtractFile;
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(file, ec);
    if (!ec) std::cout << fmt::format("patient extract: {} ({:.1f} MB; synthetic microdata)\n", file.string(), static_cast<double>(bytes) / 1e6);
}

void add_posterior_option(CLI::App* cmd, ScenarioArgs& a) {
    cmd->add_option("--posterior", a.posterior,
                    "posterior.csv of a calibration: each --psa draw takes its parameters from a resampled row "
                    "(overriding the scenario's values of those parameters); needs --psa N");
}

void add_scenario_args(CLI::App* cmd, ScenarioArgs& a, bool run_flags) {
    cmd->add_option("scenario", a.path, "scenario TOML file")->required();
    cmd->add_option("--set", a.sets, "override a parameter or setting: key=value (repeatable)");
    if (!run_flags) return;
    pcnsim::add_run_flags(cmd, a);
    cmd->add_option("--psa", a.psa, "parameter draws from the priors (Latin hypercube), each run --replications times")
        ->check(pcnsim::whole_number(0, 100000));
    add_posterior_option(cmd, a);
}

pcnsim::Scenario load(const ScenarioArgs& a, pcnsim::Problems& problems) {
    auto scenario = pcnsim::load_scenario(a.path, a.overrides(), problems);
    scenario.run.patient_extract = a.patient_extract;
    return scenario;
}

// --posterior: loaded once and shared by every scenario of the command. Its draws are the PSA's, so
// without --psa N (or with run.psa_draws = 0) there would be nothing to draw: refused rather than
// silently ignored.
void attach_posterior(const ScenarioArgs& a, std::vector<pcnsim::Scenario>& scenarios, pcnsim::Problems& problems) {
    if (a.posterior.empty() || scenarios.empty()) return;
    if (scenarios.front().run.psa_draws <= 0)
        problems.push_back({a.posterior, 0, "--posterior",
                            "needs --psa N: the number of parameter draws to take from the posterior (none was given, or 0)"});
    auto posterior = std::make_shared<const pcnsim::PosteriorSamples>(pcnsim::load_posterior(a.posterior, problems));
    if (!problems.empty()) return;
    for (auto& s : scenarios) {
        s.posterior = posterior;
        pcnsim::add_warnings(s.warnings, posterior->warnings);
    }
}

// Each warning of the scenarios once, however many scenarios share the input it is about.
void print_warnings(const std::vector<pcnsim::Scenario>& scenarios) {
    std::vector<std::string> warnings;
    for (const auto& s : scenarios) pcnsim::add_warnings(warnings, s.warnings);
    for (const auto& w : warnings) std::cerr << "pcnsim: warning: " << w << "\n";
}

// Runs one scenario of an output folder (sim/engine/resumable_run.hpp) with a progress bar. Returns
// nothing, and sets exit_code, when interrupted.
std::optional<pcnsim::RunResult> run_one(const pcnsim::Scenario& scenario, const std::string& dir, std::size_t index, bool resume,
                                         bool save_finished, bool quiet, int& exit_code) {
    pcnsim::ProgressBar bar(!quiet && ::isatty(STDERR_FILENO));
    const pcnsim::RunControl control{[&bar](long d, long t) { bar(d, t); }, &g_interrupted};
    const auto folder = pcnsim::output_path(dir);
    auto result = pcnsim::run_resumable(scenario, {folder, index, resume, save_finished}, control, *g_sharing);
    if (!result.cancelled) return result;
    const auto done = std::count(result.units_done.begin(), result.units_done.end(), 1);
    std::cerr << fmt::format("\ninterrupted: stopped cleanly, no output written; {} of {} runs are saved in {}: "
                             "repeat the command with --resume to continue\n",
                             done, result.units_done.size(), pcnsim::resume_folder(folder).string());
    exit_code = 128 + g_signal.load();
    return std::nullopt;
}

// --report: the report is written from the folder just written, so it shows exactly its numbers.
// It is listed in the folder's manifest, so that --force may replace it with the folder.
void write_report_if_asked(const pcnsim::OutputOptions& output) {
    if (!output.report) return;
    const auto folder = pcnsim::output_path(output.dir);
    pcnsim::viz::write_report({output.dir}, (folder / "report.html").string());
    pcnsim::record_files_in_manifest(folder);
}

int report_command(const std::vector<std::string>& folders, const std::string& out) {
    pcnsim::viz::write_report(folders, out);
    std::cout << fmt::format("report: {}\n", out);
    return 0;
}

// The command's default output folder where --out was not given.
pcnsim::OutputOptions with_default_dir(pcnsim::OutputOptions output, const std::string& default_dir) {
    if (output.dir.empty()) output.dir = default_dir;
    return output;
}

int run_command(const ScenarioArgs& args, pcnsim::OutputOptions output, bool quiet, bool resume) {
    if (const auto refused = refuse_patient_extract(args, resume, "run")) return *refused;
    pcnsim::Problems problems;
    std::vector<pcnsim::Scenario> loaded{load(args, problems)};
    if (problems.empty()) attach_posterior(args, loaded, problems);
    if (!problems.empty()) return pcnsim::report_problems(problems, std::cerr);
    print_warnings(loaded);
    if (const auto refused = refuse_large_outputs(loaded, output, args.max_output_gb)) return *refused;
    const auto& scenario = loaded.front();
    output = with_default_dir(output, "out/" + scenario.name);
    pcnsim::check_output_folder(output);
    stop_cleanly_on_interrupt();
    int exit_code = 0;
    const auto result = run_one(scenario, output.dir, 0, resume, false, quiet, exit_code);
    if (!result) return exit_code;
    if (!g_sharing->root()) return 0;
    pcnsim::keep_saved_state_on_failure(pcnsim::output_path(output.dir), [&] { pcnsim::write_run_outputs(*result, output); });
    pcnsim::remove_resume_folder(pcnsim::output_path(output.dir));
    write_report_if_asked(output);
    if (!quiet) pcnsim::print_run_summary(*result, std::cout);
    std::cout << fmt::format("\noutputs: {}  wall time {:.2f} s, {} thread(s)\n", pcnsim::run_folder_listing(output), result->wall_seconds,
                             result->threads);
    if (args.patient_extract) print_patient_extract_size(pcnsim::output_path(output.dir));
    return 0;
}

struct CompareArgs {
    std::vector<std::string> paths;
    ScenarioArgs common;  // --set, --seed, --threads, --weeks, --replications for every scenario
    std::string rank_by = "net_benefit_economic_nhs";
    bool resume = false;
    pcnsim::VoiArgs voi;  // compare only
    pcnsim::CompareSensitivityArgs sensitivity;  // compare only
    std::size_t max_points = pcnsim::kMaxSweepPoints;  // sweep only
};

bool valid_rank_by(const std::string& rank_by, const pcnsim::Scenario& first) {
    const auto measures = pcnsim::comparison_measures(pcnsim::economic_settings(first));
    if (std::find(measures.begin(), measures.end(), rank_by) != measures.end()) return true;
    std::cerr << fmt::format("pcnsim: --rank-by {}: expected one of {}\n", rank_by, fmt::join(measures, ", "));
    return false;
}

// --break-even and --tornado, after the ranking and before the folder is written (so that --report
// finds them); the exit code when interrupted, the comparison's runs staying saved for --resume.
std::optional<int> run_sensitivity(pcnsim::CompareSensitivity* sensitivity, const std::vector<pcnsim::RunResult>& runs,
                                   const std::vector<pcnsim::ComparisonRow>& table, const pcnsim::OutputOptions& output, bool quiet) {
    if (!sensitivity) return std::nullopt;
    try {
        sensitivity->run(runs, table, {&g_interrupted, &g_signal}, quiet);
    } catch (const pcnsim::SensitivityInterrupted& stopped) {
        std::cerr << fmt::format("the comparison's runs are saved in {}: repeat the command with --resume to continue\n",
                                 pcnsim::resume_folder(pcnsim::output_path(output.dir)).string());
        return stopped.exit_code;
    }
    return std::nullopt;
}

// Runs comparable scenarios with one seed and writes the comparison (and the sweep table).
int run_comparison(std::vector<pcnsim::Scenario> scenarios, const std::vector<std::string>& paths, const std::string& rank_by,
                   pcnsim::OutputOptions output, bool quiet, bool resume, const pcnsim::SweepGrid* grid, std::uint64_t max_output_gb,
                   const pcnsim::VoiArgs& voi_args = {}, pcnsim::CompareSensitivity* sensitivity = nullptr) {
    pcnsim::Problems problems;
    for (auto& s : scenarios) s.run.seed = scenarios.front().run.seed;  // the first one's, unless --seed
    pcnsim::check_comparable(scenarios, paths, problems);
    if (!problems.empty()) return pcnsim::report_problems(problems, std::cerr);
    if (!valid_rank_by(rank_by, scenarios.front())) return 2;
    if (sensitivity) sensitivity->check(scenarios, problems);
    if (!problems.empty()) return pcnsim::report_problems(problems, std::cerr);
    print_warnings(scenarios);
    output.timeseries = grid == nullptr;  // a sweep's points keep summaries only
    if (const auto refused = refuse_large_outputs(scenarios, output, max_output_gb)) return *refused;
    pcnsim::check_output_folder(output);
    stop_cleanly_on_interrupt();
    std::vector<pcnsim::RunResult> runs;
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        if (!quiet) std::cerr << fmt::format("running {} ...\n", scenarios[i].name);
        int exit_code = 0;
        std::optional<pcnsim::RunResult> result;
        // Saving a finished scenario for --resume may fail (a full disk): the earlier ones stay saved.
        pcnsim::keep_saved_state_on_failure(pcnsim::output_path(output.dir), [&] { result = run_one(scenarios[i], output.dir, i, resume, true, quiet, exit_code); });
        if (!result) return exit_code;
        runs.push_back(std::move(*result));
    }
    if (!g_sharing->root()) return 0;
    const auto table = pcnsim::compare_runs(runs, rank_by);
    const pcnsim::VoiOutput voi(voi_args, runs, std::cerr);
    if (const auto interrupted = run_sensitivity(sensitivity, runs, table, output, quiet)) return *interrupted;
    const auto more_files = [&](const std::filesystem::path& folder) {
        voi.writer()(folder);
        if (sensitivity) sensitivity->writer(output)(folder);
    };
    pcnsim::keep_saved_state_on_failure(pcnsim::output_path(output.dir), [&] {
        pcnsim::write_comparison_outputs(runs, table, rank_by, output, grid, more_files,
                                         sensitivity ? sensitivity->manifest() : nlohmann::ordered_json::object());
    });
    pcnsim::remove_resume_folder(pcnsim::output_path(output.dir));
    write_report_if_asked(output);
    if (!quiet && grid == nullptr) pcnsim::print_answer(pcnsim::output_path(output.dir).string(), std::cout);
    if (!quiet) pcnsim::print_comparison(table, rank_by, runs.front(), std::cout);
    voi.print(output.dir, std::cout);
    if (sensitivity) sensitivity->print(output.dir, std::cout);
    std::cout << fmt::format("\noutputs: {}\n", pcnsim::comparison_folder_listing(output, grid != nullptr));
    if (sensitivity) std::cout << sensitivity->listing(output.dir);
    for (const auto& run : runs)
        if (run.scenario.run.patient_extract) print_patient_extract_size(pcnsim::output_path(output.dir) / run.scenario.name);
    return voi.failed() || (sensitivity && sensitivity->failed()) ? 1 : 0;
}


int compare_command(CompareArgs& args, const pcnsim::OutputOptions& output, bool quiet) {
    if (const auto refused = refuse_patient_extract(args.common, args.resume, "compare")) return *refused;
    pcnsim::Problems problems;
    std::vector<pcnsim::Scenario> scenarios;
    for (const auto& path : args.paths) {
        auto a = args.common;
        a.path = path;
        scenarios.push_back(load(a, problems));
    }
    if (problems.empty()) attach_posterior(args.common, scenarios, problems);
    if (!problems.empty()) return pcnsim::report_problems(problems, std::cerr);
    if (const auto refused = pcnsim::refuse_voi(args.voi, scenarios, std::cerr)) return *refused;
    pcnsim::CompareSensitivity sensitivity(args.sensitivity, args.rank_by);
    if (sensitivity.enabled() && g_sharing->size() > 1)
        return std::cerr << "pcnsim compare: --break-even and --tornado run as one process; run the comparison without mpiexec\n", 2;
    return run_comparison(std::move(scenarios), args.paths, args.rank_by, with_default_dir(output, "out/compare"), quiet, args.resume,
                          nullptr, args.common.max_output_gb, args.voi, &sensitivity);
}

// `pcnsim sweep SWEEP.toml`: every point of the grid is a scenario file with --set overrides.
int sweep_command(CompareArgs& args, const pcnsim::OutputOptions& output, bool quiet) {
    if (const auto refused = refuse_patient_extract(args.common, args.resume, "sweep")) return *refused;
    pcnsim::Problems problems;
    const auto sweep = pcnsim::load_sweep(args.paths.front(), problems, args.max_points);
    if (!problems.empty()) return pcnsim::report_problems(problems, std::cerr);
    std::vector<pcnsim::Scenario> scenarios;
    std::vector<std::string> paths;
    pcnsim::SweepGrid grid{sweep.axis_keys, {}, {}, {}};
    for (const auto& point : sweep.points) {
        auto a = args.common;
        a.path = point.scenario_path;
        auto& values = grid.axis_values.emplace_back();
        auto& group = grid.frontier_group.emplace_back();
        for (const auto& [key, value] : point.settings) {
            a.sets.push_back(key + "=" + value);
            values.push_back(value);
            if (std::find(sweep.frontier_within.begin(), sweep.frontier_within.end(), key) != sweep.frontier_within.end())
                group += key + "=" + value + ";";
        }
        pcnsim::Problems point_problems;
        auto scenario = load(a, point_problems);
        pcnsim::add_point_problems(args.paths.front(), point, point_problems, problems);
        scenario.name = point.label;
        scenarios.push_back(std::move(scenario));
        paths.push_back(point.scenario_path);
        grid.scenario_files.push_back(point.scenario_path);
    }
    if (problems.empty()) attach_posterior(args.common, scenarios, problems);
    if (!problems.empty()) return pcnsim::report_problems(problems, std::cerr);
    return run_comparison(std::move(scenarios), paths, args.rank_by, with_default_dir(output, "out/" + sweep.name), quiet,
                          args.resume, &grid, args.common.max_output_gb);
}

int check_command(const ScenarioArgs& args) {
    pcnsim::Problems problems;
    const auto scenario = load(args, problems);
    if (!problems.empty()) return pcnsim::report_problems(problems, std::cerr);
    const auto pcns = pcnsim::build_pcn_profiles(scenario, pcnsim::PopulationModel(scenario.parameters), problems);
    if (!problems.empty()) return pcnsim::report_problems(problems, std::cerr);
    const auto size = pcnsim::population_size(pcns);
    const std::string of_pcns = pcns.size() > 1 ? fmt::format("{} PCNs, ", pcns.size()) : "";
    std::cout << fmt::format("{}: ok — scenario '{}', {}{} practices, {} patients\n", args.path, scenario.name, of_pcns, size.practices,
                             size.patients);
    return 0;
}

int population_command(const ScenarioArgs& args) {
    pcnsim::Problems problems;
    const auto scenario = load(args, problems);
    if (!problems.empty()) return pcnsim::report_problems(problems, std::cerr);
    const pcnsim::PopulationModel model(scenario.parameters);
    auto practices = pcnsim::build_practice_profiles(scenario, model, problems);
    if (!problems.empty()) return pcnsim::report_problems(problems, std::cerr);
    const auto population = pcnsim::synthesise_population(std::move(practices), model, {scenario.run.seed, 0});
    std::cout << fmt::format("Population of scenario '{}' (seed {}, replication 0)\n", scenario.name, scenario.run.seed);
    pcnsim::describe_population(population, std::cout);
    return 0;
}

// Every command's arguments, as the parser fills them.
struct Commands {
    CLI::App *run = nullptr, *compare = nullptr, *sweep = nullptr, *check = nullptr, *population = nullptr, *params = nullptr,
             *metrics = nullptr, *modules = nullptr, *report = nullptr, *calibrate = nullptr, *validate = nullptr, *threshold = nullptr,
             *tornado = nullptr;
    ScenarioArgs run_args, check_args, population_args;
    CompareArgs compare_args, sweep_args;
    pcnsim::OutputOptions output;
    bool quiet = false, markdown = false, resume = false;
    std::vector<std::string> report_folders;
    std::string report_out = "report.html";
    pcnsim::CalibrateArgs calibrate_args;
    pcnsim::ValidateArgs validate_args;
    pcnsim::ThresholdArgs threshold_args;
    pcnsim::TornadoArgs tornado_args;
};

void add_timeseries_bands_flag(CLI::App* cmd, pcnsim::OutputOptions& output) {
    cmd->add_flag("--timeseries-bands", output.timeseries_bands,
                  "timeseries.csv with the mean and 2.5th, 50th and 97.5th percentiles over runs instead of every run");
}

void add_run_command(CLI::App& app, Commands& c) {
    c.run = app.add_subcommand("run", "simulate a scenario and write timeseries.csv, summary.csv and manifest.json");
    add_scenario_args(c.run, c.run_args, true);
    c.run->add_option("--out", c.output.dir, "output folder (default out/<scenario name>)");
    c.run->add_flag("--force", c.output.force, "replace an existing output folder");
    c.run->add_flag("--quiet", c.quiet, "no progress bar or summary");
    c.run->add_flag("--resume", c.resume, "continue an interrupted run of the same command from its saved runs");
    c.run->add_flag("--report", c.output.report, "also write report.html (a self-contained HTML report) into the output folder");
    add_timeseries_bands_flag(c.run, c.output);
    add_patient_extract_flag(c.run, c.run_args);
    add_output_size_flag(c.run, c.run_args);
}

// Options shared by `compare` and `sweep`: they apply to every scenario or grid point.
void add_comparison_options(CLI::App* cmd, CompareArgs& a, Commands& c, const std::string& default_out) {
    cmd->add_option("--set", a.common.sets, "override for every scenario: key=value (repeatable)");
    cmd->add_option("--seed", a.common.seed, "random seed for every scenario (default: the first one's)")->check(pcnsim::whole_number(0, pcnsim::kMaxSeed));
    cmd->add_option("--threads", a.common.threads, "worker threads (0 = all cores)")->check(pcnsim::whole_number(0, 1024));
    cmd->add_option("--weeks", a.common.weeks, "weeks to report after the warm-up")->check(pcnsim::whole_number(1, 520));
    cmd->add_option("--replications", a.common.replications, "replications")->check(pcnsim::whole_number(1, 65536));
    cmd->add_option("--psa", a.common.psa, "parameter draws from the priors, for every scenario")->check(pcnsim::whole_number(0, 100000));
    add_posterior_option(cmd, a.common);
    cmd->add_option("--rank-by", a.rank_by, "measure to rank on (default net_benefit_economic_nhs)");
    cmd->add_option("--out", c.output.dir, "output folder (default " + default_out + ")");
    cmd->add_flag("--force", c.output.force, "replace an existing output folder");
    cmd->add_flag("--quiet", c.quiet, "no progress or table");
    cmd->add_flag("--resume", a.resume, "continue an interrupted run of the same command from its saved runs");
    cmd->add_flag("--report", c.output.report, "also write report.html (a self-contained HTML report) into the output folder");
    add_patient_extract_flag(cmd, a.common);
}

void add_comparison_commands(CLI::App& app, Commands& c) {
    c.compare = app.add_subcommand("compare", "run scenarios on the same population and random numbers and rank them");
    c.compare->add_option("scenarios", c.compare_args.paths, "scenario TOML files")->required()->expected(1, -1);
    add_comparison_options(c.compare, c.compare_args, c, "out/compare");
    add_timeseries_bands_flag(c.compare, c.output);  // not sweep: its points write no timeseries.csv
    add_output_size_flag(c.compare, c.compare_args.common);
    pcnsim::add_voi_options(c.compare, c.compare_args.voi);
    pcnsim::add_compare_sensitivity_options(c.compare, c.compare_args.sensitivity);
    c.sweep = app.add_subcommand("sweep", "run a grid of scenarios and settings (a sweep file) and mark the cost-effectiveness frontier");
    c.sweep_args.paths.resize(1);
    c.sweep->add_option("sweep", c.sweep_args.paths.front(), "sweep TOML file")->required();
    add_comparison_options(c.sweep, c.sweep_args, c, "out/<sweep name>");
    c.sweep->add_option("--max-points", c.sweep_args.max_points,
                        fmt::format("refuse a grid of more points than this (default {}): each point is a whole scenario run",
                                    pcnsim::kMaxSweepPoints))
        ->check(pcnsim::whole_number(1, 100000000));
}

// The commands that read and describe without simulating.
void add_inspection_commands(CLI::App& app, Commands& c) {
    c.check = app.add_subcommand("check", "validate a scenario and its input files without running");
    add_scenario_args(c.check, c.check_args, false);
    c.population = app.add_subcommand("population", "describe the population a scenario draws");
    add_scenario_args(c.population, c.population_args, false);
    c.population->add_option("--seed", c.population_args.seed, "random seed")->check(pcnsim::whole_number(0, pcnsim::kMaxSeed));
    c.params = app.add_subcommand("params", "list every parameter with unit, default, range, prior and source");
    c.params->add_flag("--markdown", c.markdown, "as a Markdown table");
    c.metrics = app.add_subcommand("metrics", "list the output metrics");
    c.metrics->add_flag("--markdown", c.markdown, "as a Markdown table");
    c.modules = app.add_subcommand("modules", "list the model's modules as they describe themselves, and the week's order");
    c.modules->add_flag("--markdown", c.markdown, "as Markdown (docs/modules.md)");
    c.report = app.add_subcommand("report", "write a self-contained HTML report from output folders (a run, compare or sweep)");
    c.report->add_option("folders", c.report_folders, "output folders: one compare or sweep folder, or run folders")->required()->expected(1, -1);
    c.report->add_option("--out", c.report_out, "the HTML file to write (default report.html)");
}

void add_calibrate_command(CLI::App& app, Commands& c) {
    auto& a = c.calibrate_args;
    c.calibrate = app.add_subcommand("calibrate", "fit free parameters to service data (ABC-SMC or history matching) and check the fit");
    c.calibrate->add_option("config", a.config, "calibration TOML file (docs/calibration.md)")->required();
    c.calibrate->add_option("--set", a.sets, "override a setting of the calibrated scenario: key=value (repeatable)");
    c.calibrate->add_option("--threads", a.threads, "worker threads (0 = all cores)")->check(pcnsim::whole_number(0, 1024));
    c.calibrate->add_option("--out", c.output.dir, "output folder (default out/calibration-<name>)");
    c.calibrate->add_flag("--force", c.output.force, "replace an existing output folder");
    c.calibrate->add_flag("--quiet", a.quiet, "no progress or summary");
    c.calibrate->add_flag("--resume", a.resume, "continue an interrupted calibration from its saved generations or waves");
    c.calibrate->add_option("--synthesize", a.synthesize,
                            "instead of calibrating, write synthetic targets (one run at the config's [truth] values) to this CSV file");
    c.calibrate->add_option("--relative-sd", a.relative_sd, "--synthesize: observation error SD as a share of each value (default 0.03)")
        ->check(CLI::Range(1e-6, 1.0));
    c.calibrate->add_option("--truth-seed", a.truth_seed, "--synthesize: the seed of the run that makes the data (default 1)")
        ->check(pcnsim::whole_number(0, pcnsim::kMaxSeed));
    c.calibrate->add_option("--coverage", a.coverage,
                            "instead of calibrating once, check coverage: K recoveries at truths drawn from the priors "
                            "(simulation-based calibration; docs/calibration.md)")
        ->check(pcnsim::whole_number(1, 100000));
}

void add_validate_command(CLI::App& app, Commands& c) {
    auto& a = c.validate_args;
    c.validate = app.add_subcommand("validate", "compare the model with the published evidence it rests on (validation.csv)");
    c.validate->add_option("scenario", a.population.path, "the population, run without coaching (default scenarios/baseline.toml)");
    c.validate->add_option("--coaching", a.coaching, "a coaching scenario for coach throughput (default scenarios/staffing/2-wte.toml)");
    c.validate->add_option("--set", a.population.sets, "override for both scenarios: key=value (repeatable)");
    c.validate->add_option("--seed", a.population.seed, "random seed")->check(pcnsim::whole_number(0, pcnsim::kMaxSeed));
    c.validate->add_option("--threads", a.population.threads, "worker threads (0 = all cores)")->check(pcnsim::whole_number(0, 1024));
    c.validate->add_option("--replications", a.population.replications, "replications (default 5)")->check(pcnsim::whole_number(1, 65536));
    c.validate->add_option("--out", c.output.dir, "output folder (default out/validation)");
    c.validate->add_flag("--force", c.output.force, "replace an existing output folder");
    c.validate->add_flag("--quiet", a.quiet, "no progress messages");
}

int dispatch(Commands& c) {
    if (*c.run) return run_command(c.run_args, c.output, c.quiet, c.resume);
    if (*c.compare) return compare_command(c.compare_args, c.output, c.quiet);
    if (*c.sweep) return sweep_command(c.sweep_args, c.output, c.quiet);
    if (*c.check) return check_command(c.check_args);
    if (*c.population) return population_command(c.population_args);
    if (*c.params) return pcnsim::print_parameters(std::cout, c.markdown), 0;
    if (*c.metrics) return pcnsim::print_metrics(std::cout, c.markdown), 0;
    if (*c.modules) return pcnsim::print_modules(std::cout, c.markdown), 0;
    if (*c.report) return report_command(c.report_folders, c.report_out);
    if (*c.validate) {
        stop_cleanly_on_interrupt();
        return pcnsim::validate_command(c.validate_args, c.output, &g_interrupted, &g_signal);
    }
    if (*c.threshold || *c.tornado) {
        if (g_sharing->size() > 1) return std::cerr << "pcnsim: threshold and tornado run as one process; run them without mpiexec\n", 2;
        stop_cleanly_on_interrupt();
        const pcnsim::Interruption interruption{&g_interrupted, &g_signal};
        return *c.threshold ? pcnsim::threshold_command(c.threshold_args, c.output, interruption)
                            : pcnsim::tornado_command(c.tornado_args, c.output, interruption);
    }
    if (*c.calibrate) {
        stop_cleanly_on_interrupt();
        return pcnsim::calibrate_command(c.calibrate_args, c.output, *g_sharing, {&g_interrupted, &g_signal});
    }
    return 0;
}

std::string joined(int argc, char** argv) {
    std::string s;
    for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    const pcnsim::MpiSharing sharing(argc, argv);
    g_sharing = &sharing;
    // Never opened, so writes go nowhere; never destroyed, as the standard streams are flushed after main.
    static auto* const silent = new std::ofstream;
    if (!sharing.root()) std::cout.rdbuf(silent->rdbuf()), std::cerr.rdbuf(silent->rdbuf());
    CLI::App app{"pcnsim: agent-based simulation of health and wellbeing coaching in a Primary Care Network"};
    app.set_version_flag("--version", fmt::format("pcnsim {} ({})", pcnsim::version, pcnsim::git_commit));
    app.require_subcommand(1);
    Commands commands;
    commands.output.command_line = joined(argc, argv);
    add_run_command(app, commands);
    add_comparison_commands(app, commands);
    add_inspection_commands(app, commands);
    add_calibrate_command(app, commands);
    add_validate_command(app, commands);
    commands.threshold = pcnsim::add_threshold_command(app, commands.threshold_args, commands.output);
    commands.tornado = pcnsim::add_tornado_command(app, commands.tornado_args, commands.output);
    if (const auto unknown = unknown_command(app, argc, argv)) {
        std::cerr << "pcnsim: " << *unknown << "\nRun 'pcnsim --help' for usage.\n";
        return 2;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "pcnsim: " << e.what() << "\nRun 'pcnsim --help' for usage.\n";
        return 2;
    }
    try {
        return dispatch(commands);
    } catch (const pcnsim::InputError& e) {
        return pcnsim::report_problems(e.problems, std::cerr);
    } catch (const pcnsim::CannotResume& e) {
        std::cerr << "pcnsim: " << e.what() << "\n";
        return 2;
    } catch (const pcnsim::OutputRefused& e) {
        std::cerr << "pcnsim: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "pcnsim: " << e.what() << "\n";
        return 1;
    }
}
