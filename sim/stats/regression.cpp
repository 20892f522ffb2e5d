#include "sim/stats/regression.hpp"

#include <Eigen/Cholesky>
#include <Eigen/QR>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <stdexcept>

#include "sim/stats/descriptive.hpp"

namespace pcnsim {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// y log(y / mu), 0 at y = 0.
double y_log_ratio(double y, double mu) { return y > 0 ? y * std::log(y / mu) : 0.0; }

// A canonical-link family: the mean is inverse_link(eta) and var(y) is proportional to variance(mu).
struct Family {
    const char* function;  // for messages
    bool (*in_support)(double y);
    const char* support;
    double (*start_mu)(double y);
    double (*link)(double mu);
    double (*inverse_link)(double eta);
    double (*variance)(double mu);
    double (*unit_deviance)(double y, double mu);
};

// As R's glm: the fitted mean kept at least machine epsilon from the boundary, so that a group with
// no events moves its coefficient by a finite step per iteration instead of dividing by zero.
const Family kPoisson{
    "poisson_regression",
    [](double y) { return y >= 0; },
    "a count >= 0",
    [](double y) { return y + 0.1; },
    [](double mu) { return std::log(mu); },
    [](double eta) { return std::max(std::exp(eta), DBL_EPSILON); },
    [](double mu) { return mu; },
    [](double y, double mu) { return 2 * (y_log_ratio(y, mu) - (y - mu)); },
};

// The linear predictor is clamped at +-log(1 / DBL_EPSILON) (as R's binomial family), so that under
// separation mu(1 - mu) stays above zero.
const double kLogitBound = -std::log(DBL_EPSILON);
const Family kLogistic{
    "logistic_regression",
    [](double y) { return y >= 0 && y <= 1; },
    "a value in [0, 1]",
    [](double y) { return (y + 0.5) / 2; },
    [](double mu) { return std::log(mu / (1 - mu)); },
    [](double eta) { return 1 / (1 + std::exp(-std::clamp(eta, -kLogitBound, kLogitBound))); },
    [](double mu) { return mu * (1 - mu); },
    [](double y, double mu) { return 2 * (y_log_ratio(y, mu) + y_log_ratio(1 - y, 1 - mu)); },
};

[[noreturn]] void refuse(const Family& family, const std::string& why) {
    throw std::invalid_argument(std::string(family.function) + ": " + why);
}

// A column that is all zero or a linear combination of the others leaves X'WX singular: the
// coefficients would be arbitrary or NaN. Columns are scaled to unit length first, so that the rank
// threshold does not depend on their units.
void require_independent_columns(const Family& family, const MatrixXd& X) {
    const VectorXd norms = X.colwise().norm().transpose();
    for (Index k = 0; k < X.cols(); ++k)
        if (norms[k] == 0) refuse(family, "column " + std::to_string(k) + " is all zero");
    Eigen::ColPivHouseholderQR<MatrixXd> qr(X * norms.cwiseInverse().asDiagonal());
    qr.setThreshold(1e-9);
    if (qr.rank() == X.cols()) return;
    const Index dependent = qr.colsPermutation().indices()[qr.rank()];
    refuse(family, "column " + std::to_string(dependent) + " is a linear combination of the others (rank " +
                       std::to_string(qr.rank()) + " of " + std::to_string(X.cols()) + " columns)");
}

void validate(const Family& family, const MatrixXd& X, const VectorXd& y, const VectorXd* exposure,
              int max_iterations, double tolerance) {
    if (max_iterations < 1 || !(tolerance > 0))
        refuse(family, "max_iterations must be at least 1 and tolerance above 0");
    if (X.rows() == 0) refuse(family, "no rows");
    if (X.cols() == 0) refuse(family, "no columns");
    if (y.size() != X.rows())
        refuse(family, "y has " + std::to_string(y.size()) + " values but X has " + std::to_string(X.rows()) + " rows");
    if (exposure && exposure->size() != X.rows())
        refuse(family, "exposure has " + std::to_string(exposure->size()) + " values but X has " +
                           std::to_string(X.rows()) + " rows");
    if (!X.allFinite()) refuse(family, "X has a value that is not finite");
    for (Index i = 0; i < y.size(); ++i)
        if (!std::isfinite(y[i]) || !family.in_support(y[i]))
            refuse(family, "y[" + std::to_string(i) + "] = " + std::to_string(y[i]) + " is not " + family.support);
    if (exposure)
        for (Index i = 0; i < exposure->size(); ++i)
            if (!((*exposure)[i] > 0) || !std::isfinite((*exposure)[i]))
                refuse(family, "exposure[" + std::to_string(i) + "] = " + std::to_string((*exposure)[i]) +
                                   " is not a positive number");
    require_independent_columns(family, X);
}

// X' diag(s^2) X as a rank update of the row-scaled X: p x p work, never an n x n matrix.
MatrixXd scaled_cross_product(const MatrixXd& X, const VectorXd& s, MatrixXd& scaled_rows) {
    scaled_rows.noalias() = s.asDiagonal() * X;
    MatrixXd product = MatrixXd::Zero(X.cols(), X.cols());
    product.selfadjointView<Eigen::Lower>().rankUpdate(scaled_rows.transpose());
    return product.selfadjointView<Eigen::Lower>();
}

// Each iteration solves the weighted least squares of the working response z = eta - offset +
// (y - mu) / var(mu) on X with weights var(mu). Converged when no coefficient moved by more than
// tolerance * (1 + |coefficient|).
GlmFit fit_glm(const Family& family, const MatrixXd& X, const VectorXd& y, const VectorXd& offset,
               int max_iterations, double tolerance) {
    const Index p = X.cols();
    GlmFit fit;
    VectorXd mu = y.unaryExpr(family.start_mu);
    VectorXd eta = mu.unaryExpr(family.link);
    VectorXd beta = VectorXd::Zero(p);
    MatrixXd scaled_rows(X.rows(), p);
    Eigen::LDLT<MatrixXd> information;
    for (fit.iterations = 1; fit.iterations <= max_iterations; ++fit.iterations) {
        const VectorXd w = mu.unaryExpr(family.variance);
        const VectorXd working = eta - offset + (y - mu).cwiseQuotient(w);
        information.compute(scaled_cross_product(X, w.cwiseSqrt(), scaled_rows));
        VectorXd next(p);
        next.noalias() = X.transpose() * w.cwiseProduct(working);
        next = information.solve(next);
        // Under separation X'WX can become numerically singular: keep the last finite coefficients.
        if (information.info() != Eigen::Success || !next.allFinite()) break;
        fit.converged = fit.iterations > 1 &&
                        ((next - beta).array().abs() <= tolerance * (1 + next.array().abs())).all();
        beta = next;
        eta.noalias() = X * beta;
        eta += offset;
        mu = eta.unaryExpr(family.inverse_link);
        if (fit.converged) break;
    }
    fit.iterations = std::min(fit.iterations, max_iterations);
    fit.coefficients = beta;
    fit.deviance = y.binaryExpr(mu, family.unit_deviance).sum();

    information.compute(scaled_cross_product(X, mu.unaryExpr(family.variance).cwiseSqrt(), scaled_rows));
    const MatrixXd bread = information.solve(MatrixXd::Identity(p, p));
    const MatrixXd meat = scaled_cross_product(X, (y - mu).cwiseAbs(), scaled_rows);
    fit.model_se = bread.diagonal().cwiseSqrt();
    fit.robust_se = (bread * meat * bread).diagonal().cwiseSqrt();
    return fit;
}

}  // namespace

