#include "sim/calibration/calibration_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/core/rng.hpp"
#include "sim/calibration/substreams.hpp"
#include "sim/output/run_values.hpp"

namespace pcnsim {
namespace {

constexpr std::uint32_t kSeedSubstream = calibration_substream::evaluation_seed;

int group_index(const std::vector<GroupKey>& keys, const std::string& group_by, const std::string& group) {
    for (std::size_t g = 0; g < keys.size(); ++g)
        if (keys[g].group_by == group_by && keys[g].group == group) return static_cast<int>(g);
    return -1;
}

// A 64-bit seed for evaluation `key`, from the calibration's seed.
std::uint64_t evaluation_seed(std::uint64_t seed, std::uint64_t key) {
    Draws d(RunKey{seed, 0, 0}, static_cast<std::uint32_t>(key), static_cast<std::uint32_t>(key >> 32), Stream::calibration, kSeedSubstream);
    const std::uint64_t high = d.next_u32();
    return (high << 32) | d.next_u32();
}

}  // namespace

CalibrationModel::CalibrationModel(const CalibrationConfig& config) : config_(config) {}

Scenario CalibrationModel::scenario_for(const Eigen::VectorXd& theta, std::uint64_t key, bool independent) const {
    Scenario s = config_.scenario;
    for (std::size_t k = 0; k < config_.parameters.size(); ++k) s.parameters.set(config_.parameters[k].name, theta[static_cast<Eigen::Index>(k)]);
    s.run.replications = config_.replications;
    s.run.psa_draws = 0;
    s.run.seed = config_.common_random_numbers && !independent ? config_.seed : evaluation_seed(config_.seed, key);
    return s;
}

std::vector<std::vector<double>> CalibrationModel::target_values(const RunResult& run) const {
    const auto keys = run_group_keys(run);
    std::vector<std::vector<double>> out;
    for (const auto& rep : run.replications) {
        const auto& params = run.scenario.parameters;
        std::vector<double> values;
        for (const auto& t : config_.targets) {
            const auto& m = *find_metric(t.metric);  // the loader checked the name
            const auto figure = [&](const std::string& group) {
                const int g = group_index(keys, t.group_by, group);
                if (g < 0) return std::numeric_limits<double>::quiet_NaN();
                const auto [total, rate] = metric_over_weeks(m, rep.weeks, static_cast<std::size_t>(t.first_week),
                                                             static_cast<std::size_t>(t.last_week) + 1, static_cast<std::size_t>(g), params);
                return t.per_1000_per_year ? rate : total;
            };
            double v = figure(t.group);
            if (!t.reference_group.empty()) {
                const double ref = figure(t.reference_group);
                v = ref != 0 ? v / ref : std::numeric_limits<double>::quiet_NaN();
            }
            values.push_back(v);
        }
        out.push_back(std::move(values));
    }
    return out;
}

ModelOutput CalibrationModel::evaluate(const Eigen::VectorXd& theta, std::uint64_t key, const std::atomic<bool>* cancel,
                                            bool independent) const {
    const auto values = simulate(scenario_for(theta, key, independent), cancel);
    const std::size_t n = config_.targets.size();
    ModelOutput out{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0), static_cast<int>(values.size())};
    const double r = static_cast<double>(values.size());
    for (const auto& run : values)
        for (std::size_t i = 0; i < n; ++i) out.mean[i] += run[i] / r;
    if (values.size() > 1)
        for (const auto& run : values)
            for (std::size_t i = 0; i < n; ++i) out.run_variance[i] += (run[i] - out.mean[i]) * (run[i] - out.mean[i]) / (r - 1);
    return out;
}

std::vector<std::vector<double>> CalibrationModel::simulate(const Scenario& scenario, const std::atomic<bool>* cancel, bool both_arms) const {
    RunControl control;
    control.cancel = cancel;
    control.nested = true;
    control.scenario_arm_only = !both_arms;
    return target_values(run_scenario(scenario, control));
}

Problems CalibrationModel::check_targets() const {
    const auto& s = config_.scenario;
    Problems problems;
    std::vector<std::string> practice_codes, pcn_codes;
    for (const auto& pcn : build_pcn_profiles(s, PopulationModel(s.parameters), problems)) {
        pcn_codes.push_back(pcn.code);
        for (const auto& p : pcn.practices) practice_codes.push_back(p.code);
    }
    if (!problems.empty()) return problems;
    const auto keys = output_group_keys(practice_codes, pcn_codes);
    for (const auto& t : config_.targets)
        for (const auto* group : {&t.group, &t.reference_group})
            if (!group->empty() && group_index(keys, t.group_by, *group) < 0)
                problems.push_back({config_.targets_path, t.line, group == &t.group ? "group" : "reference_group",
                                    fmt::format("the scenario's population has no {} '{}'", t.group_by, *group)});
    return problems;
}

}  // namespace pcnsim
