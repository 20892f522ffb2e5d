#include "sim/stats/emulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace pcnsim {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
const double kLogLengthMin = std::log(0.02), kLogLengthMax = std::log(20.0);
const double kLogRatioMin = std::log(1e-12), kLogRatioMax = std::log(10.0);
const double kLogSignalMin = std::log(1e-6), kLogSignalMax = std::log(1e3);
const double kLogNuggetMin = std::log(1e-10), kLogNuggetMax = std::log(1e2);

// Regressors (1, x) of each row.
Eigen::MatrixXd regressors(const Eigen::MatrixXd& x) {
    Eigen::MatrixXd h(x.rows(), x.cols() + 1);
    h.col(0).setOnes();
    h.rightCols(x.cols()) = x;
    return h;
}

// exp(-sum_k (a_k - b_k)^2 / l_k^2) for every row pair.
Eigen::MatrixXd correlation(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, const Eigen::VectorXd& length) {
    const Eigen::ArrayXd inv = length.array().inverse();
    const Eigen::MatrixXd as = a * inv.matrix().asDiagonal(), bs = b * inv.matrix().asDiagonal();
    const Eigen::VectorXd an = as.rowwise().squaredNorm(), bn = bs.rowwise().squaredNorm();
    Eigen::MatrixXd d2 = (-2.0 * as * bs.transpose()).colwise() + an;
    d2.rowwise() += bn.transpose();
    return (-d2.array().max(0.0)).exp().matrix();
}

// Cholesky with a growing diagonal jitter when the matrix is numerically singular.
bool factor(Eigen::MatrixXd k, Eigen::LLT<Eigen::MatrixXd>& llt) {
    const double base = 1e-12 * std::max(k.diagonal().mean(), 1e-300);
    for (int attempt = 0; attempt < 12; ++attempt) {
        if (attempt > 0) k.diagonal().array() += base * std::pow(10.0, attempt - 1);
        llt.compute(k);
        if (llt.info() == Eigen::Success) return true;
    }
    return false;
}

double log_det(const Eigen::LLT<Eigen::MatrixXd>& llt) {
    return 2.0 * llt.matrixLLT().diagonal().array().log().sum();
}

// The GLS pieces at given hyperparameters; with profile = true, K is the correlation A = R + g I and
// sigma2 is the REML estimate; otherwise K is the full covariance and sigma2 is given.
struct Gls {
    Eigen::LLT<Eigen::MatrixXd> k_llt, g_llt;
    Eigen::MatrixXd kinv_h;
    Eigen::VectorXd beta, alpha;
    double sigma2 = 0, neg_log_likelihood = kInfinity;
};

// Factors K and G = H' K^-1 H, which every output at the same inputs shares; false when either fails.
bool factor_gls(const Eigen::MatrixXd& k, const Eigen::MatrixXd& h, Gls& out) {
    if (!factor(k, out.k_llt)) return false;
    out.kinv_h = out.k_llt.solve(h);
    return factor(h.transpose() * out.kinv_h, out.g_llt);
}

// Beta, alpha, sigma2 (profiled) and the likelihood of one output with the factors in `out`.
void solve_gls(const Eigen::MatrixXd& h, const Eigen::VectorXd& y, bool profile, Gls& out) {
    out.beta = out.g_llt.solve(out.kinv_h.transpose() * y);
    const Eigen::VectorXd e = y - h * out.beta;
    out.alpha = out.k_llt.solve(e);
    const double q = e.dot(out.alpha);
    const auto n = static_cast<double>(y.size()), p = static_cast<double>(h.cols());
    const double terms = log_det(out.k_llt) + log_det(out.g_llt);
    if (profile) {
        out.sigma2 = std::max(q / (n - p), 1e-300);
        out.neg_log_likelihood = 0.5 * ((n - p) * std::log(out.sigma2) + terms + (n - p));
    } else {
        out.neg_log_likelihood = 0.5 * (terms + q);
    }
    out.neg_log_likelihood += 0.5 * (n - p) * std::log(2 * std::numbers::pi);
    if (!std::isfinite(out.neg_log_likelihood)) out.neg_log_likelihood = kInfinity;
}

Gls gls(const Eigen::MatrixXd& k, const Eigen::MatrixXd& h, const Eigen::VectorXd& y, bool profile) {
    Gls out;
    if (factor_gls(k, h, out)) solve_gls(h, y, profile, out);
    return out;
}

