// pcnsim command line: a thin front end over the library. Exit codes: 0 success, 1 runtime failure
// (e.g. output folder not writable), 2 bad input (scenario, data file or flag), 130 interrupted.
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
#include "sim/cli/describe.hpp"
#include "sim/cli/distribution.hpp"
#include "sim/core/engine.hpp"
#include "sim/output/partial_run.hpp"
#include "sim/output/writers.hpp"
#include "sim/scenario/sweep.hpp"
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

// MPI ranks (one without MPI). Only rank 0 writes outputs and speaks; the others are silenced.
const pcnsim::Distribution* g_distribution = nullptr;

int report(const pcnsim::Problems& problems) {
    for (const auto& p : problems) std::cerr << p.to_string() << "\n";
    std::cerr << fmt::format("{} problem(s) found\n", problems.size());
    return 2;
}

struct ScenarioArgs {
    std::string path;
    std::vector<std::string> sets;
    std::optional<std::int64_t> seed;
    std::optional<int> threads, weeks, replications, psa;
    std::string posterior;  // --posterior FILE (run, compare, sweep)
};

void add_posterior_option(CLI::App* cmd, ScenarioArgs& a) {
    cmd->add_option("--posterior", a.posterior,
                    "posterior.csv of a calibration: each --psa draw takes its parameters from a resampled row "
                    "(overriding the scenario's values of those parameters); needs --psa N");
}

void add_scenario_args(CLI::App* cmd, ScenarioArgs& a, bool run_flags) {
    cmd->add_option("scenario", a.path, "scenario TOML file")->required();
    cmd->add_option("--set", a.sets, "override a parameter or setting: key=value (repeatable)");
    if (!run_flags) return;
    cmd->add_option("--seed", a.seed, "random seed")->check(CLI::NonNegativeNumber);
    cmd->add_option("--threads", a.threads, "worker threads (0 = all cores)")->check(CLI::Range(0, 1024));
    cmd->add_option("--weeks", a.weeks, "weeks to report after the warm-up")->check(CLI::Range(1, 520));
    cmd->add_option("--replications", a.replications, "replications")->check(CLI::Range(1, 65536));
    cmd->add_option("--psa", a.psa, "parameter draws from the priors (Latin hypercube), each run --replications times")
        ->check(CLI::Range(0, 100000));
    add_posterior_option(cmd, a);
}

// Command-line flags are applied as --set overrides, so they are validated and recorded the same way.
pcnsim::Scenario load(const ScenarioArgs& a, pcnsim::Problems& problems) {
    auto sets = a.sets;
    if (a.seed) sets.push_back(fmt::format("run.seed={}", *a.seed));
    if (a.threads) sets.push_back(fmt::format("run.threads={}", *a.threads));
    if (a.weeks) sets.push_back(fmt::format("run.weeks={}", *a.weeks));
    if (a.replications) sets.push_back(fmt::format("run.replications={}", *a.replications));
    if (a.psa) sets.push_back(fmt::format("run.psa_draws={}", *a.psa));
    return pcnsim::load_scenario(a.path, sets, problems);
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
    for (auto& s : scenarios) s.posterior = posterior;
}

