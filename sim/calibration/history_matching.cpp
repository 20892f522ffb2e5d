#include "sim/calibration/history_matching.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "sim/core/parallel.hpp"
#include "sim/core/rng.hpp"
#include "sim/calibration/substreams.hpp"

namespace pcnsim {
namespace {

constexpr double kNotJudged = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint32_t kCandidateSubstream = calibration_substream::candidate;
constexpr std::uint32_t kDesignSubstream = calibration_substream::design;  // + the Latin hypercube's try
constexpr int kLatinHypercubeTries = 20;
constexpr long kCandidateBatch = 8192;   // drawn between cancel checks; fixed, so results do not depend on it
constexpr Eigen::Index kJudgeBlock = 256;  // candidates per parallel task: one matrix solve each

Eigen::VectorXd unscale(const std::vector<FreeParameter>& ps, const Eigen::VectorXd& u) {
    Eigen::VectorXd theta(u.size());
    for (Eigen::Index k = 0; k < u.size(); ++k) {
        const auto& p = ps[static_cast<std::size_t>(k)];
        theta[k] = p.lower + u[k] * (p.upper - p.lower);
    }
    return theta;
}

double min_pairwise_distance(const Eigen::MatrixXd& x) {
    double best = std::numeric_limits<double>::infinity();
    for (Eigen::Index i = 0; i < x.rows(); ++i)
        for (Eigen::Index j = i + 1; j < x.rows(); ++j) best = std::min(best, (x.row(i) - x.row(j)).squaredNorm());
    return best;
}

// A Latin hypercube: in each input, point j falls in the stratum given by the rank of its keyed
// uniform, at a keyed position within it. The best of several by minimum distance (maximin).
Eigen::MatrixXd latin_hypercube(int n, Eigen::Index d, std::uint64_t seed, int wave) {
    Eigen::MatrixXd best;
    double best_distance = -1;
    for (int t = 0; t < kLatinHypercubeTries; ++t) {
        Eigen::MatrixXd rank_key(n, d), jitter(n, d);
        for (int j = 0; j < n; ++j) {
            Draws draws(RunKey{seed, 0, 0}, static_cast<std::uint32_t>(j), static_cast<std::uint32_t>(wave), Stream::calibration,
                        kDesignSubstream + static_cast<std::uint32_t>(t));
            for (Eigen::Index k = 0; k < d; ++k) rank_key(j, k) = draws.uniform(), jitter(j, k) = draws.uniform();
        }
        Eigen::MatrixXd x(n, d);
        std::vector<int> order(static_cast<std::size_t>(n));
        for (Eigen::Index k = 0; k < d; ++k) {
            for (int j = 0; j < n; ++j) order[static_cast<std::size_t>(j)] = j;
            std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return rank_key(a, k) < rank_key(b, k); });
            for (int s = 0; s < n; ++s) {
                const int j = order[static_cast<std::size_t>(s)];
                x(j, k) = (s + jitter(j, k)) / n;
            }
        }
        const double dist = min_pairwise_distance(x);
        if (dist > best_distance) best_distance = dist, best = std::move(x);
    }
    return best;
}

Eigen::RowVectorXd candidate(Eigen::Index d, std::uint64_t seed, int wave, long index) {
    Draws draws(RunKey{seed, 0, 0}, static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(wave), Stream::calibration,
                kCandidateSubstream);
    Eigen::RowVectorXd u(d);
    for (Eigen::Index k = 0; k < d; ++k) u[k] = draws.uniform();
    return u;
}

