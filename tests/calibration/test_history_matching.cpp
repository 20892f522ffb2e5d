// History matching on a toy stochastic model with a known truth.
#include <doctest/doctest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/calibration/history_matching.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"
#include "sim/stats/weighted.hpp"

using namespace pcnsim;

namespace {

// Two parameters, three smooth nonlinear outputs, each run with normal noise of SD 0.05.
constexpr double kRunSd = 0.05, kTargetSd = 0.03;
constexpr int kReplications = 3;
const Eigen::Vector2d kTruth(1.2, 0.3);

Eigen::Vector3d toy(const Eigen::VectorXd& t) {
    return {std::sin(1.5 * t[0]) + t[1] * t[1], t[0] * t[1] + 0.5 * t[0], std::exp(0.5 * t[1]) + 0.3 * t[0] * t[0]};
}

std::vector<FreeParameter> parameters() {
    // theta1 ~ N(1, 0.5^2) on [0, 2]; theta2 uniform on [-1, 1].
    return {{"theta1", 0, 2, [](double u) { return 1 + 0.5 * normal_quantile(u); }, [](double x) { return -2 * (x - 1) * (x - 1); }},
            {"theta2", -1, 1, [](double u) { return -1 + 2 * u; }, [](double) { return 0.0; }}};
}

std::vector<Observation> targets() {
    const Eigen::Vector3d z = toy(kTruth);
    return {{z[0], kTargetSd * kTargetSd}, {z[1], kTargetSd * kTargetSd}, {z[2], kTargetSd * kTargetSd}};
}

// Three replications per evaluation, keyed by the evaluation's key and the replication.
std::vector<ModelOutput> model(const std::vector<Eigen::VectorXd>& thetas, const std::vector<std::uint64_t>& keys) {
    std::vector<ModelOutput> out;
    for (std::size_t j = 0; j < thetas.size(); ++j) {
        const Eigen::Vector3d f = toy(thetas[j]);
        Eigen::Matrix3Xd runs(3, kReplications);
        for (int r = 0; r < kReplications; ++r) {
            Draws d(RunKey{77, static_cast<std::uint32_t>(r), 0}, static_cast<std::uint32_t>(keys[j]),
                    static_cast<std::uint32_t>(keys[j] >> 32), Stream::calibration, 9);
            for (int i = 0; i < 3; ++i) runs(i, r) = f[i] + kRunSd * standard_normal(d);
        }
        ModelOutput o;
        o.replications = kReplications;
        for (int i = 0; i < 3; ++i) {
            const double m = runs.row(i).mean();
            o.mean.push_back(m);
            o.run_variance.push_back((runs.row(i).array() - m).square().sum() / (kReplications - 1));
        }
        out.push_back(o);
    }
    return out;
}

HistoryMatchingSettings settings() {
    HistoryMatchingSettings s;
    s.waves = 3, s.design_points = 20, s.candidates = 4000, s.max_candidates = 400000, s.posterior_samples = 1500, s.seed = 11;
    return s;
}

HistoryMatchingResult run_history_matching(int threads, const HistoryMatchingState* resume = nullptr, HistoryMatchingState* after_wave_1 = nullptr) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    return history_matching(parameters(), targets(), model, settings(), nullptr, resume, [&](const HistoryMatchingState& st) {
        if (after_wave_1 && st.waves.size() == 1) *after_wave_1 = st;
    });
}

const HistoryMatchingResult& reference() {
    static const HistoryMatchingResult r = run_history_matching(2);
    return r;
}

void check_same(const HistoryMatchingResult& a, const HistoryMatchingResult& b) {
    REQUIRE(a.waves.size() == b.waves.size());
    for (std::size_t w = 0; w < a.waves.size(); ++w) {
        CHECK(a.waves[w].kept == b.waves[w].kept);
        CHECK(a.waves[w].drawn == b.waves[w].drawn);
        CHECK(a.waves[w].max_implausibility_median == b.waves[w].max_implausibility_median);
    }
    REQUIRE(a.samples.rows() == b.samples.rows());
    CHECK(a.samples == b.samples);
    CHECK(a.weights == b.weights);
}

}  // namespace

