// Probabilities of patient attributes by age, sex and deprivation. Age shapes are relative weights
// (*assumption*, documented in docs/parameters.md) normalised over the reference England-like
// population so that the national prevalence parameters are reproduced for an England-like list.
#include <algorithm>
#include <cmath>

#include "sim/population/population.hpp"

namespace pcnsim {
namespace {

// Relative prevalence by age for each condition (adult conditions are 0 below 18).
double condition_age_shape(int condition, int age) {
    if (condition == 2) {  // respiratory: asthma in children too
        return age < 18 ? 0.9 : age < 45 ? 0.8 : age < 65 ? 1.0 : age < 75 ? 1.4 : 1.5;
    }
    if (age < kAdultAge) return 0.0;
    static constexpr double shape[kConditionCount][5] = {
        {0.7, 0.95, 1.15, 1.2, 0.9},  // obesity
        {1.2, 1.1, 1.0, 0.8, 0.7},    // anxiety/depression
        {0, 0, 0, 0, 0},              // (respiratory handled above)
        {0.1, 0.4, 1.1, 2.2, 2.4},    // diabetes
        {0.5, 0.8, 1.2, 1.4, 1.5},    // chronic pain
    };
    const int band = age < 30 ? 0 : age < 45 ? 1 : age < 65 ? 2 : age < 75 ? 3 : 4;
    return shape[condition][band];
}

// Relative frailty (any level) among 65+ by age.
double frailty_age_shape_65plus(int age) { return age < 75 ? 0.6 : age < 85 ? 1.3 : 2.0; }

template <class F>
double reference_mean(F&& f, int min_age) {
    const auto& w = england_age_sex_weights();
    double num = 0, den = 0;
    for (int a = min_age; a <= kMaxAge; ++a) {
        const double weight = w[static_cast<std::size_t>(a)][0] + w[static_cast<std::size_t>(a)][1];
        num += weight * f(a);
        den += weight;
    }
    return num / den;
}

}  // namespace

PopulationModel::PopulationModel(const Parameters& p) : params(p) {
    prevalence = {p.get("prevalence.obesity"), p.get("prevalence.anxiety_depression"), p.get("prevalence.respiratory"),
                  p.get("prevalence.diabetes"), p.get("prevalence.chronic_pain")};
    // Geometric steps from least to most deprived, scaled to mean 1 over equal quintiles.
    const double step = std::pow(p.get("prevalence.deprivation_ratio_q1_vs_q5"), 0.25);
    double sum = 0;
    for (int q = 1; q <= 5; ++q) sum += (deprivation[static_cast<std::size_t>(q - 1)] = std::pow(step, 3 - q));
    for (auto& d : deprivation) d *= 5.0 / sum;
    // The prevalence parameter is for adults (respiratory: all ages): normalise each age shape over
    // the reference population of the same ages.
    for (int c = 0; c < kConditionCount; ++c)
        condition_age_norm[static_cast<std::size_t>(c)] =
            reference_mean([c](int a) { return condition_age_shape(c, a); }, c == 2 ? 0 : kAdultAge);
    frailty_50_64 = p.get("frailty.prevalence_50_64");
    frailty_mild = p.get("frailty.prevalence_65plus_mild");
    frailty_moderate = p.get("frailty.prevalence_65plus_moderate");
    frailty_severe = p.get("frailty.prevalence_65plus_severe");
    frailty_age_norm = reference_mean(frailty_age_shape_65plus, 65);
    care_home_75_84 = p.get("care_home.share_75_84");
    care_home_85plus = p.get("care_home.share_85plus");
    meds_mid_adults = p.get("repeat_meds.share_4_9_adults");
    meds_high_adults = p.get("repeat_meds.share_10plus_adults");
    meds_mid_80plus = p.get("repeat_meds.share_4_9_80plus");
    meds_high_80plus = p.get("repeat_meds.share_10plus_80plus");
    pam_mean = p.get("activation.mean_score");
    pam_deprivation_step = p.get("activation.deprivation_step");
    pam_multimorbidity_shift = p.get("activation.multimorbidity_shift");
    pam_setpoint_sd = p.get("activation.setpoint_sd");
    pam_transient_sd = p.get("activation.transient_sd");
    propensity_shape = p.get("propensity.gamma_shape");
    propensity_transient_sd = p.get("propensity.transient_sd");
}

double PopulationModel::condition_probability(int condition, int age, int imd_quintile) const {
    const auto c = static_cast<std::size_t>(condition);
    const double p = prevalence[c] * condition_age_shape(condition, age) / condition_age_norm[c] *
                     deprivation_factor(imd_quintile);
    return std::clamp(p, 0.0, 1.0);
}

std::array<double, 4> PopulationModel::frailty_distribution(int age, int imd_quintile) const {
    if (age < 50) return {1, 0, 0, 0};
    const double dep = deprivation_factor(imd_quintile);
    if (age < 65) {
        // Of frail 50-64s most are mildly frail (*assumption*: 75 / 20 / 5).
        const double any = std::min(0.9, frailty_50_64 * dep);
        return {1 - any, any * 0.75, any * 0.20, any * 0.05};
    }
    const double scale = frailty_age_shape_65plus(age) / frailty_age_norm * dep;
    double mild = frailty_mild * scale;
    double moderate = frailty_moderate * scale;
    double severe = frailty_severe * scale;
    const double any = mild + moderate + severe;
    if (any > 0.95) {
        const double shrink = 0.95 / any;
        mild *= shrink, moderate *= shrink, severe *= shrink;
    }
    return {1 - mild - moderate - severe, mild, moderate, severe};
}

double PopulationModel::care_home_probability(int age) const {
    if (age >= 85) return care_home_85plus;
    if (age >= 75) return care_home_75_84;
    return 0.0;
}

std::array<double, 3> PopulationModel::repeat_meds_distribution(int age) const {
    if (age < kAdultAge) return {1, 0, 0};
    double mid, high;
    if (age >= 80) {
        mid = meds_mid_80plus;
        high = meds_high_80plus;
    } else {
        // Age gradient within 18-79 (*assumption*): younger adults take fewer.
        const double f = age < 45 ? 0.4 : age < 65 ? 1.0 : 2.0;
        mid = std::min(0.6, meds_mid_adults * f);
        high = std::min(0.3, meds_high_adults * f);
    }
    return {1 - mid - high, mid, high};
}

double PopulationModel::pam_setpoint_mean(int imd_quintile, int condition_count) const {
    return pam_mean + pam_deprivation_step * (3 - imd_quintile) + (condition_count >= 2 ? pam_multimorbidity_shift : 0.0);
}

const std::vector<std::array<double, 2>>& england_age_sex_weights() {
    static const auto weights = [] {
        // Children 20% of the list; adult shares from PARAMETERS.md (registered adults 2019-21).
        struct Band { int lo, hi; double share; };
        const Band bands[] = {{0, 4, 5.3}, {5, 9, 5.9}, {10, 14, 5.8}, {15, 17, 3.0},
                              {18, 19, 80 * 0.029}, {20, 29, 80 * 0.159}, {30, 39, 80 * 0.181},
                              {40, 49, 80 * 0.160}, {50, 59, 80 * 0.166}, {60, 69, 80 * 0.131},
                              {70, 79, 80 * 0.105}};
        std::vector<std::array<double, 2>> w(kMaxAge + 1, {0.0, 0.0});
        const auto female_share = [](int a) { return a < 65 ? 0.5 : a < 80 ? 0.53 : a < 90 ? 0.6 : 0.7; };
        const auto put = [&](int a, double total) {
            w[static_cast<std::size_t>(a)] = {total * female_share(a), total * (1 - female_share(a))};
        };
        for (const auto& b : bands)
            for (int a = b.lo; a <= b.hi; ++a) put(a, b.share / (b.hi - b.lo + 1));
        // 80+ (6.9% of adults) declines geometrically with age (*assumption*: 15% fewer each year).
        double norm = 0;
        for (int a = 80; a <= kMaxAge; ++a) norm += std::pow(0.85, a - 80);
        for (int a = 80; a <= kMaxAge; ++a) put(a, 80 * 0.069 * std::pow(0.85, a - 80) / norm);
        return w;
    }();
    return weights;
}

int five_year_band(int age) { return std::min(age / 5, kAgeBands5 - 1); }

}  // namespace pcnsim
