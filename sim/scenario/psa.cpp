#include "sim/scenario/psa.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/uniform.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "sim/core/rng.hpp"

namespace pcnsim {
namespace {

// Quantile of the prior truncated to [lo, hi], at u in (0, 1).
template <class Distribution>
double truncated_quantile(const Distribution& d, double lo, double hi, double u) {
    const double from = boost::math::cdf(d, lo), to = boost::math::cdf(d, hi);
    return std::clamp(boost::math::quantile(d, from + u * (to - from)), lo, hi);
}

}  // namespace

std::pair<double, double> prior_support(const Prior& p) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    switch (p.kind) {
        case PriorKind::beta: return {0.0, 1.0};
        case PriorKind::lognormal: return {0.0, inf};
        case PriorKind::uniform: return {p.a, p.b};
        case PriorKind::normal:
        case PriorKind::fixed: break;
    }
    return {-inf, inf};
}

double prior_quantile(const Prior& p, double lo, double hi, double u) {
    switch (p.kind) {
        case PriorKind::beta: return truncated_quantile(boost::math::beta_distribution<>(p.a, p.b), lo, hi, u);
        case PriorKind::lognormal:
            return truncated_quantile(boost::math::lognormal_distribution<>(std::log(p.a), p.b), std::max(lo, 1e-300), hi, u);
        case PriorKind::normal: return truncated_quantile(boost::math::normal_distribution<>(p.a, p.b), lo, hi, u);
        case PriorKind::uniform:
            return truncated_quantile(boost::math::uniform_distribution<>(p.a, p.b), std::max(lo, p.a), std::min(hi, p.b), u);
        case PriorKind::fixed: break;
    }
    return lo + u * (hi - lo);
}

double prior_log_density(const Prior& p, double x) {
    const auto [lo, hi] = prior_support(p);
    if (!(x >= lo && x <= hi)) return -std::numeric_limits<double>::infinity();
    switch (p.kind) {
        case PriorKind::beta: return std::log(boost::math::pdf(boost::math::beta_distribution<>(p.a, p.b), x));
        case PriorKind::lognormal: return std::log(boost::math::pdf(boost::math::lognormal_distribution<>(std::log(p.a), p.b), x));
        case PriorKind::normal: return -0.5 * (x - p.a) * (x - p.a) / (p.b * p.b);
        case PriorKind::uniform:
        case PriorKind::fixed: break;
    }
    return 0.0;  // flat within the bounds
}

double prior_quantile(const ParameterDeclaration& decl, double u) {
    return decl.prior.kind == PriorKind::fixed ? decl.default_value : prior_quantile(decl.prior, decl.min, decl.max, u);
}

namespace {

// Varied from its prior by the Latin hypercube: a prior that is not fixed, and a value the scenario
// does not set itself.
bool prior_varies(const Scenario& scenario, int index) {
    const auto& decl = parameter_declarations()[static_cast<std::size_t>(index)];
    if (decl.prior.kind == PriorKind::fixed) return false;
    return std::none_of(scenario.overrides.begin(), scenario.overrides.end(),
                        [&decl](const auto& o) { return o.first == decl.name || o.first == "parameters." + std::string(decl.name); });
}

// The posterior's parameters of each draw, from its resampled rows.
void apply_posterior(const PosteriorSamples& posterior, std::uint64_t seed, std::vector<Parameters>& out) {
    const auto rows = resample_posterior(posterior.weights, seed, static_cast<int>(out.size()));
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const auto& row = posterior.rows[static_cast<std::size_t>(rows[k])];
        for (std::size_t i = 0; i < posterior.names.size(); ++i) out[k].set(posterior.names[i], row[i]);
    }
}

}  // namespace

bool psa_varies(const Scenario& scenario, int index) {
    return (scenario.posterior && scenario.posterior->sets(index)) || prior_varies(scenario, index);
}

std::vector<Parameters> psa_parameter_draws(const Scenario& scenario, int draws) {
    std::vector<Parameters> out(static_cast<std::size_t>(draws), scenario.parameters);
    const auto& decls = parameter_declarations();
    const RunKey key{scenario.run.seed, 0};
    for (std::size_t j = 0; j < decls.size(); ++j) {
        if (!prior_varies(scenario, static_cast<int>(j))) continue;
        // Latin hypercube: draw k of parameter j lies in stratum order[k] of D equal strata of the
        // (truncated) prior's probability, at a uniform position within it.
        std::vector<std::pair<double, int>> order;
        for (int k = 0; k < draws; ++k) {
            Draws d(key, static_cast<std::uint32_t>(j), static_cast<std::uint32_t>(k), Stream::psa);
            order.emplace_back(d.uniform(), k);
        }
        std::sort(order.begin(), order.end());
        for (int k = 0; k < draws; ++k) {
            Draws d(key, static_cast<std::uint32_t>(j), static_cast<std::uint32_t>(k), Stream::psa, 1);
            const double u = (order[static_cast<std::size_t>(k)].second + d.uniform()) / draws;
            out[static_cast<std::size_t>(k)].set(decls[j].name, prior_quantile(decls[j], u));
        }
    }
    // Each parameter's column is keyed by its own index, so overwriting the posterior's columns
    // leaves the rest of the hypercube exactly as it is without a posterior.
    if (scenario.posterior) apply_posterior(*scenario.posterior, scenario.run.seed, out);
    return out;
}

}  // namespace pcnsim