// The profiled REML negative log likelihood summed over outputs (the columns of y) that share the
// correlation matrix a, each with its own sigma2: one factorisation for all.
double shared_profiled_nll(const Eigen::MatrixXd& a, const Eigen::MatrixXd& h, const Eigen::MatrixXd& y) {
    Gls out;
    if (!factor_gls(a, h, out)) return kInfinity;
    double sum = 0;
    for (Eigen::Index c = 0; c < y.cols(); ++c) {
        solve_gls(h, y.col(c), true, out);
        sum += out.neg_log_likelihood;
    }
    return sum;
}

// Nelder-Mead simplex (standard coefficients), minimising f over a box: a point outside is moved to
// the box and pays a penalty on its distance, so the simplex returns inside. Deterministic.
template <class F>
Eigen::VectorXd nelder_mead(const F& f, Eigen::VectorXd start, const Eigen::VectorXd& lower, const Eigen::VectorXd& upper,
                            double& best) {
    const auto q = start.size();
    auto penalised = [&](const Eigen::VectorXd& p) {
        const Eigen::VectorXd inside = p.cwiseMax(lower).cwiseMin(upper);
        return f(inside) + 1e3 * (p - inside).squaredNorm();
    };
    std::vector<Eigen::VectorXd> simplex(static_cast<std::size_t>(q + 1), start);
    std::vector<double> value(simplex.size());
    for (Eigen::Index i = 0; i < q; ++i) simplex[static_cast<std::size_t>(i + 1)][i] += 0.5;  // half a unit on the log scale
    for (std::size_t i = 0; i < simplex.size(); ++i) value[i] = penalised(simplex[i]);
    const int max_evaluations = 200 * static_cast<int>(q + 1);
    int evaluations = static_cast<int>(simplex.size());
    std::vector<std::size_t> order(simplex.size());
    while (evaluations < max_evaluations) {
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return value[a] < value[b]; });
        const std::size_t lo = order.front(), hi = order.back(), second = order[order.size() - 2];
        double size = 0;
        for (const auto& v : simplex) size = std::max(size, (v - simplex[lo]).cwiseAbs().maxCoeff());
        if (size < 1e-4 && value[hi] - value[lo] < 1e-8) break;
        Eigen::VectorXd centroid = Eigen::VectorXd::Zero(q);
        for (std::size_t i = 0; i < simplex.size(); ++i)
            if (i != hi) centroid += simplex[i];
        centroid /= static_cast<double>(q);
        const Eigen::VectorXd reflected = centroid + (centroid - simplex[hi]);
        const double fr = penalised(reflected);
        ++evaluations;
        if (fr < value[lo]) {
            const Eigen::VectorXd expanded = centroid + 2.0 * (centroid - simplex[hi]);
            const double fe = penalised(expanded);
            ++evaluations;
            if (fe < fr) simplex[hi] = expanded, value[hi] = fe;
            else simplex[hi] = reflected, value[hi] = fr;
        } else if (fr < value[second]) {
            simplex[hi] = reflected, value[hi] = fr;
        } else {
            const bool outside = fr < value[hi];
            const Eigen::VectorXd contracted = outside ? Eigen::VectorXd(centroid + 0.5 * (reflected - centroid))
                                                       : Eigen::VectorXd(centroid + 0.5 * (simplex[hi] - centroid));
            const double fc = penalised(contracted);
            ++evaluations;
            if (fc < std::min(fr, value[hi])) {
                simplex[hi] = contracted, value[hi] = fc;
            } else {  // shrink towards the best
                for (std::size_t i = 0; i < simplex.size(); ++i) {
                    if (i == lo) continue;
                    simplex[i] = simplex[lo] + 0.5 * (simplex[i] - simplex[lo]);
                    value[i] = penalised(simplex[i]);
                    ++evaluations;
                }
            }
        }
    }
    const auto at = static_cast<std::size_t>(std::min_element(value.begin(), value.end()) - value.begin());
    best = value[at];
    return simplex[at].cwiseMax(lower).cwiseMin(upper);
}

// The correlation matrix with the nugget ratio g on its diagonal: A = R + g I, stage 1's K.
Eigen::MatrixXd nugget_correlation(const Eigen::MatrixXd& x, const Eigen::VectorXd& length, double g) {
    Eigen::MatrixXd a = correlation(x, x, length);
    a.diagonal().array() += g;
    return a;
}

