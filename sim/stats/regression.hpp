#pragma once
// Generalised linear models (Poisson with log link, logistic with logit link), a design-matrix
// builder and the standardised mean difference: for validation regressions on simulated patients
// and for balance checks after matching. Pure functions of the data (no model types, no files).
//
// Why IRLS: both models use their canonical link, so iteratively reweighted least squares is
// Newton-Raphson on the log-likelihood (Fisher scoring equals Newton there). It converges
// quadratically from the usual start (mu from y), needs only the p x p matrix X'WX per iteration
// (built as a rank update, never an n x n matrix), and the last X'WX is the information matrix the
// standard errors need.
//
// Standard errors. Model-based: sqrt(diag((X'WX)^-1)), W = diag(var(mu)) (mu for Poisson,
// mu(1 - mu) for logistic), valid only if the variance function is right. Robust (sandwich, HC0,
// Huber-White): with a canonical link the score is X'(y - mu), so
//     V = (X'WX)^-1 X' diag((y - mu)^2) X (X'WX)^-1,
// valid whatever the variance of y as long as the mean model is right. Counts in the simulation are
// over-dispersed (patients differ in propensity), so intervals use the robust SE.
#include <Eigen/Core>

#include <string>
#include <string_view>
#include <vector>

namespace pcnsim {

struct GlmFit {
    Eigen::VectorXd coefficients = {};
    Eigen::VectorXd model_se = {};
    Eigen::VectorXd robust_se = {};  // HC0 sandwich: use these for intervals
    int iterations = 0;
    // False when the coefficients still moved at max_iterations: separation (a covariate pattern
    // whose outcomes are all 0 or all 1, or a Poisson group with no events) drives a coefficient
    // towards infinity. The coefficients and SEs are then finite but meaningless for that column
    // (its robust SE can look small: check this flag, not the SE).
    bool converged = false;
    double deviance = 0;
};
using PoissonFit = GlmFit;
using LogisticFit = GlmFit;

// Both fits refuse (std::invalid_argument, with the reason) sizes that do not match, no rows or no
// columns, non-finite values, an outcome outside its support, and a design whose columns are not
// linearly independent (an all-zero column, a dummy for every level beside an intercept), naming
// the first offending column by its 0-based index.
//
// Counts y >= 0 with mean exposure * exp(X b). Exposure (> 0, e.g. patient-years) enters as the
// offset log(exposure); none means 1 for every row.
PoissonFit poisson_regression(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                              const Eigen::VectorXd* exposure = nullptr, int max_iterations = 50,
                              double tolerance = 1e-10);

// Outcomes y in [0, 1] (binary, or proportions) with mean 1 / (1 + exp(-X b)).
LogisticFit logistic_regression(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, int max_iterations = 50,
                                double tolerance = 1e-10);

// exp(coefficient k) with its 95% interval from the robust SE: a rate ratio for a Poisson fit, an
// odds ratio for a logistic one.
struct RatioInterval {
    double estimate = 0, lower = 0, upper = 0;
};
RatioInterval rate_ratio(const GlmFit& fit, Eigen::Index k);

// Columns for a regression, in the order added, each with a name. Categorical columns are dummy
// coded against a reference level: one column "name=level" per other level present, in ascending
// order of level. Every column must have `rows` values.
class DesignMatrix {
public:
    explicit DesignMatrix(Eigen::Index rows) : rows_(rows) {}

    DesignMatrix& add_intercept();  // named "(intercept)"
    DesignMatrix& add_numeric(const std::string& name, const std::vector<double>& values);
    DesignMatrix& add_categorical(const std::string& name, const std::vector<int>& levels, int reference);
    DesignMatrix& add_categorical(const std::string& name, const std::vector<std::string>& levels,
                                  const std::string& reference);

    Eigen::MatrixXd matrix() const;
    const std::vector<std::string>& names() const { return names_; }
    // Throws std::invalid_argument for a name that is no column.
    Eigen::Index index_of(std::string_view name) const;

private:
    template <class Level>
    DesignMatrix& add_dummies(const std::string& name, const std::vector<Level>& levels, const Level& reference);
    void add_column(const std::string& name, std::vector<double> values);

    Eigen::Index rows_;
    std::vector<std::string> names_;
    std::vector<std::vector<double>> columns_;
};

// (mean_t - mean_c) / sqrt((var_t + var_c) / 2), the balance measure after matching (Austin 2009),
// with sample variances (divisor n - 1). With control weights (matching with replacement,
// inverse-probability weights) the control mean is weighted and its variance is
// sum(w) / (sum(w)^2 - sum(w^2)) * sum(w (x - mean_w)^2), which is the unweighted sample variance
// when the weights are equal. 0 when both variances are 0 and the means are equal; +-infinity when
// both variances are 0 and the means differ. Throws std::invalid_argument for an empty group,
// weights of the wrong length, a negative weight or weights summing to 0.
double standardised_mean_difference(const std::vector<double>& treated, const std::vector<double>& control,
                                    const std::vector<double>* control_weights = nullptr);
// The same from each group's mean and variance (e.g. accumulated sums).
double standardised_mean_difference(double mean_t, double var_t, double mean_c, double var_c);

}  // namespace pcnsim
