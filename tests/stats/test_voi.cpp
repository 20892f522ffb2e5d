// EVPI and EVPPI against a toy decision with an analytic answer, and the population multiplier.
//
// The toy: option 0 has net benefit 0, option 1 has a + b1 X1 + b2 X2 + sd e, X1, X2, X3, e
// independent standard normal (X3 has no effect). With g = m + s Z, Z standard normal,
//     E[max(0, g)] - max(0, m) = E[g^-] = s phi(m/s) - m Phi(-m/s)          (m > 0)
//     E[(g^-)^2] = (m^2 + s^2) Phi(-m/s) - m s phi(m/s),
// so EVPPI(X1) = E[g^-] with s = |b1|, EVPPI(X1, X2) with s = |(b1, b2)| (the EVPI of the noiseless
// net benefit), and EVPI of the noisy net benefit with s = |(b1, b2, sd)|.
//
// Tolerances. With m > 0 the estimator is mean_s ghat(x_s)^- (the mean of the fitted values is
// positive but for a chance of Phi(-m / (s_total / sqrt(S))) < 1e-9 here), and to first order its
// variance is the sum of
//   - sampling, with g known: Var(g^-) / S;
//   - regression: ghat = g + ahat_err + bhat_err' (x - xbar) for a fit that is linear in the truth's
//     direction, with Var(ahat_err) = sigma_r^2 / S and Var(bhat_err along b) = sigma_r^2 / S
//     (sigma_r^2: the variance of what x leaves unexplained), and d estimate / d ghat(x_s) =
//     -1{g(x_s) < 0} / S, so the regression adds sigma_r^2 (P^2 + phi(m/s)^2) / S with
//     P = Phi(-m/s) (E[X 1{m + s X < 0}] = -phi(m/s) for X standard normal along b).
// Checks allow 4 SDs (two-sided, 6e-5 under normality). Measured over 50 seeds at S = 1000
// (bench/voi_draws, a = 0.25, b = (1, 0.5), sd = 1): SD of EVPPI(X1) 0.0258 against 0.0252 from
// this formula, EVPPI(X1, X2) 0.0234 against 0.0253, EVPI 0.0227 against 0.0225; the penalised
// spline's and the GP's extra flexibility adds little.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>
#include <vector>

#include "sim/core/distributions.hpp"
#include "sim/stats/descriptive.hpp"
#include "sim/stats/voi.hpp"

using namespace pcnsim;

namespace {

constexpr double kZ = 4.0;

double phi(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi); }
double Phi(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// Mean and variance of g^- = max(0, -g), g ~ N(m, s^2).
struct NegativePart {
    double mean = 0, variance = 0;
};
NegativePart negative_part(double m, double s) {
    const double mean = s * phi(m / s) - m * Phi(-m / s);
    const double second = (m * m + s * s) * Phi(-m / s) - m * s * phi(m / s);
    return {mean, second - mean * mean};
}

// The first-order SD above: sampling plus regression with residual variance sigma_r2.
double estimator_sd(double m, double s, double sigma_r2, int draws) {
    const auto part = negative_part(m, s);
    const double p = Phi(-m / s), density = phi(m / s);
    return std::sqrt((part.variance + sigma_r2 * (p * p + density * density)) / draws);
}

// Standard normals from a fixed-seed mt19937_64 (its output is specified by the standard; the
// conversion is ours, so the numbers are the same on every platform).
class Normals {
public:
    explicit Normals(std::uint64_t seed) : rng_(seed) {}
    double operator()() { return normal_quantile((static_cast<double>(rng_() >> 11) + 0.5) * 0x1p-53); }

private:
    std::mt19937_64 rng_;
};

struct Toy {
    double a = 0.25, b1 = 1.0, b2 = 0.5, sd = 1.0;
    Eigen::MatrixXd nb, x;  // x: X1, X2, X3
};

Toy make_toy(int draws, std::uint64_t seed) {
    Toy t;
    Normals normal(seed);
    t.nb = Eigen::MatrixXd::Zero(draws, 2);
    t.x.resize(draws, 3);
    for (int i = 0; i < draws; ++i) {
        for (int j = 0; j < 3; ++j) t.x(i, j) = normal();
        t.nb(i, 1) = t.a + t.b1 * t.x(i, 0) + t.b2 * t.x(i, 1) + t.sd * normal();
    }
    return t;
}

constexpr int kDraws = 2000;

}  // namespace