// Per row of x, the order-th largest implausibility over targets (1: the maximum) under one wave's emulators.
Eigen::VectorXd implausibility(const WaveEmulators& wave, const std::vector<Observation>& targets, const Eigen::MatrixXd& x, int order) {
    Eigen::MatrixXd each(x.rows(), static_cast<Eigen::Index>(targets.size()));
    Eigen::VectorXd mean, variance;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        wave.emulators[i].predict(x, mean, variance);
        const Eigen::ArrayXd sd = (variance.array() + targets[i].variance + wave.noise_variance(i)).sqrt();
        each.col(static_cast<Eigen::Index>(i)) = ((mean.array() - targets[i].value).abs() / sd).matrix();
    }
    const auto k = std::clamp<Eigen::Index>(order, 1, each.cols());
    if (k == 1) return each.rowwise().maxCoeff();
    Eigen::VectorXd out(x.rows());
    std::vector<double> row(static_cast<std::size_t>(each.cols()));
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        for (Eigen::Index i = 0; i < each.cols(); ++i) row[static_cast<std::size_t>(i)] = each(r, i);
        std::nth_element(row.begin(), row.begin() + (k - 1), row.end(), std::greater<>());
        out[r] = row[static_cast<std::size_t>(k - 1)];
    }
    return out;
}

// Judges rows of x under every wave in turn; a row implausible under an earlier wave is not
// predicted by later ones. keep: non-implausible under all; last: the last wave's implausibility
// (NaN when an earlier wave rejected the row).
void judge(const std::vector<WaveEmulators>& waves, const std::vector<Observation>& targets, const HistoryMatchingSettings& s,
           const Eigen::MatrixXd& x, std::vector<char>& keep, std::vector<double>& last) {
    std::vector<Eigen::Index> alive(static_cast<std::size_t>(x.rows()));
    for (Eigen::Index r = 0; r < x.rows(); ++r) alive[static_cast<std::size_t>(r)] = r;
    keep.assign(alive.size(), 0);
    last.assign(alive.size(), kNotJudged);
    for (std::size_t w = 0; w < waves.size() && !alive.empty(); ++w) {
        Eigen::MatrixXd sub(static_cast<Eigen::Index>(alive.size()), x.cols());
        for (std::size_t a = 0; a < alive.size(); ++a) sub.row(static_cast<Eigen::Index>(a)) = x.row(alive[a]);
        const Eigen::VectorXd imp = implausibility(waves[w], targets, sub, s.implausibility_order);
        std::vector<Eigen::Index> next;
        for (std::size_t a = 0; a < alive.size(); ++a) {
            if (w + 1 == waves.size()) last[static_cast<std::size_t>(alive[a])] = imp[static_cast<Eigen::Index>(a)];
            if (imp[static_cast<Eigen::Index>(a)] < s.cutoff) next.push_back(alive[a]);
        }
        alive = std::move(next);
    }
    for (auto r : alive) keep[static_cast<std::size_t>(r)] = 1;
}

// judge() over blocks in parallel; each block writes only its own slice.
void judge_parallel(const std::vector<WaveEmulators>& waves, const std::vector<Observation>& targets, const HistoryMatchingSettings& s,
                    const Eigen::MatrixXd& x, std::vector<char>& keep, std::vector<double>& last) {
    keep.assign(static_cast<std::size_t>(x.rows()), 0);
    last.assign(static_cast<std::size_t>(x.rows()), kNotJudged);
    const Eigen::Index blocks = (x.rows() + kJudgeBlock - 1) / kJudgeBlock;
    parallel_for_index(Eigen::Index{0}, blocks, [&](Eigen::Index b) {
        const Eigen::Index start = b * kJudgeBlock, size = std::min(kJudgeBlock, x.rows() - start);
        std::vector<char> k;
        std::vector<double> l;
        judge(waves, targets, s, x.middleRows(start, size), k, l);
        std::copy(k.begin(), k.end(), keep.begin() + start);
        std::copy(l.begin(), l.end(), last.begin() + start);
    });
}