// The full covariance K = sigma2 R + diag(noise) + tau2 I, in standardised units.
Eigen::MatrixXd full_covariance(const Eigen::MatrixXd& x, const Eigen::VectorXd& length, double sigma2, const Eigen::VectorXd& noise,
                                double tau2) {
    Eigen::MatrixXd k = sigma2 * correlation(x, x, length);
    k.diagonal() += noise;
    k.diagonal().array() += tau2;
    return k;
}

struct Hyperparameters {
    Eigen::VectorXd log_length;  // where the simplex ended, so stage 2 starts from exactly that point
    Eigen::VectorXd length;
    double ratio = 0;            // stage 1's nugget as a share of the signal variance, g = tau2 / sigma2
    double sigma2 = 1, tau2 = 0;
};

// Stage 1: noise left to the nugget, sigma2 profiled out. Parameters: log l_k, log g. Profiling
// leaves the simplex one dimension fewer, and its fit is stage 2's start when noise is supplied.
// With several outputs (columns of y), one set of length scales and one g for all, each output
// with its own sigma2: the summed likelihood.
// With regression_priors, the negative log densities of the priors fit_shared() describes are
// added: 1.001 log g + 1 / g for g, 0.5 / l_k for each length scale.
Hyperparameters fit_profiled(const Eigen::MatrixXd& x, const Eigen::MatrixXd& h, const Eigen::MatrixXd& y,
                             bool regression_priors = false) {
    const auto d = x.cols();
    auto profiled = [&](const Eigen::VectorXd& p) {
        const double g = std::exp(p[d]);
        const double prior = regression_priors ? 1.001 * p[d] + 1.0 / g + 0.5 * (-p.head(d).array()).exp().sum() : 0.0;
        return shared_profiled_nll(nugget_correlation(x, p.head(d).array().exp().matrix(), g), h, y) + prior;
    };
    Eigen::VectorXd lower(d + 1), upper(d + 1);
    lower.head(d).setConstant(kLogLengthMin), upper.head(d).setConstant(kLogLengthMax);
    lower[d] = kLogRatioMin, upper[d] = kLogRatioMax;
    // Starts: short, medium and long length scales, with a matching guess at the nugget; the
    // likelihood can have several modes in the length scales, and a fit must not use random numbers.
    const double starts[3][2] = {{0.25, 1e-2}, {0.6, 1e-4}, {1.5, 1e-1}};
    Eigen::VectorXd best_p;
    double best = kInfinity;
    for (const auto& s : starts) {
        Eigen::VectorXd p(d + 1);
        p.head(d).setConstant(std::log(s[0]));
        p[d] = std::log(s[1]);
        double value = kInfinity;
        const Eigen::VectorXd found = nelder_mead(profiled, p, lower, upper, value);
        if (value < best) best = value, best_p = found;
    }
    if (!std::isfinite(best)) throw std::runtime_error("emulator: no hyperparameters give a finite likelihood");
    Hyperparameters hp;
    hp.log_length = best_p.head(d);
    hp.length = best_p.head(d).array().exp();
    hp.ratio = std::exp(best_p[d]);
    return hp;
}

// The REML sigma2 of one output at stage 1's length scales and ratio (the objective returns only
// the likelihood), and tau2 = g sigma2.
void profiled_scales(const Eigen::MatrixXd& x, const Eigen::MatrixXd& h, const Eigen::VectorXd& y, Hyperparameters& hp) {
    hp.sigma2 = gls(nugget_correlation(x, hp.length, hp.ratio), h, y, true).sigma2;
    hp.tau2 = hp.ratio * hp.sigma2;
}

