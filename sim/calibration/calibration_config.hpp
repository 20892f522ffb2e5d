#pragma once
// A calibration's settings: the scenario it calibrates, the free parameters and their
// priors, the targets, the method and its settings, replications per evaluation and the seed. File
// format: docs/calibration.md. Problems are collected as file:line: key: message, never thrown.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/calibration/abc_smc.hpp"
#include "sim/calibration/history_matching.hpp"
#include "sim/calibration/targets.hpp"
#include "sim/core/problems.hpp"
#include "sim/scenario/scenario.hpp"

namespace pcnsim {

enum class CalibrationMethod { abc_smc, history_matching };

struct CalibratedParameter {
    std::string name;  // dotted, as declared (pcnsim params)
    Prior prior;       // the declared prior unless the config gives its own
    double lower = 0, upper = 0;  // the prior's truncation: the declared range unless narrowed
    std::optional<double> truth;  // synthetic data: the value the targets were generated with
};

struct CalibrationConfig {
    std::string path, name;
    std::string text;  // the config's and the targets file's text: the fingerprint of a calibration
    Scenario scenario;
    std::string targets_path;
    std::vector<CalibrationTarget> targets;
    std::vector<CalibratedParameter> parameters;
    CalibrationMethod method = CalibrationMethod::abc_smc;
    int replications = 1;               // runs per evaluation; their mean meets the targets
    bool common_random_numbers = false;  // every evaluation on the same random numbers
    std::uint64_t seed = 1;
    int predictive_draws = 100;  // posterior predictive check: runs at parameter sets drawn from the posterior
    AbcSmcSettings abc;
    HistoryMatchingSettings history_matching;
};

// `set_overrides` (key=value) apply to the scenario, after the config's own `set` list.
CalibrationConfig load_calibration_config(const std::string& path, const std::vector<std::string>& set_overrides, Problems& problems);

// The free parameters as the algorithms see them: bounds, prior quantile and log density.
std::vector<FreeParameter> free_parameters(const CalibrationConfig& config);

// "Beta(2, 5)", "LogNormal(0.44, 0.1)" (median, SD of the log), "Normal(5.9, 0.3)", "Uniform(5, 6.5)":
// case does not matter. Returns an empty optional and sets `error` when the text is not a prior.
std::optional<Prior> parse_prior(const std::string& text, std::string& error);

}  // namespace pcnsim