// One emulator per target on the training points; targets are fitted in parallel.
WaveEmulators fit_wave(const Eigen::MatrixXd& x, const std::vector<const ModelOutput*>& outputs, std::size_t targets,
                       bool common_random_numbers) {
    WaveEmulators wave;
    wave.emulators.resize(targets);
    wave.run_variance.assign(targets, 0.0);
    wave.shared_variance.assign(targets, 0.0);
    const auto n = static_cast<Eigen::Index>(outputs.size());
    parallel_for_index(std::size_t{0}, targets, [&](std::size_t i) {
        Eigen::VectorXd y(n), noise(n);
        double run_sum = 0;
        int replicated = 0;
        for (Eigen::Index j = 0; j < n; ++j) {
            const auto& o = *outputs[static_cast<std::size_t>(j)];
            y[j] = o.mean[i];
            noise[j] = o.replications > 1 ? o.run_variance[i] / o.replications : 0.0;
            if (o.replications > 1) run_sum += o.run_variance[i], ++replicated;
        }
        wave.emulators[i] = Emulator::fit(x, y, noise);
        // With replications, the pooled sample variance; with single runs the nugget is the noise of one run.
        wave.run_variance[i] = replicated > 0 ? run_sum / replicated : wave.emulators[i].nugget_variance();
        if (common_random_numbers) wave.shared_variance[i] = noise.mean();
    });
    return wave;
}

// Greedy maximin: repeatedly the candidate farthest from the points already held (ties: the first).
Eigen::MatrixXd space_filling_subset(const std::vector<Eigen::RowVectorXd>& pool, const Eigen::MatrixXd& held, int count) {
    const auto d = pool.empty() ? held.cols() : pool.front().size();
    if (static_cast<long>(pool.size()) <= count) {
        Eigen::MatrixXd all(static_cast<Eigen::Index>(pool.size()), d);
        for (std::size_t k = 0; k < pool.size(); ++k) all.row(static_cast<Eigen::Index>(k)) = pool[k];
        return all;
    }
    std::vector<double> nearest(pool.size(), std::numeric_limits<double>::infinity());
    for (std::size_t k = 0; k < pool.size(); ++k)
        for (Eigen::Index h = 0; h < held.rows(); ++h) nearest[k] = std::min(nearest[k], (pool[k] - held.row(h)).squaredNorm());
    Eigen::MatrixXd chosen(count, d);
    for (int c = 0; c < count; ++c) {
        const auto pick = static_cast<std::size_t>(std::max_element(nearest.begin(), nearest.end()) - nearest.begin());
        chosen.row(c) = pool[pick];
        for (std::size_t k = 0; k < pool.size(); ++k) nearest[k] = std::min(nearest[k], (pool[k] - pool[pick]).squaredNorm());
        nearest[pick] = -1;
    }
    return chosen;
}

struct CandidateRun {
    std::vector<Eigen::RowVectorXd> kept;
    long drawn = 0;
    double median = 0;
    bool cancelled = false;
};

CandidateRun draw_candidates(const std::vector<WaveEmulators>& waves, const std::vector<Observation>& targets, Eigen::Index d,
                             const HistoryMatchingSettings& s, int wave, const std::atomic<bool>* cancel) {
    CandidateRun run;
    std::vector<double> implausibilities;  // this wave's, of candidates that passed the earlier waves
    std::vector<char> keep;
    std::vector<double> last;
    long next = 0;
    while (static_cast<long>(run.kept.size()) < s.candidates && next < s.max_candidates) {
        if (cancel && cancel->load()) {
            run.cancelled = true;
            return run;
        }
        const long batch = std::min(kCandidateBatch, s.max_candidates - next);
        Eigen::MatrixXd x(batch, d);
        parallel_for_index(long{0}, batch, [&](long k) { x.row(k) = candidate(d, s.seed, wave, next + k); });
        judge_parallel(waves, targets, s, x, keep, last);
        for (long k = 0; k < batch && static_cast<long>(run.kept.size()) < s.candidates; ++k) {
            ++run.drawn;
            if (!std::isnan(last[static_cast<std::size_t>(k)])) implausibilities.push_back(last[static_cast<std::size_t>(k)]);
            if (keep[static_cast<std::size_t>(k)]) run.kept.push_back(x.row(k));
        }
        next += batch;
    }
    if (!implausibilities.empty()) {
        const auto mid = implausibilities.begin() + static_cast<long>(implausibilities.size() / 2);
        std::nth_element(implausibilities.begin(), mid, implausibilities.end());
        run.median = *mid;
        if (implausibilities.size() % 2 == 0) run.median = 0.5 * (run.median + *std::max_element(implausibilities.begin(), mid));
    }
    return run;
}

