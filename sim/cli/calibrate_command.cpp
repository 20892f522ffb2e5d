#include "sim/cli/calibrate_command.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <tbb/global_control.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <limits>
#include <mutex>
#include <utility>
#include <unistd.h>

#include "pcnsim_version.hpp"
#include "sim/calibration/calibration.hpp"
#include "sim/calibration/calibration_outputs.hpp"
#include "sim/calibration/coverage.hpp"
#include "sim/cli/describe.hpp"
#include "sim/core/digest.hpp"
#include "sim/core/parallel.hpp"
#include "sim/engine/partial_run.hpp"
#include "sim/output/listing.hpp"

namespace pcnsim {
namespace {

// Jobs dealt out to MPI ranks (job i to rank i % size), each rank's share on its threads, and the
// results shared by every rank: the algorithm then takes the same steps everywhere. One rank (no
// MPI) is the local executor. An interruption on any rank (`interrupted`, set by the signal handler
// at any moment) stops them all: it becomes `agreed`, the flag the algorithm reads, only here, after
// the round's collective calls, so every rank sees it change at the same step.
Executor distributed_executor(const MpiSharing& d, const std::atomic<bool>* interrupted, std::atomic<bool>* agreed,
                              const std::function<void()>& one_done) {
    return [&d, interrupted, agreed, one_done](std::size_t count, const std::function<ModelOutput(std::size_t)>& job) {
        std::vector<std::size_t> mine;
        for (std::size_t i = static_cast<std::size_t>(d.rank()); i < count; i += static_cast<std::size_t>(d.size())) mine.push_back(i);
        std::vector<ModelOutput> results(mine.size());
        parallel_for_index(std::size_t{0}, mine.size(), [&](std::size_t k) {
            results[k] = job(mine[k]);
            one_done();
        });
        std::vector<ModelOutput> all(count);
        if (d.size() == 1) {
            for (std::size_t k = 0; k < mine.size(); ++k) all[mine[k]] = std::move(results[k]);
        } else {
            auto share = nlohmann::json::array();
            for (std::size_t k = 0; k < mine.size(); ++k) share.push_back({mine[k], model_output_json(results[k])});
            for (const auto& bytes : d.all_gather(share.dump()))
                for (const auto& r : nlohmann::json::parse(bytes))
                    all[r[0].get<std::size_t>()] = model_output_from_json(r[1]);
        }
        if (d.any(interrupted->load())) agreed->store(true);
        return all;
    };
}

std::string fingerprint(const CalibrationConfig& c) {
    nlohmann::ordered_json f;
    f["pcnsim"] = std::string(version) + " " + git_commit;
    f["config"] = c.text;
    f["scenario"] = run_fingerprint(c.scenario);
    return f.dump();
}

void print_summary(const CalibrationConfig& c, const CalibrationResult& r, std::ostream& out) {
    out << fmt::format("\n{:<40} {:>12} {:>25} {:>12}\n", "parameter", "posterior", "90% credible interval", "truth");
    for (std::size_t k = 0; k < r.parameters.size(); ++k) {
        const auto& s = r.parameters[k];
        const auto& p = c.parameters[k];
        out << fmt::format("{:<40} {:>12.4g} {:>25} {:>12}\n", p.name, s.median, fmt::format("{:.4g} to {:.4g}", s.p5, s.p95),
                           p.truth ? fmt::format("{:.4g} ({})", *p.truth, *s.truth_inside_90 ? "in" : "OUT") : "");
    }
    long inside = 0;
    for (const auto& p : r.predictive) inside += p.inside ? 1 : 0;
    if (!r.predictive.empty())
        out << fmt::format("\nposterior predictive check: {} of {} targets inside their 95% predictive interval\n", inside, r.predictive.size());
}

// --synthesize: the targets one run at the config's [truth] values gives, instead of a calibration.
int synthesize_targets(const CalibrationConfig& config, const CalibrateArgs& args, const MpiSharing& d) {
    if (!d.root()) return 0;  // one writer
    try {
        write_targets(synthetic_targets(config, args.truth_seed, args.relative_sd), args.synthesize);
    } catch (const std::invalid_argument& e) {
        std::cerr << fmt::format("{}: {}\n", args.config, e.what());
        return 2;
    }
    std::cout << fmt::format("synthetic targets: {} (seed {}, observation SD {} x value)\n", args.synthesize, args.truth_seed, args.relative_sd);
    return 0;
}

// The state an interrupted calibration saved, on every rank, or nothing. Throws CannotResume when it
// belongs to another calibration.
std::optional<nlohmann::json> saved_state(const std::filesystem::path& file, const std::string& print, const MpiSharing& d) {
    const std::string bytes = d.broadcast(d.root() ? read_resume_file(file).value_or("") : "");
    if (bytes.empty()) return std::nullopt;
    std::string_view content;
    try {
        content = unseal(bytes);
    } catch (const std::exception& e) {
        throw CannotResume(fmt::format("cannot resume from {}: {}", file.string(), e.what()));
    }
    auto saved = nlohmann::json::parse(content, nullptr, false);
    if (saved.is_discarded() || !saved.contains("fingerprint") || saved["fingerprint"] != print)
        throw CannotResume(fmt::format("cannot resume from {}: it belongs to another calibration (config, targets, scenario or "
                                       "pcnsim version differ)",
                                       file.string()));
    return saved["state"];
}

// What the command adds to a calibration: a running count of model runs on a terminal (between the
// lines of progress), checkpoints for --resume written by rank 0, and Ctrl-C on any rank stopping
// every rank at the same step.
class Session {
public:
    Session(const CalibrateArgs& args, const MpiSharing& d, Interruption interruption, std::filesystem::path file, std::string print)
        : args_(args), d_(d), interruption_(interruption), file_(std::move(file)), print_(std::move(print)),
          tick_(!args.quiet && d.root() && ::isatty(STDERR_FILENO)), start_(std::chrono::steady_clock::now()) {}

