#pragma once
// History matching in waves (Vernon et al. 2010; Andrianakis et al. 2015) with Gaussian-process
// emulators (sim/stats/emulator.hpp), one per target and wave. Like abc_smc, it knows nothing
// of the simulation: it asks `model` to evaluate batches of parameter vectors.
//
// Inputs are scaled to [0, 1] over each parameter's [lower, upper] (the prior's support box).
//   - Wave 1's design is a maximin Latin hypercube over the box (the best of 20 keyed ones).
//     Later waves' designs are a greedy maximin subset of the previous wave's non-implausible
//     candidates, far from the training points already held.
//   - Each wave evaluates its design with one `model` call, then fits one emulator per target on
//     every design point so far that was non-implausible under all earlier waves' emulators.
//   - Candidates are drawn uniformly in the box, in batches, and kept when non-implausible under
//     EVERY wave's emulators so far, until `candidates` are kept or `max_candidates` drawn.
//   - Implausibility of target i at x: |z_i - E[f_i(x)]| / sqrt(Var_em_i(x) + variance_i + run_i + shared_i),
//     where run_i is the variance of one run (the observed data are one realisation): the mean of
//     the wave's design run variances when evaluations had replications, otherwise the emulator's
//     nugget (the run-to-run noise of single runs); shared_i, with common random numbers only, is
//     the mean of run variance / replications over the design (the noise all design means share).
//     A point is implausible when the MAXIMUM over
//     targets reaches `cutoff` (or the second or third largest, with implausibility_order 2 or 3:
//     Vernon et al. 2010's guard, with many targets, against one poorly emulated output ruling
//     out the truth).
//   - It stops after `waves` waves, or early when no candidate is kept (empty_region).
//
// The result's samples are the final non-implausible candidates (the first posterior_samples in
// key order: a uniform sample of the region), weighted by prior density x the emulated Gaussian
// likelihood prod_i N(z_i; E[f_i(x)], Var_em_i(x) + variance_i + run_i + shared_i) under the last wave's
// emulators, normalised: an emulator-based approximation of the posterior restricted to the
// non-implausible region.
//
// Reproducible at any thread count: design point j and candidate j of wave w are pure functions
// of (seed, w, j) (Stream::calibration, substreams 1.. apart from ABC-SMC's 0); candidates are
// judged in parallel and kept in index order; emulator fits are deterministic.
#include <Eigen/Dense>

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/calibration/abc_smc.hpp"  // FreeParameter
#include "sim/stats/emulator.hpp"

namespace pcnsim {

// A target: observed value and its variance (observation error + model discrepancy).
struct Observation {
    double value = 0;
    double variance = 0;
};

// One evaluation's outputs: per target the mean over the evaluation's replications and the variance
// of ONE run (sample variance across replications; 0 with one replication). replications tells
// the emulator how noisy the mean is (run_variance / replications).
struct ModelOutput {
    std::vector<double> mean;
    std::vector<double> run_variance;
    int replications = 1;
};

// Evaluates a batch of parameter vectors (in the parameters' own units); keys name each evaluation
// for keyed random numbers: (wave << 40) | design point, both counted from 0.
using BatchModel = std::function<std::vector<ModelOutput>(const std::vector<Eigen::VectorXd>& thetas,
                                                          const std::vector<std::uint64_t>& keys)>;

struct HistoryMatchingSettings {
    int waves = 4;
    int design_points = 60;          // per wave
    double cutoff = 3.0;
    int implausibility_order = 1;    // 1: the maximum over targets; 2 or 3: the second or third largest
    long candidates = 20000;         // non-implausible candidates wanted per wave
    long max_candidates = 2000000;   // drawn at most per wave
    int posterior_samples = 1000;
    std::uint64_t seed = 1;
    // Every evaluation ran on the same random numbers. The emulators then learn the mean of the
    // design's replications on those numbers, which is off the model's expected output by a noise
    // of variance run_variance / replications that every design point shares, so that no emulator
    // averages it away: it joins each target's variance (shared_variance) in implausibility and in
    // the posterior weights. Without it the posterior is too narrow and centred on that one
    // realisation (docs/calibration.md, Coverage).
    bool common_random_numbers = false;
};

struct HistoryMatchingWave {
    int wave = 0;                       // 1-based
    int design_points = 0;              // evaluated this wave
    int training_points = 0;            // the emulators' design: this wave's and earlier non-implausible ones
    long evaluations = 0;               // model evaluations so far, all waves
    long drawn = 0, kept = 0;           // candidates
    double non_implausible_share = 0;   // kept / drawn, of candidates drawn from the whole box
    double max_implausibility_median = 0;  // this wave's (order-th) max implausibility, median over candidates that passed earlier waves
    std::vector<double> loo_coverage_95;    // per target: leave-one-out share within 1.96 SD (nominal 0.95)
    std::vector<double> nugget_variance;    // per target: the emulator's estimated noise of one design output
    std::vector<double> run_variance;       // per target: the one-run variance used in implausibility
    std::vector<double> shared_variance;    // per target: with common random numbers, the design mean's shared noise (0 without)
};

// Everything needed to resume: designs (scaled to [0,1], design points x parameters) and outputs
// of completed waves. (A state given to resume from may also hold one evaluated design more than
// `waves`, which is then used without evaluating it again; a cancelled evaluation is never kept.)
struct HistoryMatchingState {
    std::vector<Eigen::MatrixXd> designs;
    std::vector<std::vector<ModelOutput>> outputs;
    std::vector<HistoryMatchingWave> waves;
};

// One wave's emulators, one per target, with the one-run variance each uses and, with common random
// numbers, the variance of the noise the design's means share.
struct WaveEmulators {
    std::vector<Emulator> emulators;
    std::vector<double> run_variance;
    std::vector<double> shared_variance;

    // What target i's variance, and the emulator's own, leave out: one run's variance (the data are
    // one realisation) and the shared noise of the emulated means.
    double noise_variance(std::size_t i) const { return run_variance[i] + shared_variance[i]; }
};

struct HistoryMatchingResult {
    Eigen::MatrixXd samples;   // posterior_samples x parameters, in the parameters' own units
    Eigen::VectorXd weights;   // normalised
    std::vector<HistoryMatchingWave> waves;
    std::vector<WaveEmulators> emulators;  // per completed wave
    HistoryMatchingState state;
    bool cancelled = false;
    bool empty_region = false;
};

// The maximum over targets (order 2, 3: the second, third largest) of the implausibility at x
// (scaled to [0,1]) under one wave's emulators.
double max_implausibility(const WaveEmulators& wave, const std::vector<Observation>& targets, const Eigen::VectorXd& x, int order = 1);

HistoryMatchingResult history_matching(const std::vector<FreeParameter>& params, const std::vector<Observation>& targets,
                                       const BatchModel& model, const HistoryMatchingSettings& settings,
                                       const std::atomic<bool>* cancel = nullptr, const HistoryMatchingState* resume = nullptr,
                                       const std::function<void(const HistoryMatchingState&)>& on_wave = {});

}  // namespace pcnsim
