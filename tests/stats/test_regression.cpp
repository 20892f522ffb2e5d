// Poisson and logistic regression (IRLS, model and robust standard errors), the design-matrix
// builder and the standardised mean difference.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "sim/core/distributions.hpp"
#include "sim/stats/regression.hpp"

using namespace pcnsim;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Tests may draw from any stream: their own seed keeps them apart from the model's numbers.
constexpr Stream kStream = Stream::calibration;
constexpr std::uint64_t kSeed = 20260;

enum class Outcome { poisson, gamma_poisson, bernoulli };

struct Simulated {
    MatrixXd X;
    VectorXd y;
    VectorXd exposure;
};

struct Simulation {
    Outcome outcome = Outcome::poisson;
    double gamma_shape = 0.5;            // gamma-Poisson: frailty mean 1, variance 1 / shape
    bool double_exposure_upper_x3 = false;  // exposure 2 where x3 > 0.5 (half the rows), else 1
};

// Rows of (1, x1, x2, x3): x1 ~ N(0, 0.5^2), x2 ~ Bernoulli(0.4), x3 ~ U(0, 1), one Draws per row so
// that replication r is an independent sample.
Simulated simulate(Index n, const VectorXd& beta, std::uint32_t replication, const Simulation& how) {
    Simulated s{MatrixXd(n, 4), VectorXd(n), VectorXd::Ones(n)};
    for (Index i = 0; i < n; ++i) {
        Draws d(RunKey{kSeed, replication, 0}, static_cast<std::uint32_t>(i), 0, kStream);
        s.X.row(i) << 1.0, 0.5 * standard_normal(d), bernoulli(d, 0.4) ? 1.0 : 0.0, d.uniform();
        if (how.double_exposure_upper_x3 && s.X(i, 3) > 0.5) s.exposure[i] = 2;
        const double eta = s.X.row(i).dot(beta);
        switch (how.outcome) {
            case Outcome::poisson: s.y[i] = poisson(d, s.exposure[i] * std::exp(eta)); break;
            case Outcome::gamma_poisson: {
                const double frailty = gamma_unit(d, how.gamma_shape) / how.gamma_shape;
                s.y[i] = poisson(d, s.exposure[i] * std::exp(eta) * frailty);
                break;
            }
            case Outcome::bernoulli: s.y[i] = bernoulli(d, 1 / (1 + std::exp(-eta))) ? 1 : 0; break;
        }
    }
    return s;
}

VectorXd coefficients(std::initializer_list<double> values) {
    VectorXd v(static_cast<Index>(values.size()));
    Index k = 0;
    for (double x : values) v[k++] = x;
    return v;
}

// An MLE is asymptotically normal about the truth with the robust SE as its SD, so each |b - beta|
// exceeds 4 SE with probability 6e-5, about 2.5e-4 for four coefficients (the seed is fixed, so a
// pass is reproducible). With SEs of 0.01 to 0.03 at 20,000 rows, a bias of 0.1 fails.
void check_within_4_robust_se(const GlmFit& fit, const VectorXd& beta) {
    for (Index k = 0; k < beta.size(); ++k) {
        CAPTURE(k);
        CAPTURE(fit.coefficients[k]);
        CAPTURE(fit.robust_se[k]);
        CHECK(std::abs(fit.coefficients[k] - beta[k]) < 4 * fit.robust_se[k]);
    }
}

}  // namespace

