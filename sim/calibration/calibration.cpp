#include "sim/calibration/calibration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/core/distributions.hpp"
#include "sim/core/parallel.hpp"
#include "sim/core/rng.hpp"
#include "sim/calibration/substreams.hpp"
#include "sim/scenario/posterior.hpp"
#include "sim/stats/descriptive.hpp"
#include "sim/stats/weighted.hpp"

namespace pcnsim {
namespace {

constexpr double kInfiniteDistance = std::numeric_limits<double>::infinity();
// Keys of the posterior predictive runs, apart from every method's evaluation keys.
constexpr std::uint64_t kPredictiveKeys = std::uint64_t{0xFF} << 40;  // "generation 255"
constexpr std::uint32_t kAcceptance = calibration_substream::acceptance, kPredictiveNoise = calibration_substream::predictive_noise,
                        kSyntheticNoise = calibration_substream::synthetic_noise;

// ABC with the observation error as its acceptance kernel (Wilkinson 2013): accepting a run with
// probability exp(-D^2 / (2 eps^2)), D^2 = sum_i ((simulated_i - observed_i) / sd_i)^2, gives at
// eps = 1 the exact posterior under normal observation errors of the targets' SDs; a larger eps
// tempers the likelihood (a wider, conservative posterior). That acceptance is "distance <= eps" for
// the distance D / sqrt(-2 log U), U a keyed uniform, so ABC-SMC's tolerance schedule runs down to
// eps = 1 (abc_smc.minimum_tolerance). The simulated value is one run's: with several replications
// per evaluation the mean's missing run-to-run noise is put back (variance run_variance x (1 - 1/R)).
double one_run(const ModelOutput& s, std::size_t i, Draws& d) {
    return s.mean[i] + std::sqrt(std::max(0.0, s.run_variance[i] * (1 - 1.0 / s.replications))) * standard_normal(d);
}

double abc_distance(const CalibrationConfig& c, const ModelOutput& s, std::uint64_t key) {
    Draws d(RunKey{c.seed, 0, 0}, static_cast<std::uint32_t>(key), static_cast<std::uint32_t>(key >> 32), Stream::calibration, kAcceptance);
    double sum = 0;
    for (std::size_t i = 0; i < c.targets.size(); ++i) {
        const auto& t = c.targets[i];
        const double simulated = one_run(s, i, d);
        if (!std::isfinite(simulated)) return kInfiniteDistance;
        sum += (simulated - t.value) * (simulated - t.value) / (t.sd * t.sd);
    }
    return std::sqrt(sum / (-2 * std::log(d.uniform())));
}

nlohmann::json matrix_json(const Eigen::MatrixXd& m) {
    auto rows = nlohmann::json::array();
    for (Eigen::Index i = 0; i < m.rows(); ++i) rows.push_back(std::vector<double>(m.row(i).begin(), m.row(i).end()));
    return rows;
}

Eigen::MatrixXd matrix_from(const nlohmann::json& rows, Eigen::Index columns) {
    Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()), columns);
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (Eigen::Index j = 0; j < columns; ++j) m(static_cast<Eigen::Index>(i), j) = rows[i][static_cast<std::size_t>(j)].get<double>();
    return m;
}

nlohmann::json abc_state(const AbcSmcResult& r) {
    auto generations = nlohmann::json::array();
    for (const auto& g : r.generations) generations.push_back({g.tolerance, g.acceptance_rate, g.effective_sample_size, g.evaluations});
    const std::vector<double> weights(r.weights.begin(), r.weights.end());
    return {{"method", "abc-smc"}, {"generations", generations}, {"particles", matrix_json(r.particles)}, {"weights", weights},
            {"distances", r.distances}};
}

