#pragma once
// Value of information from a probabilistic sensitivity analysis: the expected value of perfect
// information (EVPI) and of perfect parameter information (EVPPI). Pure functions of a net-benefit
// matrix and parameter samples (no model types, no files).
//
// nb is S x D: S PSA samples (rows), D decision options (columns), the net benefit of each option
// in each sample; x_group is S x k, the sampled values of the k parameters of interest.
//
// EVPI = mean_s max_d nb(s, d) - max_d mean_s nb(s, d): what knowing every uncertain quantity
// before deciding would be worth. Computed from nb itself, it counts all the variation of nb across
// samples as resolvable, including simulation noise that no study could remove, so it overstates
// the EVPI of the parameters when nb is noisy (the EVPPI of all parameters together would not).
//
// EVPPI by non-parametric regression (Strong, Oakley and Brennan 2014, Med Decis Making 34:311):
// the incremental net benefit of each option over option 0, nb(., d) - nb(., 0), is regressed on
// x_group, giving fitted values g_d(x_s) (g_0 = 0), and
//     EVPPI = mean_s max_d g_d(x_s) - max_d mean_s g_d(x_s).
// Both terms use the fitted values, as Strong et al. do, so the estimate is >= 0 and the noise
// that the regression removes does not enter either term. Every option's incremental net benefit
// is smoothed by the same linear smoother (one smoothing parameter, or one set of GP
// hyperparameters, chosen on all options together), so the fitted difference between any two
// options is the smooth of their difference: the estimate does not depend on which option is the
// reference, and two options that differ little (scenarios run on common random numbers) are not
// made to cross by smoothing them differently. (Fitted separately, as the voi package does, two
// such scenarios showed EVPPIs 4 times larger for parameters that cannot matter, e.g. a training
// cost for GP appointments released.) The regression:
//   - one parameter: a penalised cubic regression spline with GCV smoothing (penalised_spline.hpp),
//     the counterpart of mgcv's gam(y ~ s(x)) that Strong et al. and the voi package use;
//   - a group: a Gaussian process, y = h(x)' beta + f(x) + e with h = (1, x), squared-exponential
//     correlation with one length scale per input (ARD), a nugget for the noise, fitted by
//     restricted maximum likelihood (emulator.hpp; the regression SAVI and the voi package use for
//     groups), with priors on the nugget and the length scales against fitting noise in small
//     samples (Emulator::fit_shared). Why not a tensor-product spline: its basis grows as
//     (basis size)^k, so beyond two or three inputs it has more coefficients than a PSA has
//     samples; an additive spline would be cheap but misses interactions, and the value of a group
//     often lies in its interactions (an effect times the share it applies to). The GP needs only
//     k + 2 hyperparameters. Inputs are
//     scaled to [0, 1] by their sample range; as in SAVI, the hyperparameters are estimated on
//     the first m = min(S, clamp(30 k, 60, 250)) samples (each likelihood evaluation costs m^3;
//     PSA draws are exchangeable, so the first m are a random subset), then the GP is conditioned
//     on all S samples (one S^3 factorisation: about a second at S = 2000).
// Parameters constant over the samples are dropped (they carry no information): a group with none
// left has EVPPI 0.
//
// Standard error: two parts, added as independent variances (law of total variance).
//   - Regression: the fitted values are uncertain given the samples. Strong et al. draw the
//     regression coefficients from their posterior and recompute EVPPI; here the same posterior
//     enters through the delta method, Var ~ sum_d w_d' V_d w_d with V_d the posterior covariance
//     of g_d at the samples and w_d(s) = (1{option d is best at s} - 1{d is best on average}) / S,
//     which needs no random numbers and no S x S factorisation (the draws ignore the covariance
//     between options' fits, as the voi package's draws do).
//   - Sampling: another set of S PSA draws gives another estimate even with g known:
//     var_s(max_d g_d(x_s) - g_d*(x_s)) / S, d* the option best on average.
// Both are first-order approximations; docs/economics.md ("Value of information") compares the
// standard error with the spread of the estimate over independent PSA samples. EVPI's standard
// error is its sampling part, from nb.
#include <Eigen/Core>

namespace pcnsim {

struct VoiEstimate {
    double value = 0;
    double standard_error = 0;
};

// Both throw std::invalid_argument for no options, fewer than 4 samples, sizes that do not match or
// a value that is not finite.
VoiEstimate evpi(const Eigen::MatrixXd& nb);
VoiEstimate evppi(const Eigen::MatrixXd& nb, const Eigen::MatrixXd& x_group);

// The multiplier from EVPI per decision to a population: pcns x sum_{y=0}^{years-1} (1 + r)^-y.
// Convention: the decision is taken afresh each year for `years` years in each of `pcns` PCNs, the
// first year undiscounted, and the per-decision EVPI is the value for one PCN over the simulated
// horizon. Throws std::invalid_argument for negative pcns or years, or r <= -1.
double population_evpi_factor(double pcns, int years, double discount_rate);

}  // namespace pcnsim