TEST_CASE("history matching: a toy model's truth stays non-implausible as the region shrinks wave by wave") {
    const auto& r = reference();
    REQUIRE_FALSE(r.empty_region);
    REQUIRE_FALSE(r.cancelled);
    REQUIRE(r.waves.size() == 3);
    REQUIRE(r.emulators.size() == 3);
    const Eigen::Vector2d truth_unit(kTruth[0] / 2, (kTruth[1] + 1) / 2);
    for (std::size_t w = 0; w < r.waves.size(); ++w) {
        const auto& wave = r.waves[w];
        CAPTURE(w);
        CAPTURE(wave.non_implausible_share);
        CAPTURE(wave.max_implausibility_median);
        CAPTURE(wave.training_points);
        CHECK(max_implausibility(r.emulators[w], targets(), truth_unit) < 3.0);
        CHECK(wave.kept == settings().candidates);
        if (w > 0) CHECK(wave.non_implausible_share < r.waves[w - 1].non_implausible_share);
        // The pooled replication variance estimates the run variance 0.05^2: a sample variance with
        // df = 2 per training point, relative standard error sqrt(2 / df); 4 of them.
        const double df = 2.0 * wave.training_points;
        for (double v : wave.run_variance) CHECK(std::abs(v / (kRunSd * kRunSd) - 1) < 4 * std::sqrt(2 / df));
    }
    // The run noise (SD 0.05) and target SD (0.03) confine each output to about +-0.17: a small
    // share of the box (measured: see docs/calibration.md).
    CHECK(r.waves.back().non_implausible_share < 0.1);
    CHECK(r.waves.front().non_implausible_share > r.waves.back().non_implausible_share);
}

TEST_CASE("history matching: the weighted posterior's 90% intervals contain the truth") {
    const auto& r = reference();
    REQUIRE(r.samples.rows() == settings().posterior_samples);
    CHECK(r.weights.sum() == doctest::Approx(1.0));
    const double ess = 1.0 / r.weights.squaredNorm();
    CAPTURE(ess);
    CHECK(ess > 100);
    for (int k = 0; k < 2; ++k) {
        const double lo = weighted_quantile(r.samples.col(k), r.weights, 0.05), hi = weighted_quantile(r.samples.col(k), r.weights, 0.95);
        CAPTURE(k);
        CAPTURE(lo);
        CAPTURE(hi);
        CHECK(lo < kTruth[k]);
        CHECK(kTruth[k] < hi);
        // Informative: narrower than the prior box (2 wide) by far.
        CHECK(hi - lo < 0.5);
    }
}

// The exact posterior of the toy, prior x prod_i N(z_i; f_i(theta), target variance + run
// variance), by a 400 x 400 midpoint grid over the box. The emulated posterior's weighted mean may
// differ by Monte Carlo error, sqrt(var / ESS), 4 of them: a false alarm about 6e-5 each, plus
// 0.01 for emulator error, a bias that Monte Carlo error does not cover (measured: 0.001 and 0.006
// off, with bounds 0.025 and 0.021).
TEST_CASE("history matching: the weighted posterior mean is close to the exact posterior mean") {
    const auto& r = reference();
    const auto ps = parameters();
    const auto zs = targets();
    constexpr int kGrid = 400;
    Eigen::Vector2d sum = Eigen::Vector2d::Zero(), sum2 = Eigen::Vector2d::Zero();
    double total = 0;
    for (int a = 0; a < kGrid; ++a)
        for (int b = 0; b < kGrid; ++b) {
            const Eigen::Vector2d t(2.0 * (a + 0.5) / kGrid, -1 + 2.0 * (b + 0.5) / kGrid);
            const Eigen::Vector3d f = toy(t);
            double log_l = ps[0].log_density(t[0]);
            for (int i = 0; i < 3; ++i) log_l -= 0.5 * (f[i] - zs[static_cast<std::size_t>(i)].value) * (f[i] - zs[static_cast<std::size_t>(i)].value) /
                                                 (kTargetSd * kTargetSd + kRunSd * kRunSd);
            const double w = std::exp(log_l);
            total += w, sum += w * t, sum2 += w * t.cwiseProduct(t);
        }
    const Eigen::Vector2d exact_mean = sum / total, exact_var = sum2 / total - exact_mean.cwiseProduct(exact_mean);
    const double ess = 1.0 / r.weights.squaredNorm();
    for (int k = 0; k < 2; ++k) {
        const double mean = r.weights.dot(r.samples.col(k));
        CAPTURE(k);
        CAPTURE(mean);
        CAPTURE(exact_mean[k]);
        CAPTURE(std::sqrt(exact_var[k]));
        CHECK(std::abs(mean - exact_mean[k]) < 4 * std::sqrt(exact_var[k] / ess) + 0.01);
    }
}

TEST_CASE("history matching: the same seed gives the same result at 1 and 2 threads") { check_same(run_history_matching(1), reference()); }

TEST_CASE("history matching: resuming from the state after wave 1 gives the uninterrupted result") {
    HistoryMatchingState after_wave_1;
    run_history_matching(2, nullptr, &after_wave_1);
    REQUIRE(after_wave_1.waves.size() == 1);
    REQUIRE(after_wave_1.designs.size() == 1);
    long evaluated = 0;
    const auto counting = [&](const std::vector<Eigen::VectorXd>& thetas, const std::vector<std::uint64_t>& keys) {
        evaluated += static_cast<long>(thetas.size());
        return model(thetas, keys);
    };
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
    const auto resumed = history_matching(parameters(), targets(), counting, settings(), nullptr, &after_wave_1);
    CHECK(evaluated == 2 * settings().design_points);  // wave 1 was not evaluated again
    check_same(resumed, reference());
    CHECK(resumed.state.designs.size() == reference().state.designs.size());
}