AbcSmcResult abc_from_state(const nlohmann::json& j, Eigen::Index dims) {
    AbcSmcResult r;
    for (const auto& g : j.at("generations"))
        r.generations.push_back({g[0].is_null() ? kInfiniteDistance : g[0].get<double>(), g[1].get<double>(), g[2].get<double>(), g[3].get<long>()});
    r.particles = matrix_from(j.at("particles"), dims);
    const auto w = j.at("weights").get<std::vector<double>>();
    r.weights = Eigen::Map<const Eigen::VectorXd>(w.data(), static_cast<Eigen::Index>(w.size()));
    r.distances = j.at("distances").get<std::vector<double>>();
    return r;
}

const std::atomic<bool>* runs_cancel(const CalibrationControl& control) {
    return control.interrupt_runs ? control.interrupt_runs : control.cancel;
}

nlohmann::json with_evaluations(nlohmann::json state, long evaluations) {
    state["evaluations"] = evaluations;
    return state;
}

struct MethodResult {
    Eigen::MatrixXd samples;
    Eigen::VectorXd weights;
    DiagnosticsTable diagnostics;
    long evaluations = 0;
    bool cancelled = false;
    std::string note;
};

MethodResult run_abc_smc(const CalibrationConfig& c, const CalibrationModel& model, const CalibrationControl& control) {
    const auto dims = static_cast<Eigen::Index>(c.parameters.size());
    long evaluations = control.resume ? control.resume->value("evaluations", 0L) : 0L;  // model runs so far, for the manifest
    const AbcBatchDistance distance = [&](const std::vector<Eigen::VectorXd>& thetas, const std::vector<std::uint64_t>& keys) {
        const auto simulated = control.executor(thetas.size(), [&](std::size_t i) { return model.evaluate(thetas[i], keys[i], runs_cancel(control)); });
        evaluations += static_cast<long>(thetas.size());
        std::vector<double> d(thetas.size());
        for (std::size_t i = 0; i < d.size(); ++i) d[i] = abc_distance(c, simulated[i], keys[i]);
        return d;
    };
    std::optional<AbcSmcResult> resumed;
    if (control.resume) resumed = abc_from_state(*control.resume, dims);
    const auto on_generation = [&](const AbcSmcResult& r) {
        const auto& g = r.generations.back();
        if (control.say)
            control.say(fmt::format("generation {}/{}: tolerance {:.4g}, acceptance {:.3f}, ESS {:.0f}, {} evaluations", r.generations.size(),
                                    c.abc.generations, g.tolerance, g.acceptance_rate, g.effective_sample_size, g.evaluations));
        if (control.checkpoint) control.checkpoint(with_evaluations(abc_state(r), evaluations));
    };
    const auto r = abc_smc(free_parameters(c), distance, c.abc, control.cancel, resumed ? &*resumed : nullptr, on_generation);
    MethodResult out{r.particles, r.weights, {{"generation", "tolerance", "acceptance_rate", "effective_sample_size", "evaluations"}, {}},
                     evaluations, r.cancelled, r.budget_exhausted ? "stopped at abc_smc.max_evaluations before the last generation" : ""};
    for (std::size_t g = 0; g < r.generations.size(); ++g) {
        const auto& x = r.generations[g];
        out.diagnostics.rows.push_back({static_cast<double>(g), x.tolerance, x.acceptance_rate, x.effective_sample_size, static_cast<double>(x.evaluations)});
    }
    return out;
}

nlohmann::json wave_json(const HistoryMatchingWave& w) {
    return {{"wave", w.wave}, {"design_points", w.design_points}, {"training_points", w.training_points}, {"evaluations", w.evaluations},
            {"drawn", w.drawn}, {"kept", w.kept}, {"non_implausible_share", w.non_implausible_share},
            {"max_implausibility_median", w.max_implausibility_median}, {"loo_coverage_95", w.loo_coverage_95},
            {"nugget_variance", w.nugget_variance}, {"run_variance", w.run_variance}, {"shared_variance", w.shared_variance}};
}

