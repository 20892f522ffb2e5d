// The Gaussian-process emulator: interpolation of a deterministic function, and the coverage of its
// predictive intervals on functions drawn from a known Gaussian process.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"
#include "sim/stats/emulator.hpp"

using namespace pcnsim;

namespace {

constexpr double kZ95 = 1.959963984540054;

double smooth(double a, double b) { return std::sin(3 * a) + b * b + 0.5 * a * b; }

// Uniform points in [0,1]^2, keyed by (path, point).
Eigen::MatrixXd uniform_points(int count, std::uint32_t path, std::uint32_t substream) {
    Eigen::MatrixXd x(count, 2);
    for (int i = 0; i < count; ++i) {
        Draws d(RunKey{2024, 0, 0}, static_cast<std::uint32_t>(i), path, Stream::calibration, substream);
        x(i, 0) = d.uniform(), x(i, 1) = d.uniform();
    }
    return x;
}

// A known Gaussian process: mean 1 + 2 x1 - x2, signal variance 1, length scales 0.3 and 0.5.
Eigen::MatrixXd known_covariance(const Eigen::MatrixXd& x) {
    const auto n = x.rows();
    Eigen::MatrixXd k(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) {
            const double a = (x(i, 0) - x(j, 0)) / 0.3, b = (x(i, 1) - x(j, 1)) / 0.5;
            k(i, j) = std::exp(-(a * a + b * b));
        }
    k.diagonal().array() += 1e-9;  // so that Cholesky of a smooth kernel succeeds
    return k;
}

struct Coverage {
    double mean = 0, standard_error = 0;    // over paths
    double with_half_variance = 0;          // the same intervals built from half the variance
};

// Held-out coverage of nominal 95% intervals for y (noise included), one independent path per
// replicate. noise: the noise variance of each point (the first half of the training points get
// `low`, the rest `high`); supply: give the emulator the noise, or leave it to the nugget.
Coverage coverage(int paths, double low, double high, bool supply) {
    constexpr int kTrain = 40, kTest = 20;
    std::vector<double> per_path;
    double half = 0;
    for (int p = 0; p < paths; ++p) {
        const auto path = static_cast<std::uint32_t>(p);
        Eigen::MatrixXd x(kTrain + kTest, 2);
        x << uniform_points(kTrain, path, 1), uniform_points(kTest, path, 2);
        const Eigen::MatrixXd l = Eigen::LLT<Eigen::MatrixXd>(known_covariance(x)).matrixL();
        Eigen::VectorXd z(x.rows()), noise(x.rows());
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            Draws d(RunKey{2024, 0, 0}, static_cast<std::uint32_t>(i), path, Stream::calibration, 3);
            z[i] = standard_normal(d);
            noise[i] = (i % 2 == 0) ? low : high;
        }
        Eigen::VectorXd y = l * z;
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            Draws d(RunKey{2024, 0, 0}, static_cast<std::uint32_t>(i), path, Stream::calibration, 4);
            y[i] += 1 + 2 * x(i, 0) - x(i, 1) + std::sqrt(noise[i]) * standard_normal(d);
        }
        const Eigen::VectorXd supplied = supply ? Eigen::VectorXd(noise.head(kTrain)) : Eigen::VectorXd::Zero(kTrain);
        const auto em = Emulator::fit(x.topRows(kTrain), y.head(kTrain), supplied);
        Eigen::VectorXd m, v;
        em.predict(Eigen::MatrixXd(x.bottomRows(kTest)), m, v);
        int in = 0, in_half = 0;
        for (int j = 0; j < kTest; ++j) {
            // The noise of a held-out run: known when supplied, else the emulator's estimate.
            const double e = supply ? noise[kTrain + j] : em.nugget_variance();
            const double err = std::abs(y[kTrain + j] - m[j]);
            in += err < kZ95 * std::sqrt(v[j] + e);
            in_half += err < kZ95 * std::sqrt(0.5 * (v[j] + e));
        }
        per_path.push_back(static_cast<double>(in) / kTest);
        half += static_cast<double>(in_half) / kTest / paths;
    }
    Coverage c;
    for (double q : per_path) c.mean += q / paths;
    double ss = 0;
    for (double q : per_path) ss += (q - c.mean) * (q - c.mean);
    c.standard_error = std::sqrt(ss / (paths - 1) / paths);
    c.with_half_variance = half;
    return c;
}

}  // namespace