// Stage 2, with supplied noise: (log l_k, log sigma2, log tau2) on the full covariance, since sigma2
// no longer factors out. Keeps stage 1's values when no finite likelihood is found.
void refit_with_noise(const Eigen::MatrixXd& x, const Eigen::MatrixXd& h, const Eigen::VectorXd& y, const Eigen::VectorXd& noise,
                      Hyperparameters& hp) {
    const auto d = x.cols();
    auto full = [&](const Eigen::VectorXd& p) {
        return gls(full_covariance(x, p.head(d).array().exp().matrix(), std::exp(p[d]), noise, std::exp(p[d + 1])), h, y, false)
            .neg_log_likelihood;
    };
    Eigen::VectorXd lo2(d + 2), hi2(d + 2), p(d + 2);
    lo2.head(d).setConstant(kLogLengthMin), hi2.head(d).setConstant(kLogLengthMax);
    lo2[d] = kLogSignalMin, hi2[d] = kLogSignalMax, lo2[d + 1] = kLogNuggetMin, hi2[d + 1] = kLogNuggetMax;
    p.head(d) = hp.log_length;
    p[d] = std::log(std::clamp(hp.sigma2, 1e-6, 1e3));
    // The stage-1 nugget held all the noise: keep what the supplied noise does not explain.
    p[d + 1] = std::log(std::clamp(hp.tau2 - noise.mean(), 1e-8, 1e2));
    double value = kInfinity;
    p = nelder_mead(full, p, lo2, hi2, value);
    if (std::isfinite(value)) {
        hp.length = p.head(d).array().exp();
        hp.sigma2 = std::exp(p[d]), hp.tau2 = std::exp(p[d + 1]);
    }
}

void check_design_size(Eigen::Index n, Eigen::Index d) {
    if (n < d + 3)
        throw std::invalid_argument("emulator: " + std::to_string(n) + " design points for " + std::to_string(d) +
                                    " inputs; at least inputs + 3 are needed");
}

}  // namespace

Emulator Emulator::fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& noise_variance) {
    const auto n = x.rows(), d = x.cols();
    if (y.size() != n || noise_variance.size() != n)
        throw std::invalid_argument("emulator: x, y and noise_variance must have the same number of rows");
    check_design_size(n, d);
    Emulator em;
    em.x_ = x;
    em.standardise(y, noise_variance);
    const Eigen::MatrixXd h = regressors(x);

    Hyperparameters hp = fit_profiled(x, h, em.y_);
    profiled_scales(x, h, em.y_, hp);
    if (em.noise_.maxCoeff() > 0) refit_with_noise(x, h, em.y_, em.noise_, hp);
    em.length_ = std::move(hp.length);
    em.sigma2_ = hp.sigma2, em.tau2_ = hp.tau2;
    em.condition();
    return em;
}

std::vector<Emulator> Emulator::fit_shared(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, Eigen::Index subset) {
    const auto n = x.rows(), d = x.cols();
    if (y.rows() != n) throw std::invalid_argument("emulator: x and y must have the same number of rows");
    check_design_size(n, d);
    for (Eigen::Index c = 0; c < y.cols(); ++c)
        if (y.col(c).maxCoeff() == y.col(c).minCoeff()) throw std::invalid_argument("emulator: a constant output has no likelihood to share");
    const auto m = std::clamp<Eigen::Index>(subset, d + 3, n);
    std::vector<Emulator> out(static_cast<std::size_t>(y.cols()));
    Eigen::MatrixXd standardised(n, y.cols());
    for (Eigen::Index c = 0; c < y.cols(); ++c) {
        auto& em = out[static_cast<std::size_t>(c)];
        em.x_ = x;
        em.standardise(y.col(c), Eigen::VectorXd::Zero(n));
        standardised.col(c) = em.y_;
    }
    Hyperparameters hp = fit_profiled(x.topRows(m), regressors(x.topRows(m)), standardised.topRows(m), true);
    const Eigen::MatrixXd h = regressors(x);
    for (auto& em : out) {
        em.length_ = hp.length;
        profiled_scales(x, h, em.y_, hp);
        em.sigma2_ = hp.sigma2, em.tau2_ = hp.tau2;
        em.condition();
    }
    return out;
}

// Standardise so that the hyperparameter bounds mean the same for any output's units.
void Emulator::standardise(const Eigen::VectorXd& y, const Eigen::VectorXd& noise_variance) {
    shift_ = y.mean();
    const double var = (y.array() - shift_).square().sum() / static_cast<double>(std::max<Eigen::Index>(y.size() - 1, 1));
    scale_ = var > 0 ? std::sqrt(var) : 1.0;
    y_ = (y.array() - shift_) / scale_;
    noise_ = noise_variance.array().max(0.0) / (scale_ * scale_);
}