HistoryMatchingWave wave_from(const nlohmann::json& j) {
    HistoryMatchingWave w;
    j.at("wave").get_to(w.wave), j.at("design_points").get_to(w.design_points), j.at("training_points").get_to(w.training_points);
    j.at("evaluations").get_to(w.evaluations), j.at("drawn").get_to(w.drawn), j.at("kept").get_to(w.kept);
    j.at("non_implausible_share").get_to(w.non_implausible_share), j.at("max_implausibility_median").get_to(w.max_implausibility_median);
    j.at("loo_coverage_95").get_to(w.loo_coverage_95), j.at("nugget_variance").get_to(w.nugget_variance);
    j.at("run_variance").get_to(w.run_variance), j.at("shared_variance").get_to(w.shared_variance);
    return w;
}

nlohmann::json history_matching_state(const HistoryMatchingState& s) {
    nlohmann::json designs = nlohmann::json::array(), outputs = nlohmann::json::array(), waves = nlohmann::json::array();
    for (const auto& d : s.designs) designs.push_back(matrix_json(d));
    for (const auto& wave : s.outputs) {
        auto rows = nlohmann::json::array();
        for (const auto& o : wave) rows.push_back(model_output_json(o));
        outputs.push_back(rows);
    }
    for (const auto& w : s.waves) waves.push_back(wave_json(w));
    return {{"method", "history-matching"}, {"designs", designs}, {"outputs", outputs}, {"waves", waves}};
}

HistoryMatchingState history_matching_from(const nlohmann::json& j, Eigen::Index dims) {
    HistoryMatchingState s;
    for (const auto& d : j.at("designs")) s.designs.push_back(matrix_from(d, dims));
    for (const auto& wave : j.at("outputs")) {
        auto& rows = s.outputs.emplace_back();
        for (const auto& o : wave) rows.push_back(model_output_from_json(o));
    }
    for (const auto& w : j.at("waves")) s.waves.push_back(wave_from(w));
    return s;
}

// The model as history matching sees it. A target without a value (a ratio whose reference group
// had no events) cannot be emulated: that is the targets' problem, reported as such.
BatchModel history_matching_model(const CalibrationConfig& c, const CalibrationModel& model, const CalibrationControl& control,
                                  long& evaluations) {
    return [&](const std::vector<Eigen::VectorXd>& thetas, const std::vector<std::uint64_t>& keys) {
        auto out = control.executor(thetas.size(), [&](std::size_t i) { return model.evaluate(thetas[i], keys[i], runs_cancel(control)); });
        evaluations += static_cast<long>(thetas.size());
        if (control.cancel && control.cancel->load()) return out;
        for (const auto& o : out)
            for (std::size_t i = 0; i < o.mean.size(); ++i)
                if (!std::isfinite(o.mean[i]))
                    throw std::runtime_error(fmt::format("{}:{}: the target has no value in a run (its reference group had no events); "
                                                         "widen its weeks or choose another reference",
                                                         c.targets_path, c.targets[i].line));
        return out;
    };
}