TEST_CASE("poisson regression: a saturated categorical model gives log ratios of group means and their exact SEs") {
    // Group 1 (reference) counts 0..4 (mean 2), group 2: 5 7 6 (mean 6), group 3: 1 0 0 1 (mean 0.5).
    const std::vector<int> group{1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3};
    VectorXd y(12);
    y << 0, 1, 2, 3, 4, 5, 7, 6, 1, 0, 0, 1;
    DesignMatrix design(12);
    design.add_intercept().add_categorical("group", group, 1);
    CHECK(design.names() == std::vector<std::string>{"(intercept)", "group=2", "group=3"});
    const PoissonFit fit = poisson_regression(design.matrix(), y);
    REQUIRE(fit.converged);
    const Index g2 = design.index_of("group=2"), g3 = design.index_of("group=3");
    CHECK(fit.coefficients[0] == doctest::Approx(std::log(2.0)).epsilon(1e-9));
    CHECK(fit.coefficients[g2] == doctest::Approx(std::log(6.0 / 2)).epsilon(1e-9));
    CHECK(fit.coefficients[g3] == doctest::Approx(std::log(0.5 / 2)).epsilon(1e-9));
    // Saturated: the log of a group mean has model variance 1 / (n ybar) and HC0 variance
    // S / (n ybar)^2 with S the group's sum of squares about its mean (A: 10, B: 2, C: 1); a dummy's
    // variance is its group's plus the reference's.
    CHECK(fit.model_se[0] == doctest::Approx(std::sqrt(1.0 / 10)).epsilon(1e-9));
    CHECK(fit.model_se[g2] == doctest::Approx(std::sqrt(1.0 / 18 + 1.0 / 10)).epsilon(1e-9));
    CHECK(fit.model_se[g3] == doctest::Approx(std::sqrt(1.0 / 2 + 1.0 / 10)).epsilon(1e-9));
    CHECK(fit.robust_se[0] == doctest::Approx(std::sqrt(10.0) / 10).epsilon(1e-9));
    CHECK(fit.robust_se[g2] == doctest::Approx(std::sqrt(2.0 / 324 + 10.0 / 100)).epsilon(1e-9));
    CHECK(fit.robust_se[g3] == doctest::Approx(std::sqrt(1.0 / 4 + 10.0 / 100)).epsilon(1e-9));
    // Deviance 2 sum y log(y / ybar) (the y - ybar terms cancel within each group).
    double deviance = 0;
    const double means[] = {0, 2, 6, 0.5};
    for (Index i = 0; i < 12; ++i)
        if (y[i] > 0) deviance += 2 * y[i] * std::log(y[i] / means[group[static_cast<std::size_t>(i)]]);
    CHECK(fit.deviance == doctest::Approx(deviance).epsilon(1e-9));
    const RatioInterval rr = rate_ratio(fit, g2);
    CHECK(rr.estimate == doctest::Approx(3).epsilon(1e-9));
    CHECK(rr.lower == doctest::Approx(3 * std::exp(-1.959963984540054 * fit.robust_se[g2])));
    CHECK(rr.upper == doctest::Approx(3 * std::exp(1.959963984540054 * fit.robust_se[g2])));
}

TEST_CASE("poisson regression: simulated coefficients are recovered and the robust SE matches their spread") {
    const VectorXd beta = coefficients({-0.5, 0.4, -0.6, 0.8});
    const Simulated big = simulate(20000, beta, 0, {});
    const PoissonFit fit = poisson_regression(big.X, big.y);
    REQUIRE(fit.converged);
    check_within_4_robust_se(fit, beta);

    // R = 400 independent fits of 2,000 rows. The SD of R approximately normal estimates has
    // relative standard error 1 / sqrt(2 (R - 1)) = 0.035; the mean robust SE over R fits varies far
    // less (each varies by a few per cent, divided by sqrt(R)). So |mean robust SE / SD - 1| < 4 x
    // 0.035 = 0.14 unless the SE is wrong. The mean estimate is within 4 SD / sqrt(R) of the truth
    // (the O(1/n) bias of the MLE, about 1e-3 here, is a tenth of that).
    constexpr int R = 400;
    const Index p = beta.size();
    VectorXd sum = VectorXd::Zero(p), sum_squares = VectorXd::Zero(p), se_sum = VectorXd::Zero(p);
    for (int r = 1; r <= R; ++r) {
        const Simulated s = simulate(2000, beta, static_cast<std::uint32_t>(r), {});
        const PoissonFit f = poisson_regression(s.X, s.y);
        REQUIRE(f.converged);
        sum += f.coefficients;
        sum_squares += f.coefficients.cwiseAbs2();
        se_sum += f.robust_se;
    }
    const double tolerance = 4 / std::sqrt(2.0 * (R - 1));
    for (Index k = 0; k < p; ++k) {
        const double mean = sum[k] / R;
        const double sd = std::sqrt((sum_squares[k] - R * mean * mean) / (R - 1));
        CAPTURE(k);
        CAPTURE(sd);
        CHECK(std::abs(mean - beta[k]) < 4 * sd / std::sqrt(double(R)));
        CHECK(std::abs(se_sum[k] / R / sd - 1) < tolerance);
    }
}