void Emulator::condition() {
    Gls final_fit = gls(full_covariance(x_, length_, sigma2_, noise_, tau2_), regressors(x_), y_, false);
    if (!std::isfinite(final_fit.neg_log_likelihood)) throw std::runtime_error("emulator: the fitted covariance cannot be factored");
    log_likelihood_ = -final_fit.neg_log_likelihood;
    k_llt_ = std::move(final_fit.k_llt), g_llt_ = std::move(final_fit.g_llt);
    beta_ = std::move(final_fit.beta), alpha_ = std::move(final_fit.alpha), kinv_h_ = std::move(final_fit.kinv_h);
}

Eigen::MatrixXd Emulator::cross_covariance(const Eigen::MatrixXd& x) const { return sigma2_ * correlation(x, x_, length_); }

void Emulator::predict(const Eigen::MatrixXd& x, Eigen::VectorXd& mean, Eigen::VectorXd& variance) const {
    const Eigen::MatrixXd r = cross_covariance(x);  // m x n
    const Eigen::MatrixXd h = regressors(x);         // m x p
    mean = (h * beta_ + r * alpha_).array() * scale_ + shift_;
    // sigma2 - r' K^-1 r + u' (H' K^-1 H)^-1 u, with u = h - H' K^-1 r: the last term is the
    // universal-kriging correction for estimating beta.
    const Eigen::MatrixXd v = k_llt_.matrixL().solve(r.transpose());  // n x m
    const Eigen::MatrixXd u = h.transpose() - kinv_h_.transpose() * r.transpose();
    const Eigen::MatrixXd w = g_llt_.matrixL().solve(u);               // p x m
    variance = ((sigma2_ - v.colwise().squaredNorm().array() + w.colwise().squaredNorm().array()).max(0.0) * scale_ * scale_)
                   .matrix()
                   .transpose();
}

Eigen::VectorXd Emulator::predict_mean(const Eigen::MatrixXd& x) const {
    return (regressors(x) * beta_ + cross_covariance(x) * alpha_).array() * scale_ + shift_;
}

double Emulator::variance_of_linear_combination(const Eigen::MatrixXd& x, const Eigen::VectorXd& w) const {
    // w' C w with C = sigma2 R(x, x) - r K^-1 r' + u' G^-1 u, the covariance whose diagonal predict()
    // returns (r = cross covariance, u = h' - H' K^-1 r', G = H' K^-1 H), as three quadratic forms.
    const Eigen::VectorXd rw = cross_covariance(x).transpose() * w;  // r' w: n
    const Eigen::VectorXd uw = regressors(x).transpose() * w - kinv_h_.transpose() * rw;
    const double prior = sigma2_ * w.dot(correlation(x, x, length_) * w);
    const double kriged = rw.dot(k_llt_.solve(rw));
    const double beta_term = uw.dot(g_llt_.solve(uw));
    return std::max(prior - kriged + beta_term, 0.0) * scale_ * scale_;
}

EmulatorPrediction Emulator::predict(const Eigen::VectorXd& x) const {
    Eigen::VectorXd m, v;
    predict(Eigen::MatrixXd(x.transpose()), m, v);
    return {m[0], v[0]};
}

double Emulator::nugget_variance() const { return (noise_.mean() + tau2_) * scale_ * scale_; }

Eigen::VectorXd Emulator::coefficients() const {
    Eigen::VectorXd b = beta_ * scale_;
    b[0] += shift_;
    return b;
}

EmulatorDiagnostics Emulator::diagnostics() const {
    // With P = K^-1 - K^-1 H (H' K^-1 H)^-1 H' K^-1, the leave-one-out residual is (P y)_i / P_ii
    // and its variance 1 / P_ii (Dubrule 1983, with beta re-estimated).
    const auto n = x_.rows();
    const Eigen::MatrixXd kinv = k_llt_.solve(Eigen::MatrixXd::Identity(n, n));
    const Eigen::MatrixXd p = kinv - kinv_h_ * g_llt_.solve(kinv_h_.transpose());
    const Eigen::VectorXd py = p * y_;
    EmulatorDiagnostics out;
    out.loo_standardised_error = py.array() / p.diagonal().array().sqrt();
    out.loo_coverage_95 = static_cast<double>((out.loo_standardised_error.array().abs() < 1.959963984540054).count()) /
                          static_cast<double>(n);
    return out;
}

}  // namespace pcnsim