MethodResult run_history_matching(const CalibrationConfig& c, const CalibrationModel& model, const CalibrationControl& control) {
    const auto dims = static_cast<Eigen::Index>(c.parameters.size());
    long evaluations = control.resume ? control.resume->value("evaluations", 0L) : 0L;
    std::vector<Observation> observations;
    for (const auto& t : c.targets) observations.push_back({t.value, t.sd * t.sd});
    std::optional<HistoryMatchingState> resumed;
    if (control.resume) resumed = history_matching_from(*control.resume, dims);
    const auto on_wave = [&](const HistoryMatchingState& state) {
        if (!state.waves.empty() && control.say) {
            const auto& w = state.waves.back();
            control.say(fmt::format("wave {}/{}: {} runs, emulators on {} points, non-implausible share {:.4g} ({} of {} candidates)", w.wave,
                                    c.history_matching.waves, w.evaluations, w.training_points, w.non_implausible_share, w.kept, w.drawn));
        }
        if (control.checkpoint) control.checkpoint(with_evaluations(history_matching_state(state), evaluations));
    };
    HistoryMatchingSettings settings = c.history_matching;
    settings.common_random_numbers = c.common_random_numbers;
    const auto r = history_matching(free_parameters(c), observations, history_matching_model(c, model, control, evaluations), settings,
                                    control.cancel, resumed ? &*resumed : nullptr, on_wave);
    MethodResult out{r.samples, r.weights,
                     {{"wave", "design_points", "training_points", "evaluations", "candidates_drawn", "candidates_kept", "non_implausible_share",
                       "max_implausibility_median", "loo_coverage_95_min"},
                      {}},
                     evaluations, r.cancelled, r.empty_region ? "no parameter set was left non-implausible: the targets and the model disagree" : ""};
    for (const auto& w : r.waves) {
        const double loo = w.loo_coverage_95.empty() ? 0 : *std::min_element(w.loo_coverage_95.begin(), w.loo_coverage_95.end());
        out.diagnostics.rows.push_back({static_cast<double>(w.wave), static_cast<double>(w.design_points), static_cast<double>(w.training_points),
                                        static_cast<double>(w.evaluations), static_cast<double>(w.drawn), static_cast<double>(w.kept),
                                        w.non_implausible_share, w.max_implausibility_median, loo});
    }
    return out;
}

std::vector<PredictiveCheckRow> predictive_check(const CalibrationConfig& c, const CalibrationModel& model, const MethodResult& m,
                                                 const CalibrationControl& control, long& evaluations) {
    if (c.predictive_draws == 0 || m.samples.rows() == 0) return {};
    // Posterior draws by the stratified weighted resampling --posterior uses.
    const auto chosen = resample_posterior(std::vector<double>(m.weights.begin(), m.weights.end()), c.seed, c.predictive_draws);
    const auto runs = control.executor(chosen.size(), [&](std::size_t k) {
        return model.evaluate(m.samples.row(chosen[k]).transpose(), kPredictiveKeys | k, runs_cancel(control), true);
    });
    evaluations += static_cast<long>(chosen.size());
    if (chosen.empty() || (control.cancel && control.cancel->load())) return {};
    std::vector<PredictiveCheckRow> rows;
    for (std::size_t i = 0; i < c.targets.size(); ++i) {
        const auto& t = c.targets[i];
        std::vector<double> simulated, predicted;
        for (std::size_t k = 0; k < runs.size(); ++k) {
            Draws d(RunKey{c.seed, 0, 0}, static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(i), Stream::calibration, kPredictiveNoise);
            const double value = one_run(runs[k], i, d);  // one realisation per draw, as the data are
            const double noise = t.sd * standard_normal(d);
            if (!std::isfinite(value)) continue;  // a ratio whose reference had no events in that run
            simulated.push_back(value);
            predicted.push_back(value + noise);
        }
        if (simulated.empty()) {
            const double nan = std::numeric_limits<double>::quiet_NaN();
            rows.push_back({nan, nan, nan, nan, nan, nan, false});
            continue;
        }
        const auto s = spread_of(simulated), p = spread_of(predicted);
        const double variance = sample_variance(simulated, s.mean);
        PredictiveCheckRow row{s.mean, s.p2_5, s.p97_5, p.p2_5, p.p97_5, (t.value - s.mean) / std::sqrt(t.sd * t.sd + variance), false};
        row.inside = t.value >= row.predictive_p2_5 && t.value <= row.predictive_p97_5;
        rows.push_back(row);
    }
    return rows;
}

