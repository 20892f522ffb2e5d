#pragma once
// A Gaussian-process emulator of one scalar model output over d inputs scaled to [0, 1]^d, for
// history matching (sim/calibration/history_matching.hpp), and a Gaussian-process regression for
// value of information (sim/stats/voi.hpp).
//
// Model: y_i = h(x_i)' beta + f(x_i) + e_i, where
//   - h(x) = (1, x_1, ..., x_d): a linear mean with a flat prior on beta, estimated by generalised
//     least squares; the prediction variance includes the uncertainty of beta (universal kriging);
//   - f is a zero-mean Gaussian process with covariance sigma2 exp(-sum_k (x_k - x'_k)^2 / l_k^2):
//     squared-exponential correlation, one length scale l_k per input;
//   - e_i is noise of variance noise_variance_i (supplied: the run-to-run variance of y_i, e.g. a
//     replication sample variance over the number of replications) plus tau2 (estimated: the
//     nugget, which also absorbs noise that was not supplied and roughness the correlation misses).
//
// Estimation maximises the restricted (REML) log likelihood, in which beta is integrated out, with
// a Nelder-Mead simplex from three deterministic starts (no random numbers, so a fit is a pure
// function of its data). Outputs are standardised before fitting, so the bounds below are relative
// to the sample variance of y:
//   - without supplied noise (all 0), the parameters are log l_k and log g with tau2 = g sigma2, and
//     sigma2 is profiled out analytically (sigma2 = residual quadratic form / (n - d - 1));
//   - with supplied noise, sigma2 no longer factors out of the covariance, so the simplex runs over
//     (log l_k, log sigma2, log tau2), started from the fit that ignores the supplied noise.
// Bounds: l_k in [0.02, 20]; g in [1e-12, 10]; sigma2 in [1e-6, 1e3]; tau2 in [1e-10, 1e2].
// A Cholesky factor that fails gets a growing jitter on the diagonal (1e-12 of the mean diagonal,
// times 10 until it succeeds).
//
// Needs n >= d + 3 design points (two more than the mean's coefficients).
#include <Eigen/Dense>

#include <vector>

namespace pcnsim {

struct EmulatorPrediction {
    double mean = 0;
    double variance = 0;  // of f's mean function at x, i.e. emulator uncertainty; excludes the nugget and noise
};

// Leave-one-out checks at the fitted hyperparameters (beta re-estimated without the point):
// standardised errors (y_i - prediction) / sd, where sd includes the point's noise.
struct EmulatorDiagnostics {
    Eigen::VectorXd loo_standardised_error;
    double loo_coverage_95 = 0;  // share of |error| < 1.96
};

class Emulator {
public:
    // x: n x d inputs in [0,1]^d; y: n outputs; noise_variance: n known run-to-run variances of y
    // (may be all 0). Throws std::invalid_argument on mismatched sizes or n < d + 3.
    static Emulator fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& noise_variance);
    // A regression of noisy outputs (the columns of y) at the same inputs, without supplied noise,
    // sharing one set of length scales and one nugget ratio g = tau2 / sigma2 (each output its own
    // beta and sigma2), chosen by their summed restricted likelihood: the outputs' mean functions
    // are then the same linear smoother of their data, so the fit of a difference of outputs is the
    // difference of their fits. Two priors regularise it (the restricted likelihood times their
    // densities is maximised), because with a hundred points in several dimensions the points are
    // far apart in correlation, signal and nugget are not identified, and REML alone settles on
    // short length scales in irrelevant inputs and g near 0, interpolating the noise:
    //   - g ~ inverse-gamma(0.001, 1), as in SAVI: keeps g away from 0 unless the data insist;
    //   - p(l_k) proportional to exp(-0.5 / l_k): a soft lower bound on each length scale (0.1 of
    //     the input's range costs 5 nats, 0.5 costs 1, long ones nothing), as a net benefit is
    //     smooth in a parameter over its prior range.
    // Measured (4 relevant inputs of 6, 100 noisy samples, 20 sets; true EVPPI 0.043): mean EVPPI
    // 0.076 with neither prior and g's alone, 0.048 to 0.051 with both (length-scale prior 0.3 to
    // 1 instead of 0.5); at 300 samples 0.065 against 0.041 to 0.042; a two-input group unchanged.
    // The hyperparameters are estimated on the first
    // `subset` rows only, as SAVI does (each likelihood evaluation costs subset^3), then each output
    // is conditioned on all n rows (sigma2 re-estimated; one n^3 factorisation each). Throws
    // std::invalid_argument as fit(), and for a constant column.
    static std::vector<Emulator> fit_shared(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, Eigen::Index subset);

    EmulatorPrediction predict(const Eigen::VectorXd& x) const;
    // Many points at once (rows of x), much faster than one by one: mean and variance as predict().
    void predict(const Eigen::MatrixXd& x, Eigen::VectorXd& mean, Eigen::VectorXd& variance) const;
    // The mean alone: O(m n) for m points, where the variance costs O(m n^2).
    Eigen::VectorXd predict_mean(const Eigen::MatrixXd& x) const;
    // Var(sum_i w_i m(x_i)), m the posterior mean function at the rows of x (the joint form of
    // predict's variance, for a linear functional such as a delta-method standard error), in
    // O(m n) without the m x m covariance.
    double variance_of_linear_combination(const Eigen::MatrixXd& x, const Eigen::VectorXd& w) const;

    // Estimated noise variance of one design output: the mean supplied noise plus the nugget tau2.
    double nugget_variance() const;
    double estimated_nugget() const { return tau2_ * scale_ * scale_; }  // tau2 alone, in y's units
    double signal_variance() const { return sigma2_ * scale_ * scale_; }
    const Eigen::VectorXd& length_scales() const { return length_; }
    Eigen::VectorXd coefficients() const;  // beta, in y's units: intercept, then one per input
    double restricted_log_likelihood() const { return log_likelihood_; }
    EmulatorDiagnostics diagnostics() const;
    Eigen::Index inputs() const { return x_.cols(); }
    Eigen::Index design_size() const { return x_.rows(); }

private:
    Eigen::MatrixXd x_;
    Eigen::VectorXd y_, noise_;          // standardised: (y - shift) / scale, noise / scale^2
    double shift_ = 0, scale_ = 1;
    Eigen::VectorXd length_;
    double sigma2_ = 1, tau2_ = 0;       // standardised units
    double log_likelihood_ = 0;
    Eigen::LLT<Eigen::MatrixXd> k_llt_;  // K = sigma2 R + diag(noise) + tau2 I (+ jitter)
    Eigen::LLT<Eigen::MatrixXd> g_llt_;  // H' K^-1 H
    Eigen::VectorXd beta_, alpha_;       // alpha = K^-1 (y - H beta)
    Eigen::MatrixXd kinv_h_;             // K^-1 H

    Eigen::MatrixXd cross_covariance(const Eigen::MatrixXd& x) const;  // m x n: sigma2 r(x, design)
    // x_, y_, noise_, length_, sigma2_ and tau2_ set: factors the covariance and solves for beta.
    void condition();
    void standardise(const Eigen::VectorXd& y, const Eigen::VectorXd& noise_variance);
};

}  // namespace pcnsim