TEST_CASE("voi: EVPI of the noisy toy net benefit matches its closed form") {
    const auto t = make_toy(kDraws, 11);
    const double s = std::hypot(t.b1, t.b2, t.sd);
    // The estimator is exactly mean_s nb^- here, so its variance is Var(g^-) / S with no regression part.
    const auto part = negative_part(t.a, s);
    const auto e = evpi(t.nb);
    CHECK(std::abs(e.value - part.mean) < kZ * std::sqrt(part.variance / kDraws));
    // The reported SE is the sample SD of nb^- over sqrt(S): a sample SD of S = 2000 values of
    // kurtosis k has relative SE sqrt((k - 1) / (4 S)), 0.027 for k = 6.6 (nb^- is mostly zeros with
    // a half-normal tail; 6.6 at these values, by simulation), so 15% is more than 4 SEs.
    CHECK(e.standard_error == doctest::Approx(std::sqrt(part.variance / kDraws)).epsilon(0.15));
}

TEST_CASE("voi: EVPPI of one parameter matches the closed form within its sampling error") {
    const auto t = make_toy(kDraws, 12);
    SUBCASE("X1, the main effect") {
        const double truth = negative_part(t.a, t.b1).mean;
        const double sd = estimator_sd(t.a, t.b1, t.b2 * t.b2 + t.sd * t.sd, kDraws);
        const auto e = evppi(t.nb, t.x.col(0));
        CHECK(std::abs(e.value - truth) < kZ * sd);
        // The reported SE estimates the same first-order SD from the sample (the residual variance,
        // the share of samples below 0 and the slope term from the fit): the sample's share and
        // variance are within a few % at S = 2000, the spline's extra degrees of freedom add a few more.
        CHECK(e.standard_error == doctest::Approx(sd).epsilon(0.25));
    }
    SUBCASE("X2, the smaller effect") {
        const double truth = negative_part(t.a, t.b2).mean;
        const double sd = estimator_sd(t.a, t.b2, t.b1 * t.b1 + t.sd * t.sd, kDraws);
        CHECK(std::abs(evppi(t.nb, t.x.col(1)).value - truth) < kZ * sd);
    }
}

TEST_CASE("voi: EVPPI of both parameters together is the EVPI of the noiseless net benefit") {
    const auto t = make_toy(kDraws, 13);
    const double s = std::hypot(t.b1, t.b2);
    const double truth = negative_part(t.a, s).mean;
    const double sd = estimator_sd(t.a, s, t.sd * t.sd, kDraws);
    const auto both = evppi(t.nb, t.x.leftCols(2));
    CHECK(std::abs(both.value - truth) < kZ * sd);
    // And below the EVPI of the noisy net benefit (0.43 against 0.33 here), which counts the noise.
    CHECK(both.value < evpi(t.nb).value);
}

TEST_CASE("voi: a parameter with no effect has EVPPI near 0") {
    // Bound. ghat = H y for the spline's hat matrix H (eigenvalues in [0, 1], rank p = 24, H 1 = 1),
    // and y = a + r with r independent of X3, so ghat_s = a + e_s with e = H r and
    // |e|^2 <= |P r|^2 ~ sigma_r^2 chi2_p (P the projection onto the spline space). The estimate is
    // mean_s (a + e_s)^- - (a + ebar)^- <= mean_s (a + e_s)^- <= mean_s e_s^2 / (4 a) (as
    // (x - a)^+ <= x^2 / (4 a)), so with probability 0.9999 it is below
    // sigma_r^2 chi2_{24, 0.9999} / (4 a S), 0.066 here: below EVPPI(X2) = 0.099, the smallest real
    // effect. Regressing nothing (using nb itself) would give the EVPI, 0.48.
    const auto t = make_toy(kDraws, 14);
    const double sigma_r2 = t.b1 * t.b1 + t.b2 * t.b2 + t.sd * t.sd;
    const double k = 24, z = normal_quantile(0.9999);
    const double chi2 = k * std::pow(1 - 2 / (9 * k) + z * std::sqrt(2 / (9 * k)), 3);  // Wilson-Hilferty
    const double bound = sigma_r2 * chi2 / (4 * t.a * kDraws);
    const auto e = evppi(t.nb, t.x.col(2));
    CHECK(e.value >= 0);
    CHECK(e.value < bound);
    CHECK(bound < negative_part(t.a, t.b2).mean);
}