TEST_CASE("emulator: a deterministic function is reproduced at the design points") {
    constexpr int kN = 30;
    const Eigen::MatrixXd x = uniform_points(kN, 0, 5);
    Eigen::VectorXd y(kN);
    for (int i = 0; i < kN; ++i) y[i] = smooth(x(i, 0), x(i, 1));
    const auto em = Emulator::fit(x, y, Eigen::VectorXd::Zero(kN));
    // The nugget ratio falls to its bound 1e-12 (REML prefers interpolating a smooth function); the
    // nugget moves the mean at a design point by nugget x (K^-1 (y - H beta))_i, which for this
    // near-singular correlation matrix (length scales 1.5 and 3.5) is about 1e-6, so 1e-5 (y's SD is
    // about 0.5) is tiny yet not at the edge. The variance left is about the nugget; 1e-6 of the
    // signal variance allows for rounding in sigma2 - r' K^-1 r.
    CAPTURE(em.signal_variance());
    CAPTURE(em.estimated_nugget());
    for (int i = 0; i < kN; ++i) {
        const auto pr = em.predict(Eigen::VectorXd(x.row(i).transpose()));
        CHECK(std::abs(pr.mean - y[i]) < 1e-5);
        CHECK(pr.variance < 1e-6 * em.signal_variance());
    }
    // Between the design points it is still a good interpolator.
    const auto pr = em.predict(Eigen::Vector2d(0.5, 0.5));
    CHECK(std::abs(pr.mean - smooth(0.5, 0.5)) < 0.01);
}

// Coverage indicators of the points of one path share that path's hyperparameter estimates, so
// they are correlated: the standard error is that of the per-path coverages across 60 independent
// paths. The bound is 4 standard errors (a false alarm about 6e-5) plus 0.01 for the plug-in of
// estimated hyperparameters (known to make intervals slightly narrow with 40 points). The same
// intervals from half the variance (nominal 83%) must fall outside the bound: the check can fail.
namespace {
void check_nominal_coverage(const Coverage& c) {
    CAPTURE(c.mean);
    CAPTURE(c.standard_error);
    CAPTURE(c.with_half_variance);
    CHECK(std::abs(c.mean - 0.95) < 4 * c.standard_error + 0.01);
    CHECK(std::abs(c.with_half_variance - 0.95) > 4 * c.standard_error + 0.01);
}
}  // namespace

TEST_CASE("emulator: held-out 95% intervals cover at the nominal rate with the noise estimated by the nugget") {
    check_nominal_coverage(coverage(60, 0.04, 0.04, false));
}

TEST_CASE("emulator: held-out 95% intervals cover at the nominal rate with supplied unequal noise") {
    check_nominal_coverage(coverage(60, 0.01, 0.09, true));
}

TEST_CASE("emulator: the mean alone and the variance of a linear combination agree with predict") {
    constexpr int kN = 40;
    const Eigen::MatrixXd x = uniform_points(kN, 7, 5);
    Eigen::VectorXd y(kN);
    for (int i = 0; i < kN; ++i) {
        Draws d(RunKey{2024, 0, 0}, static_cast<std::uint32_t>(i), 7, Stream::calibration, 6);
        y[i] = smooth(x(i, 0), x(i, 1)) + 0.2 * standard_normal(d);
    }
    const auto em = Emulator::fit(x, y, Eigen::VectorXd::Zero(kN));
    const Eigen::MatrixXd at = uniform_points(10, 7, 7);
    Eigen::VectorXd mean, variance;
    em.predict(at, mean, variance);
    CHECK((em.predict_mean(at) - mean).cwiseAbs().maxCoeff() < 1e-12);
    // A unit weight on one point is that point's variance; the variance of a sum is the sum of the
    // covariances, so it is at most (sum of SDs)^2 and, for positively correlated neighbours, more
    // than the sum of variances.
    for (Eigen::Index i = 0; i < at.rows(); ++i)
        CHECK(em.variance_of_linear_combination(at, Eigen::VectorXd::Unit(at.rows(), i)) ==
              doctest::Approx(variance[i]).epsilon(1e-9));
    const double of_sum = em.variance_of_linear_combination(at, Eigen::VectorXd::Ones(at.rows()));
    CHECK(of_sum <= variance.array().sqrt().sum() * variance.array().sqrt().sum() * (1 + 1e-9));
    CHECK(of_sum > variance.sum());
}

TEST_CASE("emulator: outputs sharing hyperparameters from a subset, conditioned on every point") {
    constexpr int kN = 120;
    const Eigen::MatrixXd x = uniform_points(kN, 8, 5);
    Eigen::MatrixXd y(kN, 2);
    for (int i = 0; i < kN; ++i) y(i, 0) = smooth(x(i, 0), x(i, 1)), y(i, 1) = 3 - 2 * y(i, 0) + x(i, 0);
    // Hyperparameters from the first 60 rows, shared by both outputs: the same linear smoother, so
    // the second output (a linear map of the first plus a term in the mean's span) is fitted as that
    // map of the first's fit.
    const auto both = Emulator::fit_shared(x, y, 60);
    REQUIRE(both.size() == 2);
    CHECK((both[0].length_scales() - both[1].length_scales()).norm() == 0);
    CHECK(both[0].design_size() == kN);
    const Eigen::VectorXd first = both[0].predict_mean(x), second = both[1].predict_mean(x);
    CHECK((second - (3 - 2 * first.array() + x.col(0).array()).matrix()).cwiseAbs().maxCoeff() < 1e-6);
    // The nugget's prior keeps it from 0, so a smooth deterministic output is smoothed, not
    // interpolated, but closely: y's SD is about 0.5.
    CHECK((first - y.col(0)).cwiseAbs().maxCoeff() < 0.05);
    CHECK_THROWS_AS(Emulator::fit_shared(x, Eigen::MatrixXd::Ones(kN, 1), 60), std::invalid_argument);
}