class ProgressBar {
public:
    explicit ProgressBar(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
    void operator()(long done, long total) {
        if (!enabled_) return;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        const double fraction = static_cast<double>(done) / static_cast<double>(total);
        const int filled = static_cast<int>(fraction * 30);
        const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
        std::cerr << fmt::format("\r[{:<30}] {:3.0f}%  week {}/{}  ETA {:.0f}s ", std::string(static_cast<std::size_t>(filled), '#'),
                                 100 * fraction, done, total, eta)
                  << std::flush;
        if (done == total) std::cerr << "\n";
    }

private:
    bool enabled_;
    std::chrono::steady_clock::time_point start_;
};

// Runs one scenario of an output folder (index: its place in a compare or sweep). With `resume`,
// the units an interrupted run saved are kept; on Ctrl-C the completed units are saved for a later
// --resume, and with `save_finished` (a scenario of several) a finished scenario is saved too, so an
// interruption later loses none of it. Returns nothing (and sets exit_code) when interrupted or when the saved state is unusable.
std::optional<pcnsim::RunResult> run_resumable(const pcnsim::Scenario& scenario, const std::string& dir, std::size_t index, bool resume,
                                               bool save_finished, bool quiet, int& exit_code) {
    const auto file = pcnsim::resume_file(dir, index);
    const auto fingerprint = pcnsim::run_fingerprint(scenario);
    std::optional<pcnsim::RunResult> saved;
    if (resume) {
        const std::string bytes = g_distribution->broadcast(g_distribution->root() ? pcnsim::read_resume_file(file).value_or("") : "");
        if (!bytes.empty()) try {
                saved = pcnsim::deserialize_partial_run(bytes, fingerprint);
                // Rank 0 adds the saved counters in; the other ranks need only know what is done.
                if (!g_distribution->root()) saved = pcnsim::units_only(*saved);
            } catch (const std::exception& e) {
                std::cerr << fmt::format("pcnsim: cannot resume from {}: {}\n", file.string(), e.what());
                exit_code = 2;
                return std::nullopt;
            }
    }
    ProgressBar bar(!quiet && ::isatty(STDERR_FILENO));
    pcnsim::RunControl control{[&bar](long d, long t) { bar(d, t); }, &g_interrupted};
    if (saved) control.resume_from = &*saved;
    control.unit_stride = g_distribution->size();
    control.unit_offset = g_distribution->rank();
    auto result = pcnsim::run_scenario(scenario, control);
    result.cancelled = g_distribution->any(result.cancelled);
    g_distribution->gather(result, fingerprint);
    const bool finished_before = saved && std::count(saved->units_done.begin(), saved->units_done.end(), 0) == 0;
    if (g_distribution->root() && (result.cancelled || (save_finished && !finished_before)))
        pcnsim::save_resume_file(file, pcnsim::serialize_partial_run(result, fingerprint));
    if (!result.cancelled) return result;
    const auto done = std::count(result.units_done.begin(), result.units_done.end(), 1);
    std::cerr << fmt::format("\ninterrupted: stopped cleanly, no output written; {} of {} runs are saved in {}: "
                             "repeat the command with --resume to continue\n",
                             done, result.units_done.size(), file.parent_path().string());
    exit_code = 128 + g_signal.load();
    return std::nullopt;
}

// --report: the report is written from the folder just written, so it shows exactly its numbers.
void write_report_if_asked(const pcnsim::OutputOptions& output) {
    if (output.report) pcnsim::viz::write_report({output.dir}, (pcnsim::output_path(output.dir) / "report.html").string());
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
    pcnsim::Problems problems;
    std::vector<pcnsim::Scenario> loaded{load(args, problems)};
    if (problems.empty()) attach_posterior(args, loaded, problems);
    if (!problems.empty()) return report(problems);
    const auto& scenario = loaded.front();
    output = with_default_dir(output, "out/" + scenario.name);
    pcnsim::check_output_folder(output);
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    int exit_code = 0;
    const auto result = run_resumable(scenario, output.dir, 0, resume, false, quiet, exit_code);
    if (!result) return exit_code;
    if (!g_distribution->root()) return 0;
    pcnsim::write_run_outputs(*result, output);
    pcnsim::remove_resume_folder(output.dir);
    write_report_if_asked(output);
    if (!quiet) pcnsim::print_run_summary(*result, std::cout);
    std::cout << fmt::format("\noutputs: {}/ ({}timeseries.csv, summary.csv, economics.csv, manifest.json)  wall time {:.2f} s, {} thread(s)\n",
                             output.dir, output.report ? "report.html, " : "", result->wall_seconds, result->threads);
    return 0;
}

struct CompareArgs {
    std::vector<std::string> paths;
    ScenarioArgs common;  // --set, --seed, --threads, --weeks, --replications for every scenario
    std::string rank_by = "net_benefit";
    bool resume = false;
};

// Scenarios compared must describe the same PCN and horizon, so that their differences come from
// the scenarios and not from the population or the random numbers.
void check_comparable(const std::vector<pcnsim::Scenario>& scenarios, const std::vector<std::string>& paths,
                      pcnsim::Problems& problems) {
    const auto& first = scenarios.front();
    const auto population_of = [](const pcnsim::Scenario& s) {
        const auto& p = s.population;
        return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", static_cast<int>(p.kind), p.synthetic.list_size,
                           p.synthetic.practices, fmt::join(p.synthetic.imd_quintile_shares, ","), p.synthetic.practice_imd_spread,
                           p.synthetic.pcns, p.synthetic.pcn_list_size_spread, p.synthetic.pcn_imd_spread, p.files.registered_patients,
                           p.files.prevalence, p.files.deprivation, fmt::join(p.files.org_codes, ","), p.files.pcn_membership,
                           fmt::join(p.files.pcn_codes, ","));
    };
    // Parameters of the population and of the processes both arms share (demography, propensity).
    const auto shared_parameters = [](const pcnsim::Scenario& s) {
        std::string out = s.demography ? "demography on" : "demography off";
        const auto& decls = pcnsim::parameter_declarations();
        for (std::size_t i = 0; i < decls.size(); ++i) {
            const std::string_view name = decls[i].name;
            for (std::string_view prefix : {"prevalence.", "frailty.", "care_home.", "repeat_meds.", "propensity.", "mortality.",
                                            "demography.", "activation.mean_score", "activation.setpoint_sd", "activation.transient_sd",
                                            "activation.deprivation_step", "activation.multimorbidity_shift"})
                if (name.substr(0, prefix.size()) == prefix) out += fmt::format("|{}={}", name, s.parameters.value(static_cast<int>(i)));
        }
        return out;
    };
    for (std::size_t k = 1; k < scenarios.size(); ++k) {
        const auto& s = scenarios[k];
        if (shared_parameters(s) != shared_parameters(first))
            problems.push_back({paths[k], 0, "parameters",
                                "population or demography parameters differ from " + paths[0] + "'s: compared scenarios must share one population"});
        if (population_of(s) != population_of(first))
            problems.push_back({paths[k], 0, "population", "differs from " + paths[0] + "'s: compared scenarios must share one population"});
        if (s.run.weeks != first.run.weeks || s.run.warmup_weeks != first.run.warmup_weeks || s.run.replications != first.run.replications ||
            s.run.psa_draws != first.run.psa_draws)
            problems.push_back({paths[k], 0, "run", "weeks, warm-up, replications or PSA draws differ from " + paths[0] + "'s"});
        for (std::size_t j = 0; j < k; ++j)
            if (scenarios[j].name == s.name) problems.push_back({paths[k], 0, "name", "'" + s.name + "' is also the name of " + paths[j]});
    }
}

