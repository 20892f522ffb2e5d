#pragma once
// A penalised cubic regression spline of y on one x, with the smoothing chosen by generalised
// cross-validation: the one-input smoother of value-of-information regressions (voi.hpp), where it
// plays the part of mgcv's gam(y ~ s(x)) in Strong, Oakley and Brennan (2014).
//
// Model: f(x) = sum_j beta_j B_j(x), cubic B-splines on [min x, max x] with K interior knots at
// quantiles of the distinct x values (K = min(20, distinct / 4), so each knot interval holds data
// and B'B is positive definite), fitted by minimising
//     |y - B beta|^2 + lambda beta' Omega beta,   Omega_jk = integral of B_j''(x) B_k''(x) dx
// (O'Sullivan's penalised spline; Wand and Ormerod 2008). The penalty is the integrated squared
// curvature, so its null space is the straight lines: a large lambda gives the least-squares line,
// a small one an unpenalised regression spline. lambda minimises GCV(lambda) = n RSS / (n - edf)^2,
// edf = trace of the hat matrix, over a grid of 241 values 10^(-6..6 step 0.05) times
// trace(B'B) / trace(Omega) (the scale at which the two terms weigh alike); every grid point costs
// one p x p Cholesky factor (p = K + 4 <= 24), so the search is exact on its grid and cheap.
//
// Several outputs y (columns) at the same x share one lambda, chosen by the summed GCV with each
// column weighted by 1 / its sample variance (so that units do not matter): every column is then
// smoothed by the same hat matrix, so the fit of a difference of two columns is the difference of
// their fits (value of information needs that: voi.hpp).
//
// Uncertainty: the Bayesian posterior of the penalised fit (Wahba 1983; Silverman 1985),
// beta ~ N(beta_hat, sigma2 (B'B + lambda Omega)^-1), sigma2 = RSS / (n - edf) per column, which
// mgcv's vcov() also reports and Strong et al. use for the standard error of EVPPI.
#include <Eigen/Dense>

namespace pcnsim {

class PenalisedSpline {
public:
    // Throws std::invalid_argument when x and y differ in rows, y has no column, there are fewer
    // than 4 points, or a value is not finite. x with a single distinct value gives each column's mean.
    static PenalisedSpline fit(const Eigen::VectorXd& x, const Eigen::MatrixXd& y);

    const Eigen::MatrixXd& fitted() const { return fitted_; }  // f at the data points, one column per output
    double lambda() const { return lambda_; }  // in the units of the scaled x in [0, 1]
    double effective_df() const { return edf_; }
    double residual_variance(Eigen::Index column = 0) const { return sigma2_[column]; }
    int basis_size() const { return static_cast<int>(basis_.cols()); }
    // Var(sum_i w_i f(x_i)) for one output under the posterior above, for weights w on the data
    // points (e.g. a delta-method standard error of a functional of the fitted values).
    double variance_of_linear_combination(const Eigen::VectorXd& w, Eigen::Index column = 0) const;

private:
    Eigen::MatrixXd basis_;              // n x p: B at the data points
    Eigen::LLT<Eigen::MatrixXd> m_llt_;  // B'B + lambda Omega
    Eigen::MatrixXd fitted_;
    Eigen::VectorXd sigma2_;
    double lambda_ = 0, edf_ = 1;
};

}  // namespace pcnsim
