#pragma once
// The simulation as a calibration sees it: values of the free parameters in, the simulated value of
// every target out. An evaluation runs the calibrated scenario `replications` times and reports,
// per target, the mean over those runs and the variance of one run (the observed data are one
// realisation of the world, so a method compares them with one run's spread, not the mean's).
//
// Random numbers: with common random numbers every evaluation runs on the calibration's seed, so two
// parameter sets differ only by their effect (smooth for an emulator); otherwise each evaluation's
// seed is a keyed function of (seed, evaluation key), as ABC needs independent noise.
#include <Eigen/Dense>

#include <atomic>
#include <cstdint>
#include <vector>

#include "sim/calibration/calibration_config.hpp"
#include "sim/calibration/history_matching.hpp"  // ModelOutput
#include "sim/engine/ensemble.hpp"

namespace pcnsim {

class CalibrationModel {
public:
    explicit CalibrationModel(const CalibrationConfig& config);

    // Problems with targets only a population shows (practice or PCN codes it does not have), as
    // targets-file:line: group: message, with any problem of the population's files. Builds the
    // practice and PCN profiles, simulates nothing.
    Problems check_targets() const;

    // The scenario an evaluation runs: the calibrated scenario with theta set, its seed and
    // replications. `independent`: a keyed seed even with common random numbers (predictive checks).
    Scenario scenario_for(const Eigen::VectorXd& theta, std::uint64_t key, bool independent = false) const;
    ModelOutput evaluate(const Eigen::VectorXd& theta, std::uint64_t key, const std::atomic<bool>* cancel = nullptr,
                              bool independent = false) const;

    // Runs a scenario (the scenario arm alone, nested in the caller's parallel loop, unless
    // `both_arms`) and returns every target's value in each replication: [replication][target],
    // NaN where a ratio's reference is 0.
    std::vector<std::vector<double>> simulate(const Scenario& scenario, const std::atomic<bool>* cancel = nullptr,
                                              bool both_arms = false) const;

private:
    std::vector<std::vector<double>> target_values(const RunResult& run) const;

    const CalibrationConfig& config_;
};

}  // namespace pcnsim