PoissonFit poisson_regression(const MatrixXd& X, const VectorXd& y, const VectorXd* exposure, int max_iterations,
                              double tolerance) {
    validate(kPoisson, X, y, exposure, max_iterations, tolerance);
    const VectorXd offset = exposure ? VectorXd(exposure->array().log()) : VectorXd::Zero(X.rows());
    return fit_glm(kPoisson, X, y, offset, max_iterations, tolerance);
}

LogisticFit logistic_regression(const MatrixXd& X, const VectorXd& y, int max_iterations, double tolerance) {
    validate(kLogistic, X, y, nullptr, max_iterations, tolerance);
    return fit_glm(kLogistic, X, y, VectorXd::Zero(X.rows()), max_iterations, tolerance);
}

RatioInterval rate_ratio(const GlmFit& fit, Index k) {
    if (k < 0 || k >= fit.coefficients.size())
        throw std::invalid_argument("rate_ratio: no coefficient " + std::to_string(k) + " in a fit of " +
                                    std::to_string(fit.coefficients.size()));
    constexpr double z975 = 1.959963984540054;
    const double b = fit.coefficients[k], se = fit.robust_se[k];
    return {std::exp(b), std::exp(b - z975 * se), std::exp(b + z975 * se)};
}

// ---- design matrix

namespace {
std::string level_text(int level) { return std::to_string(level); }
const std::string& level_text(const std::string& level) { return level; }
}  // namespace

void DesignMatrix::add_column(const std::string& name, std::vector<double> values) {
    if (std::find(names_.begin(), names_.end(), name) != names_.end())
        throw std::invalid_argument("DesignMatrix: column '" + name + "' added twice");
    names_.push_back(name);
    columns_.push_back(std::move(values));
}

DesignMatrix& DesignMatrix::add_intercept() {
    add_column("(intercept)", std::vector<double>(static_cast<std::size_t>(rows_), 1.0));
    return *this;
}