// Log weights of the samples: log prior + the emulated Gaussian log likelihood.
Eigen::VectorXd posterior_log_weights(const std::vector<FreeParameter>& ps, const std::vector<Observation>& targets,
                                      const WaveEmulators& wave, const Eigen::MatrixXd& unit, const Eigen::MatrixXd& samples) {
    Eigen::VectorXd log_w(unit.rows());
    const Eigen::Index blocks = (unit.rows() + kJudgeBlock - 1) / kJudgeBlock;
    parallel_for_index(Eigen::Index{0}, blocks, [&](Eigen::Index b) {
        const Eigen::Index start = b * kJudgeBlock, size = std::min(kJudgeBlock, unit.rows() - start);
        const Eigen::MatrixXd x = unit.middleRows(start, size);
        Eigen::VectorXd sum(size), mean, variance;
        for (Eigen::Index r = 0; r < size; ++r) sum[r] = log_prior(ps, samples.row(start + r).transpose());
        for (std::size_t i = 0; i < targets.size(); ++i) {
            wave.emulators[i].predict(x, mean, variance);
            const Eigen::ArrayXd v = variance.array() + targets[i].variance + wave.noise_variance(i);
            sum.array() -= 0.5 * ((mean.array() - targets[i].value).square() / v + (2 * std::numbers::pi * v).log());
        }
        log_w.segment(start, size) = sum;
    });
    return log_w;
}

void check_inputs(const std::vector<FreeParameter>& ps, const std::vector<Observation>& targets, const HistoryMatchingSettings& s) {
    if (ps.empty() || targets.empty()) throw std::invalid_argument("history matching: no parameters or no targets");
    for (const auto& p : ps)
        if (!(p.upper > p.lower)) throw std::invalid_argument("history matching: parameter " + p.name + " has an empty range");
    if (s.design_points < static_cast<int>(ps.size()) + 3)
        throw std::invalid_argument("history matching: design_points must be at least the number of parameters + 3");
    if (s.implausibility_order < 1 || s.implausibility_order > static_cast<int>(targets.size()))
        throw std::invalid_argument("history matching: implausibility_order must be from 1 to the number of targets");
    if (s.max_candidates > static_cast<long>(UINT32_MAX)) throw std::invalid_argument("history matching: max_candidates above 2^32");
}

// The rows of the design matrices, stacked in wave order.
Eigen::MatrixXd stacked(const std::vector<Eigen::MatrixXd>& designs, Eigen::Index d) {
    Eigen::MatrixXd all(0, d);
    for (const auto& m : designs) all.conservativeResize(all.rows() + m.rows(), d), all.bottomRows(m.rows()) = m;
    return all;
}

// Wave w's design: from the state when resuming (so a resumed run evaluates nothing twice), else a
// Latin hypercube or a subset of the previous wave's non-implausible candidates, away from the
// points the emulators already hold.
Eigen::MatrixXd wave_design(const HistoryMatchingState& state, const std::vector<WaveEmulators>& fitted, const CandidateRun& last_run,
                            const std::vector<Observation>& targets, const HistoryMatchingSettings& s, int w, Eigen::Index d) {
    const auto wi = static_cast<std::size_t>(w);
    if (wi < state.designs.size()) return state.designs[wi];
    if (w == 0) return latin_hypercube(s.design_points, d, s.seed, w);
    std::vector<char> keep;
    std::vector<double> last;
    const Eigen::MatrixXd all = stacked(state.designs, d);
    judge_parallel(fitted, targets, s, all, keep, last);
    Eigen::MatrixXd held(0, d);
    for (Eigen::Index r = 0; r < all.rows(); ++r)
        if (keep[static_cast<std::size_t>(r)]) held.conservativeResize(held.rows() + 1, d), held.row(held.rows() - 1) = all.row(r);
    return space_filling_subset(last_run.kept, held, s.design_points);
}