// Runs comparable scenarios with one seed and writes the comparison (and the sweep table).
int run_comparison(std::vector<pcnsim::Scenario> scenarios, const std::vector<std::string>& paths, const std::string& rank_by,
                   pcnsim::OutputOptions output, bool quiet, bool resume, const pcnsim::SweepGrid* grid) {
    pcnsim::Problems problems;
    for (auto& s : scenarios) s.run.seed = scenarios.front().run.seed;  // the first one's, unless --seed
    check_comparable(scenarios, paths, problems);
    if (!problems.empty()) return report(problems);
    output.timeseries = grid == nullptr;  // a sweep's points keep summaries only
    pcnsim::check_output_folder(output);
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    std::vector<pcnsim::RunResult> runs;
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        if (!quiet) std::cerr << fmt::format("running {} ...\n", scenarios[i].name);
        int exit_code = 0;
        auto result = run_resumable(scenarios[i], output.dir, i, resume, true, quiet, exit_code);
        if (!result) return exit_code;
        runs.push_back(std::move(*result));
    }
    if (!g_distribution->root()) return 0;
    const auto table = pcnsim::compare_runs(runs, rank_by);
    pcnsim::write_comparison_outputs(runs, table, rank_by, output, grid);
    pcnsim::remove_resume_folder(output.dir);
    write_report_if_asked(output);
    if (!quiet) pcnsim::print_comparison(table, rank_by, runs.front(), std::cout);
    std::cout << fmt::format("\noutputs: {}/ ({}{}comparison.csv, manifest.json, one folder per scenario)\n", output.dir,
                             output.report ? "report.html, " : "", grid ? "sweep.csv, " : "differences.csv, ");
    return 0;
}