TEST_CASE("poisson regression: over-dispersed counts give a robust SE larger than the model SE") {
    // Intercept and x2 only, so the model is saturated in x2 and the intercept's robust / model SE
    // ratio is sqrt(s^2 / ybar) in the reference group (s^2 with divisor n): gamma-Poisson with mean
    // m = 1 and shape k = 0.5 has variance m + m^2 / k = 3 m, so the ratio is sqrt(3). With about
    // 12,000 reference rows the sample variance has relative SE sqrt((kurtosis - 1) / n) =
    // sqrt(14.3 / 12000) = 0.035 (kurtosis 3 + kappa4 / kappa2^2 = 3 + 111 / 9) and the mean
    // sqrt(3 / 12000) = 0.016, so the dispersion index has relative SE at most 0.05 and its square
    // root half that, 0.025: 4 SE = 10%.
    const VectorXd beta = coefficients({0.0, 0.0, 0.5, 0.0});
    const Simulated s = simulate(20000, beta, 0, {.outcome = Outcome::gamma_poisson});
    MatrixXd X(s.X.rows(), 2);
    X << s.X.col(0), s.X.col(2);
    const PoissonFit fit = poisson_regression(X, s.y);
    REQUIRE(fit.converged);
    CHECK(fit.robust_se[0] / fit.model_se[0] == doctest::Approx(std::sqrt(3.0)).epsilon(0.10));
    // Group x2 = 1 has m = e^0.5, ratio sqrt(1 + m / k) = 2.07; the slope's ratio lies between the
    // two groups'.
    CHECK(fit.robust_se[1] > 1.5 * fit.model_se[1]);
    // The point estimates stay consistent: within 4 robust SE of the truth.
    check_within_4_robust_se(fit, coefficients({0.0, 0.5}));
}

TEST_CASE("poisson regression: exposure enters as an offset") {
    const VectorXd beta = coefficients({-0.5, 0.4, -0.6, 0.8});
    // Counts generated with exposure 2 for the rows with x3 > 0.5 and exposure 1 for the others.
    const Simulated doubled = simulate(20000, beta, 0, {.double_exposure_upper_x3 = true});
    const PoissonFit fit = poisson_regression(doubled.X, doubled.y, &doubled.exposure);
    REQUIRE(fit.converged);
    check_within_4_robust_se(fit, beta);

    // The same rows with exposure 1 everywhere: the coefficients do not change beyond sampling
    // error. The two samples share their uniforms, so their estimates are positively correlated and
    // the SD of the difference is at most sqrt(se1^2 + se2^2): 4 of those bound it.
    const Simulated plain = simulate(20000, beta, 0, {});
    const PoissonFit reference = poisson_regression(plain.X, plain.y);
    for (Index k = 0; k < beta.size(); ++k)
        CHECK(std::abs(fit.coefficients[k] - reference.coefficients[k]) <
              4 * std::hypot(fit.robust_se[k], reference.robust_se[k]));

    // Ignoring the exposure would be caught: the omitted log 2 x [x3 > 0.5] projects onto x3 with
    // slope log 2 x 1.5 = 1.04, about 30 SE.
    const PoissonFit ignored = poisson_regression(doubled.X, doubled.y);
    CHECK(std::abs(ignored.coefficients[3] - beta[3]) > 10 * ignored.robust_se[3]);

    // Exposure scaled by a constant c: the same slopes and the intercept lower by log c.
    const VectorXd tripled = 3 * doubled.exposure;
    const PoissonFit scaled = poisson_regression(doubled.X, doubled.y, &tripled);
    CHECK(scaled.coefficients[0] == doctest::Approx(fit.coefficients[0] - std::log(3.0)).epsilon(1e-9));
    for (Index k = 1; k < beta.size(); ++k)
        CHECK(scaled.coefficients[k] == doctest::Approx(fit.coefficients[k]).epsilon(1e-9));
}

TEST_CASE("poisson regression: a group without events stops at max iterations unconverged and finite") {
    VectorXd y(6), x(6);
    y << 0, 0, 0, 2, 3, 1;
    x << 1, 1, 1, 0, 0, 0;
    MatrixXd X(6, 2);
    X << VectorXd::Ones(6), x;
    const PoissonFit fit = poisson_regression(X, y, nullptr, 30);
    CHECK_FALSE(fit.converged);
    CHECK(fit.iterations == 30);
    CHECK(fit.coefficients.allFinite());
    CHECK(fit.coefficients[1] < -10);  // heading for minus infinity
}

