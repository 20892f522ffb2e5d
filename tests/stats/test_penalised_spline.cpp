// The penalised cubic regression spline (GCV smoothing) that value of information uses for one
// parameter: exact on its penalty's null space, the mean and its variance, and recovery of a curve.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>

#include "sim/core/distributions.hpp"
#include "sim/stats/penalised_spline.hpp"

using namespace pcnsim;

namespace {

struct Data {
    Eigen::VectorXd x, truth, y;
};

// x uniform on [0, 2], y = truth + sd e with e standard normal, from a fixed-seed mt19937_64.
template <class F>
Data sample(int n, double sd, std::uint64_t seed, F truth) {
    std::mt19937_64 rng(seed);
    const auto uniform = [&rng] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1p-53; };
    Data d{Eigen::VectorXd(n), Eigen::VectorXd(n), Eigen::VectorXd(n)};
    for (int i = 0; i < n; ++i) {
        d.x[i] = 2 * uniform();
        d.truth[i] = truth(d.x[i]);
        d.y[i] = d.truth[i] + sd * normal_quantile(uniform());
    }
    return d;
}

}  // namespace

TEST_CASE("penalised spline: a straight line is fitted exactly whatever the smoothing") {
    // The curvature penalty is 0 on straight lines, which the cubic B-splines span.
    const auto d = sample(200, 0.0, 1, [](double x) { return 2 - 3 * x; });
    const auto fit = PenalisedSpline::fit(d.x, d.y);
    CHECK((fit.fitted().col(0) - d.y).cwiseAbs().maxCoeff() < 1e-9);
    CHECK(fit.basis_size() == 24);  // 20 interior knots + 4
}

TEST_CASE("penalised spline: the fitted values keep the mean and its variance is sigma2 over n") {
    // The B-splines sum to 1 and the penalty is 0 on constants, so the normal equations give
    // sum(fitted) = sum(y); and with B 1 = 1 and Omega 1 = 0, (B'B + lambda Omega)^-1 B'B 1 = 1, so
    // Var(mean fitted) = sigma2 1'B'B 1 / n^2 = sigma2 / n exactly.
    const auto d = sample(300, 0.5, 2, [](double x) { return std::sin(3 * x); });
    const auto fit = PenalisedSpline::fit(d.x, d.y);
    CHECK(fit.fitted().mean() == doctest::Approx(d.y.mean()).epsilon(1e-10));
    const Eigen::VectorXd w = Eigen::VectorXd::Constant(300, 1.0 / 300);
    CHECK(fit.variance_of_linear_combination(w) == doctest::Approx(fit.residual_variance() / 300).epsilon(1e-8));
}

TEST_CASE("penalised spline: GCV recovers a curve from noisy data") {
    // sin(pi x) on [0, 2] with noise SD 0.3, n = 1000. Error of the fit at the data points: the
    // variance part is |H e|^2 / n <= |P e|^2 / n ~ sigma^2 chi2_24 / n (H the hat matrix, P the
    // projection onto the 24 basis functions), below sigma^2 58.9 / n with probability 0.9999;
    // GCV balances squared bias against variance, so allow as much again for the bias: mean squared
    // error < 2 x 58.9 sigma^2 / n = 0.0106. The least-squares line (too much smoothing) would leave
    // 0.5 - 0.30 = 0.20, and the raw data sigma^2 = 0.09.
    const double sd = 0.3;
    const auto d = sample(1000, sd, 3, [](double x) { return std::sin(std::numbers::pi * x); });
    const auto fit = PenalisedSpline::fit(d.x, d.y);
    const double mse = (fit.fitted().col(0) - d.truth).squaredNorm() / 1000;
    CHECK(mse < 2 * 58.9 * sd * sd / 1000);
    CHECK(fit.effective_df() > 3);
    CHECK(fit.effective_df() < 24);
    // The residual variance estimates sd^2: (n - edf) sigma2 / sd^2 ~ chi2 with ~990 df, SD 4.5%.
    CHECK(fit.residual_variance() == doctest::Approx(sd * sd).epsilon(4 * std::sqrt(2.0 / 990)));
}

TEST_CASE("penalised spline: a constant x gives the mean and bad input is refused") {
    const Eigen::VectorXd y = Eigen::VectorXd::LinSpaced(10, 0, 9);
    const auto fit = PenalisedSpline::fit(Eigen::VectorXd::Constant(10, 1.5), y);
    CHECK(fit.fitted().maxCoeff() == doctest::Approx(4.5));
    CHECK(fit.fitted().minCoeff() == doctest::Approx(4.5));
    CHECK_THROWS_AS(PenalisedSpline::fit(Eigen::VectorXd::Zero(3), Eigen::VectorXd::Zero(3)), std::invalid_argument);
    CHECK_THROWS_AS(PenalisedSpline::fit(Eigen::VectorXd::Zero(5), Eigen::VectorXd::Zero(6)), std::invalid_argument);
}

TEST_CASE("penalised spline: outputs at the same x share one smoother") {
    // One lambda for every column, so the fit is linear across columns: the fit of a y2 = 5 - 2 y1
    // is 5 - 2 x the fit of y1 exactly, whatever the GCV choice.
    const auto d = sample(400, 0.4, 4, [](double x) { return std::cos(2 * x); });
    Eigen::MatrixXd y(400, 2);
    y << d.y, (5 - 2 * d.y.array()).matrix();
    const auto fit = PenalisedSpline::fit(d.x, y);
    CHECK((fit.fitted().col(1) - (5 - 2 * fit.fitted().col(0).array()).matrix()).cwiseAbs().maxCoeff() < 1e-9);
    CHECK(fit.residual_variance(1) == doctest::Approx(4 * fit.residual_variance(0)));
}
