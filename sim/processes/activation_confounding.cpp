#include "sim/processes/activation_confounding.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
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
    double u = 0, mass = 0;
    std::array<double, kConfoundedServices.size()> causal{};  // per service
};
using LogRates = std::array<double, kConfoundedServices.size()>;

// Latent activation of a patient of group mean mu: set point mu + sd_s u, transient sd_t e at the
// measurement, then AR(1) towards the set point. Weeks at the middle of 13 four-week blocks stand
// for the year; the noise added since the measurement is integrated with a normal rule.
// The scores are the costly part, so each is used for every service at once.
std::vector<Point> quadrature(const PopulationModel& model, double phi_weekly, const LogRates& log_rr_per_point) {
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
                Point point{g, level, u, group.weight * u_rule.weights[a] * (hi - lo), {}};
                for (std::size_t b = 0; b < e_rule.nodes.size(); ++b) {
                    const double e = normal_quantile(lo + (hi - lo) * e_rule.nodes[b]);
                    for (int block = 0; block < 13; ++block) {
                        const double decay = decays[static_cast<std::size_t>(block)];
                        const double spread = sd_t * std::sqrt(1 - decay * decay);
                        for (std::size_t c = 0; c < z_rule.nodes.size(); ++c) {
                            const double score = scale.score(setpoint + decay * sd_t * e + spread * z_rule.nodes[c]);
                            const double w = e_rule.weights[b] * z_rule.weights[c] / 13.0;
                            for (std::size_t k = 0; k < point.causal.size(); ++k) point.causal[k] += w * std::exp(log_rr_per_point[k] * score);
                        }
                    }
                }
                points.push_back(point);
            }
        }
    }
    return points;
}

// log rate ratio of level 4 vs level 1 that a Poisson regression with group and level effects
// returns on one service's expected counts (exposure x expected rate per cell), by iterative
// proportional fitting of the two margins until the level effects settle.
double regression_log_ratio(const std::vector<Point>& points, std::size_t groups, std::size_t service, double loading) {
    std::vector<std::array<double, 4>> exposure(groups), events(groups);
    for (const auto& p : points) {
        exposure[p.group][static_cast<std::size_t>(p.level - 1)] += p.mass;
        events[p.group][static_cast<std::size_t>(p.level - 1)] += p.mass * p.causal[service] * std::exp(loading * p.u);
    }
    std::vector<double> alpha(groups, 0.0);
    std::array<double, 4> beta{};
    for (int iteration = 0; iteration < 500; ++iteration) {
        for (std::size_t g = 0; g < groups; ++g) {
            double y = 0, e = 0;
            for (std::size_t l = 0; l < 4; ++l) y += events[g][l], e += exposure[g][l] * std::exp(beta[l]);
            alpha[g] = std::log(y / e);
        }
        double moved = 0;
        for (std::size_t l = 0; l < 4; ++l) {
            double y = 0, e = 0;
            for (std::size_t g = 0; g < groups; ++g) y += events[g][l], e += exposure[g][l] * std::exp(alpha[g]);
            const double next = std::log(y / e);
            moved = std::max(moved, std::abs(next - beta[l]));
            beta[l] = next;
        }
        if (moved < 1e-13) break;
    }
    return beta[3] - beta[0];
}

ConfoundingFit fit_service(const std::vector<Point>& points, std::size_t groups, std::size_t service, double target_ratio) {
    ConfoundingFit fit;
    fit.target_ratio = target_ratio;
    fit.causal_ratio = std::exp(regression_log_ratio(points, groups, service, 0.0));
    // The ratio rises with the loading (level-4 adults have the higher trait), so bisection finds
    // it; the loading comes out negative: the trait that raises the set point lowers use.
    double lo = -3, hi = 3;
    for (int k = 0; k < 60; ++k) {
        const double mid = 0.5 * (lo + hi);
        (regression_log_ratio(points, groups, service, mid) > std::log(target_ratio) ? hi : lo) = mid;
    }
    fit.loading = 0.5 * (lo + hi);
    fit.fitted_ratio = std::exp(regression_log_ratio(points, groups, service, fit.loading));
    return fit;
}

}  // namespace

ConfoundingFits fit_confounding(const Parameters& p, const PopulationModel& model) {
    LogRates log_rr_per_point{}, rr_per_10{};
    for (std::size_t k = 0; k < kConfoundedServices.size(); ++k) {
        rr_per_10[k] = p.get("activation." + std::string(kConfoundedServices[k]) + "_rr_per_10_points");
        log_rr_per_point[k] = p.get("activation.causal_share") * std::log(rr_per_10[k]) / 10.0;
    }
    const auto points = quadrature(model, weekly_autocorrelation(p.get("activation.annual_autocorrelation")), log_rr_per_point);
    ConfoundingFits fits;
    for (std::size_t k = 0; k < kConfoundedServices.size(); ++k)
        fits.by_service[k] = fit_service(points, model.activation_groups.size(), k, std::pow(rr_per_10[k], kBarkerLevelGapPoints / 10.0));
    return fits;
}

const ConfoundingFit& ConfoundingFits::of(std::string_view service) const {
    for (std::size_t k = 0; k < kConfoundedServices.size(); ++k)
        if (kConfoundedServices[k] == service) return by_service[k];
    throw std::logic_error("no confounding fit for service " + std::string(service));
}

}  // namespace pcnsim
