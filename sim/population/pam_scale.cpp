#include "sim/population/pam_scale.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pcnsim {
namespace {

// Value of x where the increasing function f first reaches target (bisection to 1e-10).
template <class F>
double solve_increasing(F&& f, double target, double lo, double hi) {
    for (int k = 0; k < 200 && hi - lo > 1e-10; ++k) {
        const double mid = 0.5 * (lo + hi);
        (f(mid) < target ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

}  // namespace

double mixture_cdf(const std::vector<LatentGroup>& groups, double sd, double x) {
    double total = 0, weight = 0;
    for (const auto& g : groups) {
        total += g.weight * 0.5 * std::erfc(-(x - g.mean) / (sd * std::sqrt(2.0)));
        weight += g.weight;
    }
    return total / weight;
}

PamScale::PamScale(const std::array<double, 4>& level_shares, const std::vector<LatentGroup>& groups, double latent_sd) {
    if (groups.empty() || !(latent_sd > 0)) throw std::invalid_argument("PAM scale needs a latent distribution");
    double cumulative = 0;
    for (std::size_t k = 0; k < knots_.size(); ++k) {
        cumulative += level_shares[k];
        knots_[k] = solve_increasing([&](double x) { return mixture_cdf(groups, latent_sd, x); }, cumulative, -500.0, 600.0);
    }
}

}  // namespace pcnsim