TEST_CASE("logistic regression: a 2x2 table gives the log odds ratio and Woolf's SE") {
    // Exposed: 30 with the outcome, 70 without; unexposed: 10 with, 90 without.
    const int a = 30, b = 70, c = 10, d = 90;
    std::vector<double> exposed, outcome;
    auto add = [&](int count, double e, double o) {
        exposed.insert(exposed.end(), static_cast<std::size_t>(count), e);
        outcome.insert(outcome.end(), static_cast<std::size_t>(count), o);
    };
    add(a, 1, 1);
    add(b, 1, 0);
    add(c, 0, 1);
    add(d, 0, 0);
    DesignMatrix design(a + b + c + d);
    design.add_intercept().add_numeric("exposed", exposed);
    const LogisticFit fit =
        logistic_regression(design.matrix(), Eigen::Map<const VectorXd>(outcome.data(), Index(outcome.size())));
    REQUIRE(fit.converged);
    const Index k = design.index_of("exposed");
    CHECK(fit.coefficients[0] == doctest::Approx(std::log(double(c) / d)).epsilon(1e-9));
    CHECK(fit.coefficients[k] == doctest::Approx(std::log(double(a) * d / (double(b) * c))).epsilon(1e-9));
    CHECK(fit.model_se[k] == doctest::Approx(std::sqrt(1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d)).epsilon(1e-9));
    // Saturated binary: sum (y - p)^2 = n p (1 - p) in each cell, so the sandwich equals the model SE.
    CHECK(fit.robust_se[k] == doctest::Approx(fit.model_se[k]).epsilon(1e-9));
    CHECK(rate_ratio(fit, k).estimate == doctest::Approx(double(a) * d / (double(b) * c)).epsilon(1e-9));
}

TEST_CASE("logistic regression: simulated coefficients are recovered") {
    const VectorXd beta = coefficients({-0.3, 0.8, -0.5, 1.0});
    const Simulated s = simulate(20000, beta, 0, {.outcome = Outcome::bernoulli});
    const LogisticFit fit = logistic_regression(s.X, s.y);
    REQUIRE(fit.converged);
    check_within_4_robust_se(fit, beta);
}

TEST_CASE("logistic regression: complete separation stops unconverged with finite coefficients") {
    VectorXd y(6), x(6);
    y << 0, 0, 0, 1, 1, 1;
    x << -3, -2, -1, 1, 2, 3;
    MatrixXd X(6, 2);
    X << VectorXd::Ones(6), x;
    const LogisticFit fit = logistic_regression(X, y);
    CHECK_FALSE(fit.converged);
    CHECK(fit.iterations == 50);
    CHECK(fit.coefficients.allFinite());
    CHECK(fit.coefficients[1] > 5);
}