bool valid_rank_by(const std::string& rank_by) {
    const auto& measures = pcnsim::comparison_measures();
    if (std::find(measures.begin(), measures.end(), rank_by) != measures.end()) return true;
    std::cerr << fmt::format("pcnsim: --rank-by {}: expected one of {}\n", rank_by, fmt::join(measures, ", "));
    return false;
}

int compare_command(CompareArgs& args, const pcnsim::OutputOptions& output, bool quiet) {
    if (!valid_rank_by(args.rank_by)) return 2;
    pcnsim::Problems problems;
    std::vector<pcnsim::Scenario> scenarios;
    for (const auto& path : args.paths) {
        auto a = args.common;
        a.path = path;
        scenarios.push_back(load(a, problems));
    }
    if (problems.empty()) attach_posterior(args.common, scenarios, problems);
    if (!problems.empty()) return report(problems);
    return run_comparison(std::move(scenarios), args.paths, args.rank_by, with_default_dir(output, "out/compare"), quiet, args.resume,
                          nullptr);
}

// `pcnsim sweep SWEEP.toml`: every point of the grid is a scenario file with --set overrides.
int sweep_command(CompareArgs& args, const pcnsim::OutputOptions& output, bool quiet) {
    if (!valid_rank_by(args.rank_by)) return 2;
    pcnsim::Problems problems;
    const auto sweep = pcnsim::load_sweep(args.paths.front(), problems);
    if (!problems.empty()) return report(problems);
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
        auto scenario = load(a, problems);
        scenario.name = point.label;
        scenarios.push_back(std::move(scenario));
        paths.push_back(point.scenario_path);
        grid.scenario_files.push_back(point.scenario_path);
    }
    if (problems.empty()) attach_posterior(args.common, scenarios, problems);
    if (!problems.empty()) return report(problems);
    return run_comparison(std::move(scenarios), paths, args.rank_by, with_default_dir(output, "out/" + sweep.name), quiet,
                          args.resume, &grid);
}

int check_command(const ScenarioArgs& args) {
    pcnsim::Problems problems;
    const auto scenario = load(args, problems);
    if (problems.empty()) {
        const pcnsim::PopulationModel model(scenario.parameters);
        const auto pcns = pcnsim::build_pcn_profiles(scenario, model, problems);
        if (problems.empty()) {
            std::uint64_t n = 0, practices = 0;
            for (const auto& pcn : pcns)
                for (const auto& p : pcn.practices) {
                    ++practices;
                    for (const auto& sex : p.counts)
                        for (auto c : sex) n += c;
                }
            const std::string of_pcns = pcns.size() > 1 ? fmt::format("{} PCNs, ", pcns.size()) : "";
            std::cout << fmt::format("{}: ok — scenario '{}', {}{} practices, {} patients\n", args.path, scenario.name, of_pcns,
                                     practices, n);
            return 0;
        }
    }
    return report(problems);
}

int population_command(const ScenarioArgs& args) {
    pcnsim::Problems problems;
    const auto scenario = load(args, problems);
    if (!problems.empty()) return report(problems);
    const pcnsim::PopulationModel model(scenario.parameters);
    auto practices = pcnsim::build_practice_profiles(scenario, model, problems);
    if (!problems.empty()) return report(problems);
    const auto population = pcnsim::synthesise_population(std::move(practices), model, {scenario.run.seed, 0});
    std::cout << fmt::format("Population of scenario '{}' (seed {}, replication 0)\n", scenario.name, scenario.run.seed);
    pcnsim::describe_population(population, std::cout);
    return 0;
}