    double elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

    CalibrationControl control(const nlohmann::json* resume) {
        CalibrationControl control;
        control.executor = distributed_executor(d_, interruption_.requested, &agreed_stop_, [this] { one_done(); });
        control.cancel = &agreed_stop_;
        control.interrupt_runs = interruption_.requested;
        control.resume = resume;
        control.checkpoint = [this](const nlohmann::json& state) { checkpoint(state); };
        control.say = [this](const std::string& line) {
            if (!args_.quiet) std::cerr << fmt::format("{}[{:7.1f} s] {}\n", tick_ ? "\r" : "", elapsed(), line);
        };
        return control;
    }

private:
    void one_done() {
        const std::lock_guard lock(ticker_);
        if (++runs_ % 10 == 0 && tick_) std::cerr << fmt::format("\r  {} model runs ({:.0f} s) ", runs_, elapsed()) << std::flush;
    }

    // A checkpoint that cannot be written costs only the ability to resume: the calibration goes on
    // (and every rank with it, which an exception on rank 0 alone would not allow).
    void checkpoint(const nlohmann::json& state) {
        if (!d_.root()) return;
        try {
            save_resume_file(file_, seal(nlohmann::json{{"fingerprint", print_}, {"state", state}}.dump()));
        } catch (const std::exception& e) {
            if (!std::exchange(warned_, true)) std::cerr << fmt::format("pcnsim: warning: no checkpoint for --resume: {}\n", e.what());
        }
    }

