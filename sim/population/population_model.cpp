// Probabilities of patient attributes by age, sex and deprivation. Age shapes are relative weights
// (assumption, declared as parameters in population_shapes.cpp and documented in
// docs/parameters.md) normalised over the reference England-like population so that the national
// prevalence parameters are reproduced for an England-like list.
#include <algorithm>
#include <cmath>
#include <string>

#include "sim/population/population.hpp"
#include "sim/population/population_shapes.hpp"

namespace pcnsim {
namespace {

constexpr int kRespiratoryIndex = 2;  // kConditionNames

template <class F>
double reference_mean(const AgeSexWeights& w, F&& f, int min_age) {
    double num = 0, den = 0;
    for (int a = min_age; a <= kMaxAge; ++a) {
        const double weight = w[static_cast<std::size_t>(a)][0] + w[static_cast<std::size_t>(a)][1];
        num += weight * f(a);
        den += weight;
    }
    return num / den;
}

}  // namespace

PopulationModel::PopulationModel(const Parameters& p) : params(p), age_sex_weights(england_age_sex_weights(p)) {
    prevalence = {p.get("prevalence.obesity"), p.get("prevalence.anxiety_depression"), p.get("prevalence.respiratory"),
                  p.get("prevalence.diabetes"), p.get("prevalence.chronic_pain")};
    // Geometric steps from least to most deprived, scaled to mean 1 over equal quintiles.
    const double step = std::pow(p.get("prevalence.deprivation_ratio_q1_vs_q5"), 1.0 / (kImdQuintiles - 1));
    double sum = 0;
    for (int q = 1; q <= kImdQuintiles; ++q) sum += (deprivation[static_cast<std::size_t>(q - 1)] = std::pow(step, 3 - q));
    for (auto& d : deprivation) d *= kImdQuintiles / sum;
    for (int c = 0; c < kConditionCount; ++c)
        for (int b = 0; b < kConditionAgeBands; ++b) {
            const auto band = c == kRespiratoryIndex ? kRespiratoryAgeBandNames[b] : kAdultConditionAgeBandNames[b];
            condition_age_shapes[static_cast<std::size_t>(c)][static_cast<std::size_t>(b)] =
                p.get("population.condition_age_shape." + std::string(kConditionNames[c]) + "." + std::string(band));
        }
    // The prevalence parameter is for adults (respiratory: all ages): normalise each age shape over
    // the reference population of the same ages.
    for (int c = 0; c < kConditionCount; ++c)
        condition_age_norm[static_cast<std::size_t>(c)] = reference_mean(
            age_sex_weights, [this, c](int a) { return condition_age_shape(c, a); }, c == kRespiratoryIndex ? 0 : kAdultAge);
    frailty_50_64 = p.get("frailty.prevalence_50_64");
    frailty_split_50_64 = {p.get("population.frailty_split_50_64.mild"), p.get("population.frailty_split_50_64.moderate"),
                           p.get("population.frailty_split_50_64.severe")};
    frailty_mild = p.get("frailty.prevalence_65plus_mild");
    frailty_moderate = p.get("frailty.prevalence_65plus_moderate");
    frailty_severe = p.get("frailty.prevalence_65plus_severe");
    frailty_age_shape_65plus = {p.get("population.frailty_age_shape.65_74"), p.get("population.frailty_age_shape.75_84"),
                                p.get("population.frailty_age_shape.85plus")};
    frailty_age_norm = reference_mean(age_sex_weights, [this](int a) { return frailty_age_shape(a); }, 65);
    care_home_75_84 = p.get("care_home.share_75_84");
    care_home_85plus = p.get("care_home.share_85plus");
    meds_mid_adults = p.get("repeat_meds.share_4_9_adults");
    meds_high_adults = p.get("repeat_meds.share_10plus_adults");
    meds_mid_80plus = p.get("repeat_meds.share_4_9_80plus");
    meds_high_80plus = p.get("repeat_meds.share_10plus_80plus");
    meds_age_factor = {p.get("population.repeat_meds_age_factor.18_44"), p.get("population.repeat_meds_age_factor.45_64"),
                       p.get("population.repeat_meds_age_factor.65_79")};
    pam_mean = p.get("activation.mean_score");
    pam_deprivation_step = p.get("activation.deprivation_step");
    pam_multimorbidity_shift = p.get("activation.multimorbidity_shift");
    pam_setpoint_sd = p.get("activation.setpoint_sd");
    pam_transient_sd = p.get("activation.transient_sd");
    for (int l = 0; l < 4; ++l) pam_level_shares[static_cast<std::size_t>(l)] = p.get("activation.level_share_" + std::to_string(l + 1));
    activation_groups = reference_activation_groups();
    pam_latent_sd = std::hypot(pam_setpoint_sd, pam_transient_sd);
    pam_scale = PamScale(pam_level_shares, activation_groups, pam_latent_sd);
    propensity_shape = p.get("propensity.gamma_shape");
    propensity_transient_sd = p.get("propensity.transient_sd");
}

double PopulationModel::condition_age_shape(int condition, int age) const {
    const auto& shape = condition_age_shapes[static_cast<std::size_t>(condition)];
    if (condition == kRespiratoryIndex)  // asthma in children too
        return shape[age < 18 ? 0 : age < 45 ? 1 : age < 65 ? 2 : age < 75 ? 3 : 4];
    if (age < kAdultAge) return 0.0;
    return shape[age < 30 ? 0 : age < 45 ? 1 : age < 65 ? 2 : age < 75 ? 3 : 4];
}

double PopulationModel::frailty_age_shape(int age) const { return frailty_age_shape_65plus[age < 75 ? 0 : age < 85 ? 1 : 2]; }

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
        // Of frail 50-64s most are mildly frail (population.frailty_split_50_64: 75 / 20 / 5). The
        // split is normalised to sum to 1; the defaults' sum is exactly 1, so nothing is rounded.
        const double any = std::min(0.9, frailty_50_64 * dep);
        const auto& split = frailty_split_50_64;
        const double total = split[0] + split[1] + split[2];
        return {1 - any, any * split[0] / total, any * split[1] / total, any * split[2] / total};
    }
    const double scale = frailty_age_shape(age) / frailty_age_norm * dep;
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
        // Age gradient within 18-79 (population.repeat_meds_age_factor): younger adults take fewer.
        const double f = meds_age_factor[age < 45 ? 0 : age < 65 ? 1 : 2];
        mid = std::min(0.6, meds_mid_adults * f);
        high = std::min(0.3, meds_high_adults * f);
    }
    return {1 - mid - high, mid, high};
}

