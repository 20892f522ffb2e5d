// ABC-SMC on a toy model with a known posterior: a normal mean with a normal prior (conjugate).
#include <doctest/doctest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <limits>

#include "sim/calibration/abc_smc.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"

using namespace pcnsim;

namespace {

// Prior theta ~ N(0, 3^2) (truncated to +-20, which removes nothing that matters); data: the mean
// of n = 10 observations of N(theta, 1) is 1.2. The summary is sufficient, so as the tolerance
// shrinks the ABC posterior tends to the exact one, N(m, v) with v = 1 / (1/9 + 10), m = 10 v 1.2.
constexpr double kPriorSd = 3, kObserved = 1.2, kSummaryVariance = 0.1;

std::vector<FreeParameter> prior() {
    return {{"theta", -20, 20, [](double u) { return kPriorSd * normal_quantile(u); },
             [](double x) { return -x * x / (2 * kPriorSd * kPriorSd); }}};
}

// The simulated mean of 10 observations, with noise keyed by the evaluation.
double distance(const Eigen::VectorXd& theta, std::uint64_t key) {
    Draws d(RunKey{99, 0, 0}, static_cast<std::uint32_t>(key), static_cast<std::uint32_t>(key >> 32), Stream::calibration, 1);
    return std::abs(theta[0] + std::sqrt(kSummaryVariance) * standard_normal(d) - kObserved);
}

AbcSmcResult run_abc_smc(int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    AbcSmcSettings s;
    s.particles = 1000, s.generations = 9, s.seed = 7;
    return abc_smc(prior(), distance, s);
}

}  // namespace

TEST_CASE("abc-smc: a conjugate normal model's posterior mean and variance are recovered") {
    const auto r = run_abc_smc(2);
    REQUIRE(r.generations.size() == 9);
    REQUIRE_FALSE(r.budget_exhausted);
    // The tolerance falls generation by generation and acceptance with it.
    for (std::size_t g = 2; g < r.generations.size(); ++g) CHECK(r.generations[g].tolerance < r.generations[g - 1].tolerance);
    CHECK(r.generations.back().acceptance_rate < r.generations[1].acceptance_rate);
    const double eps = r.generations.back().tolerance;
    const double ess = r.generations.back().effective_sample_size;
    CHECK(ess > 300);
    // Accepting |s - y| <= eps adds a uniform error of variance eps^2 / 3 to the summary, so the
    // expected ABC posterior is the conjugate one with summary variance 0.1 + eps^2 / 3.
    const double like = kSummaryVariance + eps * eps / 3;
    const double v = 1 / (1 / (kPriorSd * kPriorSd) + 1 / like), m = v * kObserved / like;
    const double mean = r.weights.dot(r.particles.col(0));
    const double var = r.weights.dot((r.particles.col(0).array() - mean).square().matrix());
    // Tolerances from sampling error: the weighted mean's standard error is sqrt(v / ESS) (Kish's
    // effective sample size); a sample variance's relative standard error is sqrt(2 / (ESS - 1)).
    // Four standard errors: a false alarm about 6e-5 each. With eps ~ 0.01 here, eps^2 / 3 changes
    // v by under 0.1%, far inside these bounds.
    CAPTURE(eps);
    CAPTURE(ess);
    CHECK(std::abs(mean - m) < 4 * std::sqrt(v / ess));
    CHECK(std::abs(var / v - 1) < 4 * std::sqrt(2 / (ess - 1)));
    // Not the prior: the data moved it (a check that could not fail if the algorithm ignored them).
    CHECK(std::abs(mean) > 1.0);
    CHECK(var < 0.2);
}

TEST_CASE("abc-smc: the same seed gives the same particles at 1 and 2 threads") {
    const auto a = run_abc_smc(1), b = run_abc_smc(2);
    REQUIRE(a.particles.rows() == b.particles.rows());
    CHECK(a.particles == b.particles);
    CHECK(a.weights == b.weights);
    CHECK(a.generations.back().evaluations == b.generations.back().evaluations);
}

TEST_CASE("abc-smc: a proposal without a value (infinite distance) is never accepted, not even from the prior") {
    AbcSmcSettings s;
    s.particles = 100, s.generations = 3, s.seed = 3;
    // Positive theta has no value; the rest is the conjugate model above.
    const auto r = abc_smc(prior(), [](const Eigen::VectorXd& theta, std::uint64_t key) {
        return theta[0] > 0 ? std::numeric_limits<double>::infinity() : distance(theta, key);
    }, s);
    REQUIRE(r.generations.size() == 3);
    CHECK(r.particles.col(0).maxCoeff() <= 0);
    CHECK(r.generations[0].acceptance_rate < 0.7);  // about half the prior's proposals are refused
    for (const double d : r.distances) CHECK(std::isfinite(d));
}