TEST_CASE("voi: three options whose best depends on the sign of X1") {
    // Options 1 and 2: a + X1 + e1 and a - X1 + e2, so EVPPI(X1) = E[max(0, a + |X1|)] - a = E|X1| =
    // sqrt(2 / pi) for a >= 0. Variance: sampling Var|X1| / S = (1 - 2 / pi) / S; regression, with
    // d* option 1 (or 2, symmetric), weights -1{X1 < 0} / S on option 1's fit and +1{X1 < 0} / S on
    // option 2's, each adding sd^2 (P(X1 < 0)^2 + E[X1 1{X1 < 0}]^2) / S = sd^2 (1/4 + phi(0)^2) / S.
    Normals normal(15);
    const double a = 0.25, sd = 1.0;
    Eigen::MatrixXd nb = Eigen::MatrixXd::Zero(kDraws, 3), x(kDraws, 1);
    for (int i = 0; i < kDraws; ++i) {
        x(i, 0) = normal();
        nb(i, 1) = a + x(i, 0) + sd * normal();
        nb(i, 2) = a - x(i, 0) + sd * normal();
    }
    const double truth = std::sqrt(2 / std::numbers::pi);
    const double variance = (1 - 2 / std::numbers::pi + 2 * sd * sd * (0.25 + phi(0) * phi(0))) / kDraws;
    CHECK(std::abs(evppi(nb, x).value - truth) < kZ * std::sqrt(variance));
}

TEST_CASE("voi: EVPPI depends only on the incremental net benefit") {
    const auto t = make_toy(500, 16);
    const auto base = evppi(t.nb, t.x.col(0));
    // The same amount added to every option in each sample (a shared cost that depends on X3).
    Eigen::MatrixXd shifted = t.nb;
    shifted.colwise() += (10 + 3 * t.x.col(2).array()).matrix();
    CHECK(evppi(shifted, t.x.col(0)).value == doctest::Approx(base.value).epsilon(1e-9));
    // A third option always 10 worse than option 1: never chosen, so nothing changes.
    Eigen::MatrixXd three(500, 3);
    three << t.nb, (t.nb.col(1).array() - 10).matrix();
    CHECK(evppi(three, t.x.col(0)).value == doctest::Approx(base.value).epsilon(1e-9));
    // A single option, or parameters that never vary, carry no value.
    CHECK(evppi(t.nb.leftCols(1), t.x.col(0)).value == 0);
    CHECK(evppi(t.nb, Eigen::MatrixXd::Constant(500, 2, 3.0)).value == 0);
}

TEST_CASE("voi: the reported standard error tracks the spread over independent PSA samples") {
    // 50 independent samples of S = 500: the sample SD of 50 estimates has a relative standard
    // error of 1 / sqrt(2 x 49) = 0.10, so if the reported SE were exact the ratio would lie in
    // 1 +- 0.4 (4 SEs). Measured: 1.01 for EVPPI(X1), 0.99 for EVPI (bench/voi_draws).
    std::vector<double> x1, x1_se, all, all_se;
    for (int k = 0; k < 50; ++k) {
        const auto t = make_toy(500, 100 + static_cast<std::uint64_t>(k));
        const auto e = evppi(t.nb, t.x.col(0));
        const auto f = evpi(t.nb);
        x1.push_back(e.value), x1_se.push_back(e.standard_error);
        all.push_back(f.value), all_se.push_back(f.standard_error);
    }
    const auto ratio = [](const std::vector<double>& values, const std::vector<double>& errors) {
        const double mean = spread_of(values).mean;
        return std::sqrt(sample_variance(values, mean)) / spread_of(errors).mean;
    };
    CHECK(ratio(x1, x1_se) == doctest::Approx(1.0).epsilon(0.4));
    CHECK(ratio(all, all_se) == doctest::Approx(1.0).epsilon(0.4));
}

TEST_CASE("voi: refuses malformed input") {
    const Eigen::MatrixXd nb = Eigen::MatrixXd::Zero(10, 2);
    CHECK_THROWS_AS(evpi(Eigen::MatrixXd::Zero(3, 2)), std::invalid_argument);
    CHECK_THROWS_AS(evppi(nb, Eigen::MatrixXd::Zero(9, 1)), std::invalid_argument);
    Eigen::MatrixXd bad = nb;
    bad(0, 1) = std::nan("");
    CHECK_THROWS_AS(evpi(bad), std::invalid_argument);
}

TEST_CASE("voi: the population multiplier is a discounted annuity") {
    CHECK(population_evpi_factor(1, 1, 0.035) == doctest::Approx(1.0));
    CHECK(population_evpi_factor(1250, 5, 0.0) == doctest::Approx(6250.0));
    // sum_{y<5} 1.035^-y = (1 - 1.035^-5) / (1 - 1 / 1.035)
    CHECK(population_evpi_factor(1250, 5, 0.035) == doctest::Approx(1250 * (1 - std::pow(1.035, -5)) / (1 - 1 / 1.035)));
    CHECK_THROWS_AS(population_evpi_factor(-1, 5, 0.035), std::invalid_argument);
}