double PopulationModel::pam_setpoint_mean(int imd_quintile, int condition_count) const {
    return pam_mean + pam_deprivation_step * (3 - imd_quintile) + (condition_count >= 2 ? pam_multimorbidity_shift : 0.0);
}

std::vector<LatentGroup> PopulationModel::reference_activation_groups() const {
    // Adults of the reference list with equal IMD quintile shares, split by quintile and by
    // multimorbidity (two or more of the conditions and frailty, as synthesis counts them:
    // conditions and frailty are drawn independently given age and deprivation, and a care-home
    // resident is at least moderately frail).
    std::vector<LatentGroup> groups;
    for (int q = 1; q <= kImdQuintiles; ++q) {
        double adults = 0, multimorbid = 0;
        for (int a = kAdultAge; a <= kMaxAge; ++a) {
            const double w = age_sex_weights[static_cast<std::size_t>(a)][0] + age_sex_weights[static_cast<std::size_t>(a)][1];
            std::array<double, 3> count{1, 0, 0};  // P(0), P(1), P(2 or more) so far
            const auto add = [&count](double p) {
                count = {count[0] * (1 - p), count[1] * (1 - p) + count[0] * p, count[2] + count[1] * p};
            };
            for (int c = 0; c < kConditionCount; ++c) add(condition_probability(c, a, q));
            add(1.0 - frailty_distribution(a, q)[0] * (1.0 - care_home_probability(a)));
            adults += w;
            multimorbid += w * count[2];
        }
        const double share_multimorbid = multimorbid / adults;
        groups.push_back({1 - share_multimorbid, pam_setpoint_mean(q, 0)});
        groups.push_back({share_multimorbid, pam_setpoint_mean(q, 2)});
    }
    return groups;
}

AgeSexWeights england_age_sex_weights(const Parameters& p) {
    // Children 20% of the list; adult shares from PARAMETERS.md (registered adults 2019-21). These
    // band shares stay constants: they are the published structure of England's registered lists,
    // not assumptions. The female share by age and the thinning of the 80+ are assumptions, declared
    // as parameters (population_shapes.cpp).
    struct Band { int lo, hi; double share; };
    const Band bands[] = {{0, 4, 5.3}, {5, 9, 5.9}, {10, 14, 5.8}, {15, 17, 3.0},
                          {18, 19, 80 * 0.029}, {20, 29, 80 * 0.159}, {30, 39, 80 * 0.181},
                          {40, 49, 80 * 0.160}, {50, 59, 80 * 0.166}, {60, 69, 80 * 0.131},
                          {70, 79, 80 * 0.105}};
    AgeSexWeights w(kMaxAge + 1, {0.0, 0.0});
    const double female_0_64 = p.get("population.age_sex.female_share.0_64");
    const double female_65_79 = p.get("population.age_sex.female_share.65_79");
    const double female_80_89 = p.get("population.age_sex.female_share.80_89");
    const double female_90plus = p.get("population.age_sex.female_share.90plus");
    const auto female_share = [&](int a) { return a < 65 ? female_0_64 : a < 80 ? female_65_79 : a < 90 ? female_80_89 : female_90plus; };
    const auto put = [&](int a, double total) {
        w[static_cast<std::size_t>(a)] = {total * female_share(a), total * (1 - female_share(a))};
    };
    for (const auto& b : bands)
        for (int a = b.lo; a <= b.hi; ++a) put(a, b.share / (b.hi - b.lo + 1));
    // 80+ (6.9% of adults) declines geometrically with age (population.age_sex.ratio_per_year_80plus:
    // 15% fewer each year).
    const double ratio = p.get("population.age_sex.ratio_per_year_80plus");
    double norm = 0;
    for (int a = 80; a <= kMaxAge; ++a) norm += std::pow(ratio, a - 80);
    for (int a = 80; a <= kMaxAge; ++a) put(a, 80 * 0.069 * std::pow(ratio, a - 80) / norm);
    return w;
}

int five_year_band(int age) { return std::min(age / 5, kAgeBands5 - 1); }

}  // namespace pcnsim
