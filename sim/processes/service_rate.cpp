#include "sim/processes/service_rate.hpp"

#include <cmath>

#include "sim/population/population.hpp"

namespace pcnsim {
namespace {

double optional(const Parameters& p, const std::string& name, double fallback) {
    return Parameters::index_of(name) >= 0 ? p.get(name) : fallback;
}

}  // namespace

ServiceRate::ServiceRate(const Parameters& p, const std::string& prefix, double trait_loading)
    : log_rr_per_point_(p.get("activation.causal_share") * std::log(p.get("activation." + prefix + "_rr_per_10_points")) / 10.0),
      pam_reference_(p.get("activation.mean_score")) {
    for (std::size_t k = 0; k < activation_table_.size(); ++k)
        activation_table_[k] = std::exp(log_rr_per_point_ * (static_cast<double>(k) / kActivationGridPerPoint - pam_reference_));
    for (std::size_t k = 0; k < trait_table_.size(); ++k)
        trait_table_[k] = std::exp(trait_loading * (static_cast<double>(k) / kTraitGridPerSd - kActivationTraitLimit));
    // Age-sex shape, rescaled so that the reference England-like list has the national rate.
    const double female_ratio = optional(p, prefix + ".female_ratio_15_64", 1.0);
    std::array<double, kServiceAgeBands * 2> shape{};
    for (int b = 0; b < kServiceAgeBands; ++b)
        for (int s = 0; s < 2; ++s) {
            const bool working_age_female = s == 0 && b >= 2 && b <= 4;
            shape[static_cast<std::size_t>(b * 2 + s)] = p.get(prefix + ".age_shape." + kServiceAgeBandNames[b]) *
                                                         (working_age_female ? female_ratio : 1.0);
        }
    const auto ref = england_age_sex_weights(p);
    double expected = 0, total = 0;
    for (int a = 0; a <= kMaxAge; ++a)
        for (int s = 0; s < 2; ++s) {
            const double w = ref[static_cast<std::size_t>(a)][static_cast<std::size_t>(s)];
            expected += w * shape[static_cast<std::size_t>(service_age_band(a) * 2 + s)];
            total += w;
        }
    for (std::size_t k = 0; k < shape.size(); ++k)
        unnormalised_base_[k] = weekly_base_[k] = shape[k] * p.get(prefix + ".base_rate_per_year") / (expected / total) / 52.0;

    // Static multipliers for every combination of conditions, frailty, care home and IMD quintile.
    std::array<double, kConditionCount> condition_rr{};
    for (int c = 0; c < kConditionCount; ++c)
        condition_rr[static_cast<std::size_t>(c)] = optional(p, prefix + ".rr." + kConditionNames[c], 1.0);
    const std::array<double, 4> frailty_rr{1.0, optional(p, prefix + ".rr.frailty_mild", 1.0),
                                           optional(p, prefix + ".rr.frailty_moderate", 1.0),
                                           optional(p, prefix + ".rr.frailty_severe", 1.0)};
    const double care_home_rr = optional(p, prefix + ".rr.care_home", 1.0);
    const double deprivation_step = std::pow(optional(p, prefix + ".deprivation_rr_q1_vs_q5", 1.0), 1.0 / (kImdQuintiles - 1));
    for (int bits = 0; bits < 32; ++bits)
        for (int f = 0; f < 4; ++f)
            for (int home = 0; home < 2; ++home)
                for (int q = 1; q <= kImdQuintiles; ++q) {
                    double m = frailty_rr[static_cast<std::size_t>(f)] * (home ? care_home_rr : 1.0) *
                               std::pow(deprivation_step, kImdQuintiles - q);
                    for (int c = 0; c < kConditionCount; ++c)
                        if (bits & (1 << c)) m *= condition_rr[static_cast<std::size_t>(c)];
                    static_[static_cast<std::size_t>(((bits * 4 + f) * 2 + home) * kImdQuintiles + (q - 1))] = m;
                }
}

double ServiceRate::max_ratio_to(const ServiceRate& other) const {
    const auto max_ratio = [](const auto& x, const auto& y) {
        double m = 0;
        for (std::size_t k = 0; k < x.size(); ++k) m = std::max(m, x[k] / y[k]);
        return m;
    };
    // Table interpolation is linear between grid points, so the ratio of interpolants is bounded by
    // the largest ratio at the grid points.
    return max_ratio(weekly_base_, other.weekly_base_) * max_ratio(static_, other.static_) *
           max_ratio(activation_table_, other.activation_table_) * max_ratio(trait_table_, other.trait_table_);
}

void ServiceRate::normalise(const AgentStore& agents) {
    weekly_base_ = unnormalised_base_;
    std::array<double, kServiceAgeBands * 2> sum{}, count{};
    for (std::size_t i = 0; i < agents.size(); ++i) {
        const auto k = static_cast<std::size_t>(service_age_band(agents.age[i]) * 2 + static_cast<int>(agents.sex[i]));
        sum[k] += weekly_rate(agents, i) / weekly_base_[k];
        count[k] += 1;
    }
    for (std::size_t k = 0; k < sum.size(); ++k)
        if (sum[k] > 0) weekly_base_[k] = unnormalised_base_[k] * count[k] / sum[k];
}

}  // namespace pcnsim
