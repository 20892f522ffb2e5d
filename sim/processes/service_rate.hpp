#pragma once
// Weekly rate of one service (GP requests, A&E attendances, emergency admissions) for one patient:
//   base(age band, sex) x conditions x frailty x care home x deprivation x propensity x activation.
// Multipliers are relative: at start-up they are normalised so that the population's expected rate
// in each age-sex band equals base(age band, sex) (MODEL.md section 4.3), which keeps the baseline
// anchored to national rates whatever the mix. The activation gradient enters raised to
// activation.causal_share (MODEL.md section 5).
#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "sim/core/agent_store.hpp"
#include "sim/core/tally.hpp"
#include "sim/scenario/parameters.hpp"

namespace pcnsim {

class ServiceRate {
public:
    // prefix: "gp", "ae" or "admission"; reads <prefix>.base_rate_per_year, <prefix>.age_shape.*,
    // <prefix>.rr.*, <prefix>.deprivation_rr_q1_vs_q5 and activation.<prefix>_rr_per_10_points.
    // trait_loading: the log rate ratio per SD of the activation-use trait (activation_confounding.hpp).
    ServiceRate(const Parameters& p, const std::string& prefix, double trait_loading = 0.0);

    void normalise(const AgentStore& agents);

    double weekly_rate(const AgentStore& a, std::size_t i) const {
        const int band = service_age_band(a.age[i]);
        const double activation =
            a.age[i] >= kAdultAge ? activation_multiplier(a.pam_score[i]) * trait_multiplier(a.activation_trait[i]) : 1.0;
        return weekly_base_[static_cast<std::size_t>(band * 2 + static_cast<int>(a.sex[i]))] * static_multiplier(a, i) *
               a.propensity[i] * activation;
    }

    // exp(causal_share x ln(rr per 10 points) x (score - mean) / 10), interpolated in a table on a
    // half-point grid (relative error below 2e-6): the exponential per patient-week was a hot spot.
    double activation_multiplier(float score) const {
        const double x = static_cast<double>(score) * kActivationGridPerPoint;
        const auto k = std::min(static_cast<std::size_t>(x), activation_table_.size() - 2);
        const double f = x - static_cast<double>(k);
        return activation_table_[k] + f * (activation_table_[k + 1] - activation_table_[k]);
    }

    // exp(loading x trait), interpolated like the activation multiplier.
    double trait_multiplier(float trait) const {
        const double x = (static_cast<double>(trait) + kActivationTraitLimit) * kTraitGridPerSd;
        const auto k = std::min(static_cast<std::size_t>(std::max(x, 0.0)), trait_table_.size() - 2);
        const double f = x - static_cast<double>(k);
        return trait_table_[k] + f * (trait_table_[k + 1] - trait_table_[k]);
    }

    // An upper bound on this rate / other's rate over every patient (every age band, sex, condition
    // mix and PAM score), for exact fast paths that skip computing `other`.
    double max_ratio_to(const ServiceRate& other) const;


private:
    double static_multiplier(const AgentStore& a, std::size_t i) const {
        const std::size_t index = ((static_cast<std::size_t>(a.conditions[i]) * 4 + static_cast<std::size_t>(a.frailty[i])) * 2 +
                                   a.care_home[i]) * kImdQuintiles + (a.imd_quintile[i] - 1u);
        return static_[index];
    }

    static constexpr double kActivationGridPerPoint = 2.0;
    static constexpr double kTraitGridPerSd = 16.0;
    std::array<double, static_cast<std::size_t>(2 * kActivationTraitLimit * kTraitGridPerSd) + 2> trait_table_{};
    std::array<double, 202> activation_table_{};  // scores 0, 0.5, ..., 100 (and one spare)
    double log_rr_per_point_;
    double pam_reference_;
    std::array<double, kServiceAgeBands * 2> unnormalised_base_{};
    std::array<double, kServiceAgeBands * 2> weekly_base_{};
    std::array<double, 32 * 4 * 2 * kImdQuintiles> static_{};
};

}  // namespace pcnsim