DesignMatrix& DesignMatrix::add_numeric(const std::string& name, const std::vector<double>& values) {
    if (static_cast<Index>(values.size()) != rows_)
        throw std::invalid_argument("DesignMatrix: column '" + name + "' has " + std::to_string(values.size()) +
                                    " values for " + std::to_string(rows_) + " rows");
    add_column(name, values);
    return *this;
}

template <class Level>
DesignMatrix& DesignMatrix::add_dummies(const std::string& name, const std::vector<Level>& levels,
                                        const Level& reference) {
    if (static_cast<Index>(levels.size()) != rows_)
        throw std::invalid_argument("DesignMatrix: column '" + name + "' has " + std::to_string(levels.size()) +
                                    " values for " + std::to_string(rows_) + " rows");
    const std::set<Level> present(levels.begin(), levels.end());
    if (!present.contains(reference))
        throw std::invalid_argument("DesignMatrix: reference level " + level_text(reference) + " of '" + name +
                                    "' occurs in no row");
    for (const Level& level : present) {
        if (level == reference) continue;
        std::vector<double> dummy(levels.size());
        std::transform(levels.begin(), levels.end(), dummy.begin(),
                       [&](const Level& l) { return l == level ? 1.0 : 0.0; });
        add_column(name + "=" + level_text(level), std::move(dummy));
    }
    return *this;
}

DesignMatrix& DesignMatrix::add_categorical(const std::string& name, const std::vector<int>& levels, int reference) {
    return add_dummies(name, levels, reference);
}

DesignMatrix& DesignMatrix::add_categorical(const std::string& name, const std::vector<std::string>& levels,
                                            const std::string& reference) {
    return add_dummies(name, levels, reference);
}

Eigen::MatrixXd DesignMatrix::matrix() const {
    MatrixXd X(rows_, static_cast<Index>(columns_.size()));
    for (std::size_t k = 0; k < columns_.size(); ++k)
        X.col(static_cast<Index>(k)) = Eigen::Map<const VectorXd>(columns_[k].data(), rows_);
    return X;
}

Index DesignMatrix::index_of(std::string_view name) const {
    const auto it = std::find(names_.begin(), names_.end(), name);
    if (it == names_.end()) throw std::invalid_argument("DesignMatrix: no column named '" + std::string(name) + "'");
    return it - names_.begin();
}

// ---- balance

namespace {
struct Moments {
    double mean = 0, variance = 0;
};

Moments moments(const std::vector<double>& x) {
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
    return {mean, sample_variance(x, mean)};
}

// Reliability weights: the variance is unbiased for the weighted population and reduces to the
// sample variance for equal weights (as R's cobalt package computes weighted SMDs).
Moments weighted_moments(const std::vector<double>& x, const std::vector<double>& w) {
    if (w.size() != x.size())
        throw std::invalid_argument("standardised_mean_difference: " + std::to_string(w.size()) + " weights for " +
                                    std::to_string(x.size()) + " controls");
    if (std::any_of(w.begin(), w.end(), [](double v) { return !(v >= 0) || !std::isfinite(v); }))
        throw std::invalid_argument("standardised_mean_difference: a control weight is negative or not finite");
    const double total = std::accumulate(w.begin(), w.end(), 0.0);
    if (!(total > 0)) throw std::invalid_argument("standardised_mean_difference: the control weights sum to 0");
    const double mean = std::inner_product(x.begin(), x.end(), w.begin(), 0.0) / total;
    double squares = 0, weight_squares = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        squares += w[i] * (x[i] - mean) * (x[i] - mean);
        weight_squares += w[i] * w[i];
    }
    const double divisor = total * total - weight_squares;  // 0 when a single control has all the weight
    return {mean, divisor > 0 ? total * squares / divisor : 0.0};
}
}  // namespace

double standardised_mean_difference(const std::vector<double>& treated, const std::vector<double>& control,
                                    const std::vector<double>* control_weights) {
    if (treated.empty() || control.empty())
        throw std::invalid_argument("standardised_mean_difference: the treated or the control group is empty");
    const Moments t = moments(treated);
    const Moments c = control_weights ? weighted_moments(control, *control_weights) : moments(control);
    return standardised_mean_difference(t.mean, t.variance, c.mean, c.variance);
}

double standardised_mean_difference(double mean_t, double var_t, double mean_c, double var_c) {
    const double difference = mean_t - mean_c;
    const double pooled = std::sqrt((var_t + var_c) / 2);
    if (pooled == 0)
        return difference == 0 ? 0.0 : std::copysign(std::numeric_limits<double>::infinity(), difference);
    return difference / pooled;
}

}  // namespace pcnsim