// Options shared by `compare` and `sweep`: they apply to every scenario or grid point.
void add_comparison_options(CLI::App* cmd, CompareArgs& a, pcnsim::OutputOptions& output, bool& quiet, const std::string& default_out) {
    cmd->add_option("--set", a.common.sets, "override for every scenario: key=value (repeatable)");
    cmd->add_option("--seed", a.common.seed, "random seed for every scenario (default: the first one's)")->check(CLI::NonNegativeNumber);
    cmd->add_option("--threads", a.common.threads, "worker threads (0 = all cores)")->check(CLI::Range(0, 1024));
    cmd->add_option("--weeks", a.common.weeks, "weeks to report after the warm-up")->check(CLI::Range(1, 520));
    cmd->add_option("--replications", a.common.replications, "replications")->check(CLI::Range(1, 65536));
    cmd->add_option("--psa", a.common.psa, "parameter draws from the priors, for every scenario")->check(CLI::Range(0, 100000));
    add_posterior_option(cmd, a.common);
    cmd->add_option("--rank-by", a.rank_by, "measure to rank on (default net_benefit)");
    cmd->add_option("--out", output.dir, "output folder (default " + default_out + ")");
    cmd->add_flag("--force", output.force, "replace an existing output folder");
    cmd->add_flag("--quiet", quiet, "no progress or table");
    cmd->add_flag("--resume", a.resume, "continue an interrupted run of the same command from its saved runs");
    cmd->add_flag("--report", output.report, "also write report.html (a self-contained HTML report) into the output folder");
}

void add_timeseries_bands_flag(CLI::App* cmd, pcnsim::OutputOptions& output) {
    cmd->add_flag("--timeseries-bands", output.timeseries_bands,
                  "timeseries.csv with the mean and 2.5th, 50th and 97.5th percentiles over runs instead of every run");
}

