#pragma once
// A whole calibration: the method named by the config (ABC-SMC or history matching) on
// the simulation, then a posterior predictive check of every target and a summary of every free
// parameter. Knows no files, threads or ranks: evaluations go through an Executor (oneTBB locally,
// MPI ranks in the CLI), checkpoints and messages through callbacks.
#include <nlohmann/json.hpp>

#include <Eigen/Dense>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/calibration/calibration_config.hpp"
#include "sim/calibration/calibration_model.hpp"

namespace pcnsim {

// Runs `count` jobs and returns their results in index order.
using Executor = std::function<std::vector<ModelOutput>(std::size_t count, const std::function<ModelOutput(std::size_t)>& job)>;
// Jobs side by side on this process's oneTBB threads.
Executor local_executor();

// An evaluation's outputs as JSON (17 significant digits: exact round trips; a value that is not
// finite travels as null and comes back as NaN), for checkpoints and for sharing among MPI ranks.
nlohmann::json model_output_json(const ModelOutput& output);
ModelOutput model_output_from_json(const nlohmann::json& json);

// One row per generation (ABC-SMC) or wave (history matching).
struct DiagnosticsTable {
    std::vector<std::string> columns;
    std::vector<std::vector<double>> rows;
};

// A target beside what the posterior makes of it.
struct PredictiveCheckRow {
    double simulated_mean = 0, simulated_p2_5 = 0, simulated_p97_5 = 0;  // runs at posterior draws, one realisation each
    double predictive_p2_5 = 0, predictive_p97_5 = 0;  // the same plus the observation's own error (its SD)
    double z = 0;        // (observed - simulated mean) / sqrt(observed SD^2 + simulated variance)
    bool inside = false;  // observed within the predictive 95% interval
};

struct ParameterSummary {
    double prior_p5 = 0, prior_p95 = 0;
    double mean = 0, p5 = 0, median = 0, p95 = 0;  // weighted posterior
    std::optional<bool> truth_inside_90;           // with a known truth (synthetic data)
};

struct CalibrationResult {
    Eigen::MatrixXd samples;  // posterior samples x free parameters
    Eigen::VectorXd weights;  // normalised
    DiagnosticsTable diagnostics;
    std::vector<PredictiveCheckRow> predictive;  // per target
    std::vector<ParameterSummary> parameters;    // per free parameter
    long evaluations = 0;                        // model evaluations, predictive runs included
    bool cancelled = false;
    std::string note;  // why it stopped early, when it did (budget, empty region)
};

struct CalibrationControl {
    Executor executor = local_executor();
    // Stop: checked by the methods between rounds. With MPI ranks it must change only where every
    // rank sees the same value (after a round's results are shared), so all take the same steps.
    const std::atomic<bool>* cancel = nullptr;
    // Cuts the runs in flight short (their round is then discarded); by default `cancel`.
    const std::atomic<bool>* interrupt_runs = nullptr;
    const nlohmann::json* resume = nullptr;                   // a checkpoint of the same calibration
    std::function<void(const nlohmann::json&)> checkpoint;    // after each generation or wave
    std::function<void(const std::string&)> say;              // a line of progress
};

CalibrationResult calibrate(const CalibrationConfig& config, const CalibrationControl& control);

// Synthetic service data for a recovery check: the config's targets (metric, group, weeks) with
// the values one run at the config's [truth] values gives (seed `seed`), plus a normal observation
// error whose SD, `relative_sd` x |value|, becomes the target's SD. Throws std::invalid_argument
// when a free parameter has no truth, or a target's value at the truth is 0 or undefined.
std::vector<CalibrationTarget> synthetic_targets(const CalibrationConfig& config, std::uint64_t seed, double relative_sd);

}  // namespace pcnsim