TEST_CASE("design matrix: dummies against the reference level in ascending order and named columns") {
    DesignMatrix design(5);
    design.add_intercept()
        .add_numeric("age", {30, 40, 50, 60, 70})
        .add_categorical("pam_level", std::vector<int>{4, 1, 2, 4, 1}, 2)
        .add_categorical("sex", std::vector<std::string>{"f", "m", "f", "m", "m"}, std::string("f"));
    CHECK(design.names() == std::vector<std::string>{"(intercept)", "age", "pam_level=1", "pam_level=4", "sex=m"});
    const MatrixXd X = design.matrix();
    MatrixXd expected(5, 5);
    expected << 1, 30, 0, 1, 0,  //
        1, 40, 1, 0, 1,          //
        1, 50, 0, 0, 0,          //
        1, 60, 0, 1, 1,          //
        1, 70, 1, 0, 1;
    CHECK(X == expected);
    CHECK(design.index_of("pam_level=4") == 3);
    CHECK_THROWS_WITH_AS(design.index_of("pam_level=3"), doctest::Contains("no column named 'pam_level=3'"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(design.add_numeric("bmi", {1, 2}), doctest::Contains("'bmi' has 2 values for 5 rows"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(design.add_categorical("imd", std::vector<int>{1, 2, 2, 1, 1}, 5),
                         doctest::Contains("reference level 5 of 'imd' occurs in no row"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(design.add_numeric("age", {1, 2, 3, 4, 5}), doctest::Contains("'age' added twice"),
                         std::invalid_argument);
}

TEST_CASE("regression: bad input is refused with a message") {
    MatrixXd X(4, 2);
    X << 1, 0.5, 1, 1.5, 1, 2.5, 1, 3.0;
    VectorXd y(4);
    y << 0, 1, 3, 2;
    CHECK_THROWS_WITH_AS(poisson_regression(X, VectorXd::Ones(3)), doctest::Contains("y has 3 values but X has 4 rows"),
                         std::invalid_argument);
    const VectorXd short_exposure = VectorXd::Ones(2);
    CHECK_THROWS_WITH_AS(poisson_regression(X, y, &short_exposure), doctest::Contains("exposure has 2 values"),
                         std::invalid_argument);
    const VectorXd zero_exposure = VectorXd::Zero(4);
    CHECK_THROWS_WITH_AS(poisson_regression(X, y, &zero_exposure),
                         doctest::Contains("exposure[0] = 0.000000 is not a positive number"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(poisson_regression(MatrixXd(0, 2), VectorXd(0)), doctest::Contains("no rows"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(logistic_regression(MatrixXd(4, 0), y), doctest::Contains("no columns"), std::invalid_argument);
    VectorXd negative = y;
    negative[2] = -1;
    CHECK_THROWS_WITH_AS(poisson_regression(X, negative), doctest::Contains("y[2] = -1.000000 is not a count >= 0"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(logistic_regression(X, y), doctest::Contains("y[2] = 3.000000 is not a value in [0, 1]"),
                         std::invalid_argument);
    MatrixXd with_nan = X;
    with_nan(1, 1) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH_AS(poisson_regression(with_nan, y), doctest::Contains("not finite"), std::invalid_argument);

    MatrixXd zero_column(4, 3);
    zero_column << X, VectorXd::Zero(4);
    CHECK_THROWS_WITH_AS(poisson_regression(zero_column, y), doctest::Contains("poisson_regression: column 2 is all zero"),
                         std::invalid_argument);
    // A dummy for every level beside the intercept: x + (1 - x) = 1.
    MatrixXd collinear(4, 3);
    collinear << VectorXd::Ones(4), VectorXd(Eigen::Vector4d(1, 0, 1, 0)), VectorXd(Eigen::Vector4d(0, 1, 0, 1));
    CHECK_THROWS_WITH_AS(logistic_regression(collinear, VectorXd(Eigen::Vector4d(0, 1, 1, 0))),
                         doctest::Contains("is a linear combination of the others (rank 2 of 3 columns)"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(poisson_regression(X, y, nullptr, 0), doctest::Contains("max_iterations must be at least 1"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(rate_ratio(poisson_regression(X, y), 2), doctest::Contains("no coefficient 2 in a fit of 2"),
                         std::invalid_argument);
    // Different units do not make independent columns look dependent.
    MatrixXd scales(4, 2);
    scales << 1e-6, 1e6, 2e-6, 1e6, 3e-6, 1e6, 4e-6, 1e6;
    CHECK_NOTHROW(poisson_regression(scales, y));
}

TEST_CASE("standardised mean difference: hand-computed unweighted and weighted cases") {
    // Treated 2 4 6: mean 4, variance 4. Control 1 2 3: mean 2, variance 1. SMD 2 / sqrt(2.5).
    const std::vector<double> treated{2, 4, 6}, control{1, 2, 3};
    CHECK(standardised_mean_difference(treated, control) == doctest::Approx(2 / std::sqrt(2.5)).epsilon(1e-12));
    // Weights 1 1 2: mean 9 / 4 = 2.25; variance 4 / (16 - 6) x (1.5625 + 0.0625 + 2 x 0.5625) = 1.1.
    const std::vector<double> weights{1, 1, 2};
    CHECK(standardised_mean_difference(treated, control, &weights) ==
          doctest::Approx(1.75 / std::sqrt((4 + 1.1) / 2)).epsilon(1e-12));
    // Equal weights reduce to the unweighted SMD.
    const std::vector<double> equal{3, 3, 3};
    CHECK(standardised_mean_difference(treated, control, &equal) ==
          doctest::Approx(standardised_mean_difference(treated, control)).epsilon(1e-12));
    CHECK(standardised_mean_difference(control, treated) == doctest::Approx(-2 / std::sqrt(2.5)).epsilon(1e-12));
}

TEST_CASE("standardised mean difference: constant groups and bad input") {
    CHECK(standardised_mean_difference({2, 2}, {2, 2, 2}) == 0);
    CHECK(standardised_mean_difference({3, 3}, {2, 2}) == std::numeric_limits<double>::infinity());
    CHECK_THROWS_WITH_AS(standardised_mean_difference({}, {1.0}), doctest::Contains("empty"), std::invalid_argument);
    const std::vector<double> two{1, 1};
    CHECK_THROWS_WITH_AS(standardised_mean_difference({1.0}, {1, 2, 3}, &two),
                         doctest::Contains("2 weights for 3 controls"), std::invalid_argument);
    const std::vector<double> negative{1, -1};
    CHECK_THROWS_WITH_AS(standardised_mean_difference({1.0}, {1, 2}, &negative), doctest::Contains("negative"),
                         std::invalid_argument);
    const std::vector<double> zeros{0, 0};
    CHECK_THROWS_WITH_AS(standardised_mean_difference({1.0}, {1, 2}, &zeros), doctest::Contains("sum to 0"),
                         std::invalid_argument);
}