std::string joined(int argc, char** argv) {
    std::string s;
    for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    const pcnsim::Distribution distribution(argc, argv);
    g_distribution = &distribution;
    // Never opened, so writes go nowhere; never destroyed, as the standard streams are flushed after main.
    static auto* const silent = new std::ofstream;
    if (!distribution.root()) std::cout.rdbuf(silent->rdbuf()), std::cerr.rdbuf(silent->rdbuf());
    CLI::App app{"pcnsim: agent-based simulation of health and wellbeing coaching in a Primary Care Network"};
    app.set_version_flag("--version", fmt::format("pcnsim {} ({})", pcnsim::version, pcnsim::git_commit));
    app.require_subcommand(1);

    ScenarioArgs run_args, check_args, pop_args;
    pcnsim::OutputOptions output;
    output.command_line = joined(argc, argv);
    bool quiet = false, markdown = false, resume = false;
    auto* run = app.add_subcommand("run", "simulate a scenario and write timeseries.csv, summary.csv and manifest.json");
    add_scenario_args(run, run_args, true);
    run->add_option("--out", output.dir, "output folder (default out/<scenario name>)");
    run->add_flag("--force", output.force, "replace an existing output folder");
    run->add_flag("--quiet", quiet, "no progress bar or summary");
    run->add_flag("--resume", resume, "continue an interrupted run of the same command from its saved runs");
    run->add_flag("--report", output.report, "also write report.html (a self-contained HTML report) into the output folder");
    add_timeseries_bands_flag(run, output);
    CompareArgs compare_args, sweep_args;
    auto* compare = app.add_subcommand("compare", "run scenarios on the same population and random numbers and rank them");
    compare->add_option("scenarios", compare_args.paths, "scenario TOML files")->required()->expected(1, -1);
    add_comparison_options(compare, compare_args, output, quiet, "out/compare");
    add_timeseries_bands_flag(compare, output);  // not sweep: its points write no timeseries.csv
    auto* sweep = app.add_subcommand("sweep", "run a grid of scenarios and settings (a sweep file) and mark the cost-effectiveness frontier");
    sweep_args.paths.resize(1);
    sweep->add_option("sweep", sweep_args.paths.front(), "sweep TOML file")->required();
    add_comparison_options(sweep, sweep_args, output, quiet, "out/<sweep name>");
    auto* check = app.add_subcommand("check", "validate a scenario and its input files without running");
    add_scenario_args(check, check_args, false);
    auto* pop = app.add_subcommand("population", "describe the population a scenario draws");
    add_scenario_args(pop, pop_args, false);
    pop->add_option("--seed", pop_args.seed, "random seed")->check(CLI::NonNegativeNumber);
    auto* params = app.add_subcommand("params", "list every parameter with unit, default, range, prior and source");
    params->add_flag("--markdown", markdown, "as a Markdown table");
    auto* metrics = app.add_subcommand("metrics", "list the output metrics");
    std::vector<std::string> report_folders;
    std::string report_out = "report.html";
    auto* report_cmd = app.add_subcommand("report", "write a self-contained HTML report from output folders (a run, compare or sweep)");
    report_cmd->add_option("folders", report_folders, "output folders: one compare or sweep folder, or run folders")->required()->expected(1, -1);
    report_cmd->add_option("--out", report_out, "the HTML file to write (default report.html)");
    metrics->add_flag("--markdown", markdown, "as a Markdown table");
    pcnsim::CalibrateArgs calibrate_args;
    auto* calibrate = app.add_subcommand("calibrate", "fit free parameters to service data (ABC-SMC or history matching) and check the fit");
    calibrate->add_option("config", calibrate_args.config, "calibration TOML file (docs/calibration.md)")->required();
    calibrate->add_option("--set", calibrate_args.sets, "override a setting of the calibrated scenario: key=value (repeatable)");
    calibrate->add_option("--threads", calibrate_args.threads, "worker threads (0 = all cores)")->check(CLI::Range(0, 1024));
    calibrate->add_option("--out", output.dir, "output folder (default out/calibration-<name>)");
    calibrate->add_flag("--force", output.force, "replace an existing output folder");
    calibrate->add_flag("--quiet", calibrate_args.quiet, "no progress or summary");
    calibrate->add_flag("--resume", calibrate_args.resume, "continue an interrupted calibration from its saved generations or waves");
    calibrate->add_option("--synthesize", calibrate_args.synthesize,
                          "instead of calibrating, write synthetic targets (one run at the config's [truth] values) to this CSV file");
    calibrate->add_option("--relative-sd", calibrate_args.relative_sd, "--synthesize: observation error SD as a share of each value (default 0.03)")
        ->check(CLI::Range(1e-6, 1.0));
    calibrate->add_option("--truth-seed", calibrate_args.truth_seed, "--synthesize: the seed of the run that makes the data (default 1)");

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
        if (*run) return run_command(run_args, output, quiet, resume);
        if (*compare) return compare_command(compare_args, output, quiet);
        if (*sweep) return sweep_command(sweep_args, output, quiet);
        if (*check) return check_command(check_args);
        if (*pop) return population_command(pop_args);
        if (*params) return pcnsim::print_parameters(std::cout, markdown), 0;
        if (*metrics) return pcnsim::print_metrics(std::cout, markdown), 0;
        if (*report_cmd) return report_command(report_folders, report_out);
        if (*calibrate) {
            std::signal(SIGINT, on_interrupt);
            std::signal(SIGTERM, on_interrupt);
            return pcnsim::calibrate_command(calibrate_args, output, distribution, {&g_interrupted, &g_signal});
        }
    } catch (const pcnsim::InputError& e) {
        return report(e.problems);
    } catch (const std::exception& e) {
        std::cerr << "pcnsim: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