// Evaluates wave w's design with one model call and adds it to the state. False, with the state
// unchanged, when cancelled before or during the call: outputs of runs cut short are not kept.
bool evaluate_design(const std::vector<FreeParameter>& ps, const std::vector<Observation>& targets, const BatchModel& model, int w,
                     const Eigen::MatrixXd& design, const std::atomic<bool>* cancel, HistoryMatchingState& state) {
    if (cancel && cancel->load()) return false;
    std::vector<Eigen::VectorXd> thetas;
    std::vector<std::uint64_t> keys;
    for (Eigen::Index j = 0; j < design.rows(); ++j) {
        thetas.push_back(unscale(ps, design.row(j).transpose()));
        keys.push_back(evaluation_key(w, j));
    }
    auto outputs = model(thetas, keys);
    if (cancel && cancel->load()) return false;
    // The model is the caller's code: a size mismatch would otherwise read past the outputs.
    if (outputs.size() != thetas.size()) throw std::runtime_error("history matching: the model returned the wrong number of outputs");
    for (const auto& o : outputs)
        if (o.mean.size() != targets.size() || o.run_variance.size() != targets.size())
            throw std::runtime_error("history matching: a model output does not have one value per target");
    state.designs.push_back(design);
    state.outputs.push_back(std::move(outputs));
    return true;
}

// An emulator's training points and their outputs (pointing into the state's outputs).
struct TrainingSet {
    Eigen::MatrixXd x;
    std::vector<const ModelOutput*> outputs;
};

// Every design point of waves 0..wi that the earlier waves' emulators left non-implausible: points
// they ruled out would spend the new emulators' flexibility on a region already discarded.
TrainingSet training_set(const HistoryMatchingState& state, const std::vector<WaveEmulators>& fitted, const std::vector<Observation>& targets,
                         const HistoryMatchingSettings& s, std::size_t wi, Eigen::Index d) {
    TrainingSet train{Eigen::MatrixXd(0, d), {}};
    for (std::size_t v = 0; v <= wi; ++v) {
        std::vector<char> keep(static_cast<std::size_t>(state.designs[v].rows()), 1);
        std::vector<double> last;
        if (!fitted.empty()) judge_parallel(fitted, targets, s, state.designs[v], keep, last);
        for (Eigen::Index r = 0; r < state.designs[v].rows(); ++r) {
            if (!keep[static_cast<std::size_t>(r)]) continue;
            train.x.conservativeResize(train.x.rows() + 1, d);
            train.x.row(train.x.rows() - 1) = state.designs[v].row(r);
            train.outputs.push_back(&state.outputs[v][static_cast<std::size_t>(r)]);
        }
    }
    return train;
}

// The figures reported (and checkpointed) for wave w, with the emulators just fitted.
HistoryMatchingWave wave_record(int w, Eigen::Index design_points, Eigen::Index training_points, long evaluations,
                                const CandidateRun& run, const WaveEmulators& emulators) {
    HistoryMatchingWave record;
    record.wave = w + 1;
    record.design_points = static_cast<int>(design_points);
    record.training_points = static_cast<int>(training_points);
    record.evaluations = evaluations;
    record.drawn = run.drawn;
    record.kept = static_cast<long>(run.kept.size());
    record.non_implausible_share = run.drawn > 0 ? static_cast<double>(record.kept) / static_cast<double>(run.drawn) : 0.0;
    record.max_implausibility_median = run.median;
    for (const auto& em : emulators.emulators) {
        record.loo_coverage_95.push_back(em.diagnostics().loo_coverage_95);
        record.nugget_variance.push_back(em.nugget_variance());
    }
    record.run_variance = emulators.run_variance;
    record.shared_variance = emulators.shared_variance;
    return record;
}