    const CalibrateArgs& args_;
    const MpiSharing& d_;
    Interruption interruption_;
    std::filesystem::path file_;
    std::string print_;
    bool tick_;
    std::chrono::steady_clock::time_point start_;
    std::mutex ticker_;
    long runs_ = 0;
    bool warned_ = false;
    std::atomic<bool> agreed_stop_{false};
};

void print_coverage(const CoverageResult& r, std::ostream& out) {
    out << fmt::format("\n{:<36} {:>6} {:>18} {:>18} {:>20}  {}\n", "parameter", "K", "inside 50% (band)", "inside 90% (band)",
                       "mean rank/L (band)", "verdict");
    for (const auto& s : r.summary)
        out << fmt::format("{:<36} {:>6} {:>18} {:>18} {:>20}  {}\n", s.parameter, s.recoveries,
                           fmt::format("{:.2f} ({:.2f}-{:.2f})", s.inside_50, s.band_50_lower, s.band_50_upper),
                           fmt::format("{:.2f} ({:.2f}-{:.2f})", s.inside_90, s.band_90_lower, s.band_90_upper),
                           fmt::format("{:.2f} ({:.2f}-{:.2f})", s.mean_rank, s.mean_rank_lower, s.mean_rank_upper), s.verdict);
    for (const auto& note : r.notes) out << "note: " << note << "\n";
}

// --coverage K: K recoveries at truths drawn from the priors, in turn, each a whole calibration (no
// checkpoints: an interrupted check is run again).
int coverage_command(const CalibrationConfig& config, const CalibrateArgs& args, OutputOptions output, const MpiSharing& d,
                     Interruption interruption) {
    if (output.dir.empty()) output.dir = "out/coverage-" + config.name;
    check_output_folder(output);
    Session session(args, d, interruption, {}, "");
    auto control = session.control(nullptr);
    control.checkpoint = nullptr;
    const auto say = std::exchange(control.say, nullptr);  // a line per recovery, not per wave
    const CoverageSettings settings{args.coverage, args.relative_sd};
    if (!args.quiet)
        std::cerr << fmt::format("coverage of '{}': {} recoveries at truths drawn from the priors, {} parameter(s), {} target(s)\n", config.name,
                                 settings.recoveries, config.parameters.size(), config.targets.size());
    double last = 0;
    const auto result = calibration_coverage(config, settings, control, [&](int k, const std::vector<CoverageRow>& rows, const CalibrationResult& r) {
        long inside = 0;
        for (const auto& row : rows) inside += row.inside_90 ? 1 : 0;
        say(fmt::format("recovery {}/{}: {} model runs in {:.1f} s, {} of {} truths inside their 90% intervals{}", k, settings.recoveries,
                        r.evaluations, session.elapsed() - last, inside, rows.size(), r.note.empty() ? "" : " (" + r.note + ")"));
        last = session.elapsed();
    });
    if (result.cancelled) {
        std::cerr << "\ninterrupted: stopped cleanly, no output written\n";
        return 128 + (interruption.signal->load() ? interruption.signal->load() : SIGINT);
    }
    if (!d.root()) return 0;
    write_coverage_outputs(config, result, settings, session.elapsed(), output);
    if (!args.quiet) print_coverage(result, std::cout);
    std::cout << fmt::format("\noutputs: {}  {} model runs, wall time {:.1f} s\n", output.dir, result.evaluations, session.elapsed());
    return 0;
}

}  // namespace

int calibrate_command(const CalibrateArgs& args, const OutputOptions& given, const MpiSharing& d, Interruption interruption) {
    Problems problems;
    const auto config = load_calibration_config(args.config, args.sets, problems);
    if (problems.empty()) {
        const auto more = CalibrationModel(config).check_targets();
        problems.insert(problems.end(), more.begin(), more.end());
    }
    if (!problems.empty()) return report_problems(problems, std::cerr);
    if (!args.synthesize.empty()) return synthesize_targets(config, args, d);
    std::optional<tbb::global_control> limit;
    if (args.threads && *args.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(*args.threads));
    if (args.coverage > 0) return coverage_command(config, args, given, d, interruption);
    OutputOptions output = given;
    if (output.dir.empty()) output.dir = "out/calibration-" + config.name;
    check_output_folder(output);

    const auto file = resume_folder(output_path(output.dir)) / "calibration.json";
    const auto print = fingerprint(config);
    const auto resumed = args.resume ? saved_state(file, print, d) : std::nullopt;
    Session session(args, d, interruption, file, print);
    if (!args.quiet)
        std::cerr << fmt::format("calibrating '{}': {} parameter(s), {} target(s), {}{}\n", config.name, config.parameters.size(),
                                 config.targets.size(), config.method == CalibrationMethod::abc_smc ? "ABC-SMC" : "history matching",
                                 resumed ? ", resuming from the saved state" : "");
    const auto result = calibrate(config, session.control(resumed ? &*resumed : nullptr));
    if (result.cancelled) {
        std::cerr << fmt::format("\ninterrupted: stopped cleanly, no output written; completed {} are saved in {}: repeat the command "
                                 "with --resume to continue\n",
                                 config.method == CalibrationMethod::abc_smc ? "generations" : "waves", file.parent_path().string());
        return 128 + (interruption.signal->load() ? interruption.signal->load() : SIGINT);
    }
    if (!d.root()) return 0;
    keep_saved_state_on_failure(output_path(output.dir), [&] { write_calibration_outputs(config, result, session.elapsed(), output); });
    remove_resume_folder(output_path(output.dir));
    if (!args.quiet) print_summary(config, result, std::cout);
    if (!result.note.empty()) std::cout << "note: " << result.note << "\n";
    std::cout << fmt::format("\noutputs: {}  {} model runs, wall time {:.1f} s\n", calibration_folder_listing(output), result.evaluations,
                             session.elapsed());
    return 0;
}

}  // namespace pcnsim
