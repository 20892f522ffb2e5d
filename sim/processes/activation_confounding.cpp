#include "sim/processes/activation_confounding.hpp"

#include <Eigen/Eigenvalues>
#include <array>
#include <cmath>
#include <vector>

#include "sim/core/distributions.hpp"
#include "sim/processes/processes.hpp"

namespace pcnsim {
namespace {

struct Rule {
    std::vector<double> nodes, weights;
};

// Gauss-Hermite rule for the standard normal (Golub-Welsch: the nodes are the eigenvalues of the
// Jacobi matrix of the probabilists' Hermite polynomials, the weights the squared first components).
Rule normal_rule(int n) {
    Eigen::MatrixXd jacobi = Eigen::MatrixXd::Zero(n, n);
    for (int k = 1; k < n; ++k) jacobi(k, k - 1) = jacobi(k - 1, k) = std::sqrt(static_cast<double>(k));
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(jacobi);
    Rule r;
    for (int k = 0; k < n; ++k) {
        r.nodes.push_back(solver.eigenvalues()(k));
        r.weights.push_back(solver.eigenvectors()(0, k) * solver.eigenvectors()(0, k));
    }
    return r;
}

// Gauss-Legendre rule on [0, 1] (Golub-Welsch as above, for the Legendre recurrence).
Rule unit_rule(int n) {
    Eigen::MatrixXd jacobi = Eigen::MatrixXd::Zero(n, n);
    for (int k = 1; k < n; ++k) jacobi(k, k - 1) = jacobi(k - 1, k) = k / std::sqrt(4.0 * k * k - 1.0);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(jacobi);
    Rule r;
    for (int k = 0; k < n; ++k) {
        r.nodes.push_back(0.5 * (solver.eigenvalues()(k) + 1.0));
        r.weights.push_back(solver.eigenvectors()(0, k) * solver.eigenvectors()(0, k));
    }
    return r;
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// One point of the quadrature: a set-point deviation u with the probability of its cell (group x
// level) it carries, and the causal rate multiplier averaged over the year after the level was seen.
struct Point {
    std::size_t group = 0;
    int level = 0;
    double u = 0, mass = 0, causal = 0;
};

// Latent activation of a patient of group mean mu: set point mu + sd_s u, transient sd_t e at the
// measurement, then AR(1) towards the set point. Weeks at the middle of 13 four-week blocks stand
// for the year; the noise added since the measurement is integrated with a normal rule.
std::vector<Point> quadrature(const PopulationModel& model, double phi_weekly, double log_rr_per_point) {
    const Rule u_rule = normal_rule(24), e_rule = unit_rule(8), z_rule = normal_rule(8);
    const auto& scale = model.pam_scale;
    const double sd_s = model.pam_setpoint_sd, sd_t = model.pam_transient_sd;
    std::array<double, 5> bounds{-1e300, 0, 0, 0, 1e300};
    for (int k = 0; k < 3; ++k) bounds[static_cast<std::size_t>(k + 1)] = scale.latent_bounds()[static_cast<std::size_t>(k)];
    std::array<double, 13> decays{};
    for (int block = 0; block < 13; ++block) decays[static_cast<std::size_t>(block)] = std::pow(phi_weekly, 4 * block + 2);
    std::vector<Point> points;
    for (std::size_t g = 0; g < model.activation_groups.size(); ++g) {
        const auto& group = model.activation_groups[g];
        for (std::size_t a = 0; a < u_rule.nodes.size(); ++a) {
            const double u = u_rule.nodes[a];
            const double setpoint = group.mean + sd_s * u;
            for (int level = 1; level <= 4; ++level) {
                // The transient's share of the level: e in [lo, hi] on the CDF scale.
                const double lo = normal_cdf((bounds[static_cast<std::size_t>(level - 1)] - setpoint) / sd_t);
                const double hi = normal_cdf((bounds[static_cast<std::size_t>(level)] - setpoint) / sd_t);
                if (hi - lo < 1e-14) continue;
                double causal = 0;
                for (std::size_t b = 0; b < e_rule.nodes.size(); ++b) {
                    const double e = normal_quantile(lo + (hi - lo) * e_rule.nodes[b]);
                    double year = 0;
                    for (int block = 0; block < 13; ++block) {
                        const double decay = decays[static_cast<std::size_t>(block)];
                        const double spread = sd_t * std::sqrt(1 - decay * decay);
                        for (std::size_t c = 0; c < z_rule.nodes.size(); ++c)
                            year += z_rule.weights[c] *
                                    std::exp(log_rr_per_point * scale.score(setpoint + decay * sd_t * e + spread * z_rule.nodes[c]));
                    }
                    causal += e_rule.weights[b] * year / 13.0;
                }
                points.push_back({g, level, u, group.weight * u_rule.weights[a] * (hi - lo), causal});
            }
        }
    }
    return points;
}

// log rate ratio of level 4 vs level 1 that a Poisson regression with group and level effects
// returns on the expected counts (exposure x expected rate per cell), by iterative proportional
// fitting of the two margins.
double regression_log_ratio(const std::vector<Point>& points, std::size_t groups, double loading) {
    std::vector<std::array<double, 4>> exposure(groups), events(groups);
    for (const auto& p : points) {
        exposure[p.group][static_cast<std::size_t>(p.level - 1)] += p.mass;
        events[p.group][static_cast<std::size_t>(p.level - 1)] += p.mass * p.causal * std::exp(loading * p.u);
    }
    std::vector<double> alpha(groups, 0.0);
    std::array<double, 4> beta{};
    for (int iteration = 0; iteration < 200; ++iteration) {
        for (std::size_t g = 0; g < groups; ++g) {
            double y = 0, e = 0;
            for (std::size_t l = 0; l < 4; ++l) y += events[g][l], e += exposure[g][l] * std::exp(beta[l]);
            alpha[g] = std::log(y / e);
        }
        for (std::size_t l = 0; l < 4; ++l) {
            double y = 0, e = 0;
            for (std::size_t g = 0; g < groups; ++g) y += events[g][l], e += exposure[g][l] * std::exp(alpha[g]);
            beta[l] = std::log(y / e);
        }
    }
    return beta[3] - beta[0];
}

}  // namespace

ConfoundingFit fit_confounding(const Parameters& p, const PopulationModel& model, const std::string& prefix) {
    const double rr_per_10 = p.get("activation." + prefix + "_rr_per_10_points");
    const double log_rr_per_point = p.get("activation.causal_share") * std::log(rr_per_10) / 10.0;
    const double phi = weekly_autocorrelation(p.get("activation.annual_autocorrelation"));
    const auto points = quadrature(model, phi, log_rr_per_point);
    const std::size_t groups = model.activation_groups.size();
    ConfoundingFit fit;
    fit.target_ratio = std::pow(rr_per_10, kBarkerLevelGapPoints / 10.0);
    fit.causal_ratio = std::exp(regression_log_ratio(points, groups, 0.0));
    // The ratio rises with the loading (level-4 adults have the higher trait), so bisection finds
    // it; the loading comes out negative: the trait that raises the set point lowers use.
    double lo = -3, hi = 3;
    for (int k = 0; k < 60; ++k) {
        const double mid = 0.5 * (lo + hi);
        (regression_log_ratio(points, groups, mid) > std::log(fit.target_ratio) ? hi : lo) = mid;
    }
    fit.loading = 0.5 * (lo + hi);
    fit.fitted_ratio = std::exp(regression_log_ratio(points, groups, fit.loading));
    return fit;
}

}  // namespace pcnsim