// The posterior: the first posterior_samples non-implausible candidates (a uniform sample of the
// region, since candidates are uniform in the box), weighted by prior x emulated likelihood under
// the last wave's emulators.
void weight_posterior(const std::vector<FreeParameter>& ps, const std::vector<Observation>& targets, const HistoryMatchingSettings& s,
                      const WaveEmulators& last_wave, const std::vector<Eigen::RowVectorXd>& kept, HistoryMatchingResult& result) {
    const auto d = static_cast<Eigen::Index>(ps.size());
    const auto count = static_cast<Eigen::Index>(std::min<std::size_t>(kept.size(), static_cast<std::size_t>(std::max(s.posterior_samples, 0))));
    Eigen::MatrixXd unit(count, d);
    result.samples.resize(count, d);
    for (Eigen::Index r = 0; r < count; ++r) {
        unit.row(r) = kept[static_cast<std::size_t>(r)];
        result.samples.row(r) = unscale(ps, unit.row(r).transpose()).transpose();
    }
    if (count == 0) return;
    const Eigen::VectorXd log_w = posterior_log_weights(ps, targets, last_wave, unit, result.samples);
    result.weights = (log_w.array() - log_w.maxCoeff()).exp();
    result.weights /= result.weights.sum();
}

}  // namespace

double max_implausibility(const WaveEmulators& wave, const std::vector<Observation>& targets, const Eigen::VectorXd& x, int order) {
    return implausibility(wave, targets, Eigen::MatrixXd(x.transpose()), order)[0];
}

HistoryMatchingResult history_matching(const std::vector<FreeParameter>& ps, const std::vector<Observation>& targets,
                                       const BatchModel& model, const HistoryMatchingSettings& s, const std::atomic<bool>* cancel,
                                       const HistoryMatchingState* resume, const std::function<void(const HistoryMatchingState&)>& on_wave) {
    check_inputs(ps, targets, s);
    const auto d = static_cast<Eigen::Index>(ps.size());
    HistoryMatchingResult result;
    HistoryMatchingState& state = result.state;
    if (resume) state = *resume;
    std::vector<WaveEmulators>& fitted = result.emulators;
    CandidateRun last_run;
    long evaluations = 0;
    for (int w = 0; w < s.waves; ++w) {
        const auto wi = static_cast<std::size_t>(w);
        const Eigen::MatrixXd design = wave_design(state, fitted, last_run, targets, s, w, d);
        if (wi >= state.outputs.size() && !evaluate_design(ps, targets, model, w, design, cancel, state)) {
            result.cancelled = true;
            break;
        }
        evaluations += design.rows();
        const TrainingSet train = training_set(state, fitted, targets, s, wi, d);
        if (train.x.rows() < d + 3) {  // too few points left to fit an emulator: stop with the last wave's region
            result.empty_region = last_run.kept.empty();
            break;
        }
        fitted.push_back(fit_wave(train.x, train.outputs, targets.size(), s.common_random_numbers));

        if (wi + 1 < state.designs.size()) {  // resuming: the next design is known, so are this wave's figures
            result.waves.push_back(state.waves[wi]);
            continue;
        }
        last_run = draw_candidates(fitted, targets, d, s, w, cancel);
        if (last_run.cancelled) {
            result.cancelled = true;
            break;
        }
        const HistoryMatchingWave record = wave_record(w, design.rows(), train.x.rows(), evaluations, last_run, fitted.back());
        result.waves.push_back(record);
        if (wi >= state.waves.size()) {  // a wave not in the resumed state: the caller checkpoints it
            state.waves.push_back(record);
            if (on_wave) on_wave(state);
        }
        if (last_run.kept.empty()) {
            result.empty_region = true;
            break;
        }
    }
    if (result.cancelled || last_run.kept.empty()) return result;
    weight_posterior(ps, targets, s, fitted.back(), last_run.kept, result);
    return result;
}

}  // namespace pcnsim