std::vector<ParameterSummary> summarise_parameters(const CalibrationConfig& c, const MethodResult& m) {
    const auto params = free_parameters(c);
    std::vector<ParameterSummary> out;
    for (std::size_t k = 0; k < params.size(); ++k) {
        const Eigen::VectorXd x = m.samples.col(static_cast<Eigen::Index>(k));
        ParameterSummary s{params[k].quantile(0.05), params[k].quantile(0.95), m.weights.dot(x), weighted_quantile(x, m.weights, 0.05),
                           weighted_quantile(x, m.weights, 0.5), weighted_quantile(x, m.weights, 0.95), std::nullopt};
        if (const auto truth = c.parameters[k].truth) s.truth_inside_90 = *truth >= s.p5 && *truth <= s.p95;
        out.push_back(s);
    }
    return out;
}

}  // namespace

namespace {
nlohmann::json numbers_json(const std::vector<double>& v) {
    auto a = nlohmann::json::array();
    for (const double x : v) a.push_back(std::isfinite(x) ? nlohmann::json(x) : nlohmann::json());
    return a;
}

std::vector<double> numbers_from(const nlohmann::json& a) {
    std::vector<double> v;
    for (const auto& x : a) v.push_back(x.is_null() ? std::numeric_limits<double>::quiet_NaN() : x.get<double>());
    return v;
}
}  // namespace

nlohmann::json model_output_json(const ModelOutput& o) { return {numbers_json(o.mean), numbers_json(o.run_variance), o.replications}; }

ModelOutput model_output_from_json(const nlohmann::json& j) { return {numbers_from(j.at(0)), numbers_from(j.at(1)), j.at(2).get<int>()}; }

Executor local_executor() {
    return [](std::size_t count, const std::function<ModelOutput(std::size_t)>& job) {
        std::vector<ModelOutput> out(count);
        parallel_for_index(std::size_t{0}, count, [&](std::size_t i) { out[i] = job(i); });
        return out;
    };
}

std::vector<CalibrationTarget> synthetic_targets(const CalibrationConfig& c, std::uint64_t seed, double relative_sd) {
    Eigen::VectorXd truth(static_cast<Eigen::Index>(c.parameters.size()));
    for (std::size_t k = 0; k < c.parameters.size(); ++k) {
        if (!c.parameters[k].truth) throw std::invalid_argument("truth: [truth] has no value for " + c.parameters[k].name);
        truth[static_cast<Eigen::Index>(k)] = *c.parameters[k].truth;
    }
    const CalibrationModel model(c);
    Scenario s = model.scenario_for(truth, 0);
    s.run.seed = seed, s.run.replications = 1;
    const auto values = model.simulate(s).front();
    auto out = c.targets;
    Draws d(RunKey{seed, 0, 0}, 0, 0, Stream::calibration, kSyntheticNoise);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (!std::isfinite(values[i]) || values[i] == 0)
            throw std::invalid_argument(fmt::format("{}:{}: the run at the truth gives this target {}, so it has no relative SD; "
                                                    "choose other weeks or groups",
                                                    c.targets_path, out[i].line, values[i]));
        out[i].sd = relative_sd * std::abs(values[i]);
        out[i].value = values[i] + out[i].sd * standard_normal(d);
    }
    return out;
}

CalibrationResult calibrate(const CalibrationConfig& c, const CalibrationControl& control) {
    const CalibrationModel model(c);
    auto m = c.method == CalibrationMethod::abc_smc ? run_abc_smc(c, model, control) : run_history_matching(c, model, control);
    CalibrationResult out;
    out.cancelled = m.cancelled;
    out.note = m.note;
    out.evaluations = m.evaluations;
    if (!m.cancelled && m.samples.rows() > 0) {
        if (control.say) control.say(fmt::format("posterior predictive check: {} runs", c.predictive_draws));
        out.predictive = predictive_check(c, model, m, control, out.evaluations);
        out.cancelled = control.cancel && control.cancel->load();
        out.parameters = summarise_parameters(c, m);
    }
    out.samples = std::move(m.samples), out.weights = std::move(m.weights), out.diagnostics = std::move(m.diagnostics);
    return out;
}

}  // namespace pcnsim