TEST_CASE("history matching: a cancel before the first evaluation returns an empty cancelled result") {
    std::atomic<bool> cancel{true};
    const auto r = history_matching(parameters(), targets(), model, settings(), &cancel);
    CHECK(r.cancelled);
    CHECK(r.waves.empty());
    CHECK(r.state.designs.empty());
}

TEST_CASE("history matching: judging by the second-largest implausibility keeps a larger region than the maximum") {
    auto s = settings();
    s.waves = 1;
    const auto by_max = history_matching(parameters(), targets(), model, s);
    s.implausibility_order = 2;
    const auto by_second = history_matching(parameters(), targets(), model, s);
    REQUIRE(by_max.waves.size() == 1);
    REQUIRE(by_second.waves.size() == 1);
    // The same design, emulators and candidates: every candidate kept by the maximum is kept by the
    // second largest, and a 2-D toy's three outputs rarely agree on which points they exclude.
    CHECK(by_second.waves[0].non_implausible_share > 1.5 * by_max.waves[0].non_implausible_share);
    const Eigen::Vector2d truth_unit(kTruth[0] / 2, (kTruth[1] + 1) / 2);
    CHECK(max_implausibility(by_second.emulators[0], targets(), truth_unit, 2) <= max_implausibility(by_max.emulators[0], targets(), truth_unit));
}

namespace {

// Simulation-based calibration of a toy under common random numbers: y(x) = x + the mean of 2
// replications' noise (SD kCrnRunSd), the SAME noise at every x (one seed for every evaluation, as a
// calibration with common_random_numbers runs), and the one-run variance reported exactly. Truths
// from the prior, Uniform(0, 1); data z = truth + one run's noise + observation error (SD kCrnObsSd).
constexpr double kCrnRunSd = 0.05, kCrnObsSd = 0.01;
constexpr int kCrnReplications = 2;

double crn_toy_variance_ratio(bool common_random_numbers, int toys) {
    const std::vector<FreeParameter> ps = {{"x", 0, 1, [](double u) { return u; }, [](double) { return 0.0; }}};
    HistoryMatchingSettings s;
    s.waves = 2, s.design_points = 8, s.candidates = 1000, s.posterior_samples = 400, s.common_random_numbers = common_random_numbers;
    double squared_error = 0, posterior_variance = 0;
    for (int k = 0; k < toys; ++k) {
        Draws d(RunKey{91, 0, 0}, static_cast<std::uint32_t>(k), 0, Stream::calibration, 9);
        const double truth = d.uniform(), z = truth + kCrnRunSd * standard_normal(d) + kCrnObsSd * standard_normal(d);
        const double shared = kCrnRunSd / std::sqrt(kCrnReplications) * standard_normal(d);  // this toy's common random numbers
        const BatchModel crn_model = [&](const std::vector<Eigen::VectorXd>& thetas, const std::vector<std::uint64_t>&) {
            std::vector<ModelOutput> out;
            for (const auto& t : thetas) out.push_back({{t[0] + shared}, {kCrnRunSd * kCrnRunSd}, kCrnReplications});
            return out;
        };
        s.seed = 100 + static_cast<std::uint64_t>(k);
        const auto r = history_matching(ps, {{z, kCrnObsSd * kCrnObsSd}}, crn_model, s);
        REQUIRE(r.samples.rows() > 0);
        const double mean = r.weights.dot(r.samples.col(0));
        squared_error += (truth - mean) * (truth - mean);
        posterior_variance += r.weights.dot((r.samples.col(0).array() - mean).square().matrix());
    }
    return squared_error / posterior_variance;
}

}  // namespace

// Averaged over truths drawn from the prior, a correct posterior's squared error about its mean
// equals its variance (E[(truth - mean)^2] = E[posterior variance], the law of total variance), so
// the ratio of their sums over K toys is 1 up to sampling error: each squared error is about the
// posterior variance times a chi-square with 1 df, relative SD sqrt(2 / K) = 0.063 at K = 500; 4 of
// them allow 0.75 to 1.25. Leaving out the shared noise, the posterior's variance misses
// run variance / replications: the ratio is then about (0.05^2 x 1.5 + 0.01^2) / (0.05^2 + 0.01^2)
// = 1.48 (measured: see below), and the check fails.
TEST_CASE("history matching: with common random numbers the shared noise of the design means widens the posterior to its true spread") {
    constexpr int kToys = 500;
    const double with_shared = crn_toy_variance_ratio(true, kToys);
    CAPTURE(with_shared);
    CHECK(std::abs(with_shared - 1) < 4 * std::sqrt(2.0 / kToys));
    const double without = crn_toy_variance_ratio(false, kToys);
    CAPTURE(without);
    CHECK(without > 1 + 4 * std::sqrt(2.0 / kToys));  // the check above can fail
}
