#include "sim/population/population_shapes.hpp"

#include "sim/core/module.hpp"

namespace pcnsim {

// Long, but a table, not logic: one line per parameter the module owns.
const ModuleDeclaration& population_shapes_module() {
    using namespace declare;
    static constexpr std::string_view kShape = "relative weight";
    static constexpr std::string_view kObesity =
        "assumption: rises to a peak at 45-74 and falls after 75, like obesity by age in the Health Survey for England; "
        "relative weights, normalised over the reference adult list so that prevalence.obesity holds";
    static constexpr std::string_view kAnxiety =
        "assumption: falls with age; relative weights, normalised over the reference adult list so that "
        "prevalence.anxiety_depression holds";
    static constexpr std::string_view kRespiratory =
        "assumption: asthma in children and young adults, COPD rising after 65; relative weights, normalised over the "
        "whole reference list so that prevalence.respiratory holds";
    static constexpr std::string_view kDiabetes =
        "assumption: type 2 diabetes rare in young adults and rising steeply with age; relative weights, normalised over "
        "the reference adult list so that prevalence.diabetes holds";
    static constexpr std::string_view kPain =
        "assumption: rises with age; relative weights, normalised over the reference adult list so that "
        "prevalence.chronic_pain holds";
    static constexpr std::string_view kFrailtyAge =
        "assumption: frailty rises with age among 65+ (eFI, Clegg et al. 2016); relative weights, normalised over the "
        "reference 65+ list so that the 65+ frailty shares (frailty.prevalence_65plus_mild, _moderate, _severe) hold";
    static constexpr std::string_view kFrailtySplit =
        "assumption: most frail 50-64s are mildly frail (75 / 20 / 5); relative shares of frailty.prevalence_50_64, "
        "normalised to sum to 1";
    static constexpr std::string_view kMeds =
        "assumption: younger adults take fewer repeat medicines and 65-79s more (Payne et al. 2014 give adult and 80+ "
        "shares only); multiplies the adult shares (repeat_meds.share_4_9_adults, repeat_meds.share_10plus_adults)";
    static constexpr std::string_view kFemale =
        "assumption: women outlive men, so the female share of the England-like reference list rises with age "
        "(from 50% under 65 to 70% at 90+)";
    static const ModuleDeclaration m{
        .name = "population_shapes",
        .purpose = "the population model's shapes: condition prevalence and frailty by age, frailty levels of frail "
                   "50-64s, repeat medicines by age and the England-like reference list's assumptions",
        .parameters = {
            {"population.condition_age_shape.obesity.18_29", kShape, 0.7, 0.3, 1.5, fixed(), kObesity, kSamePopulation},
            {"population.condition_age_shape.obesity.30_44", kShape, 0.95, 0.5, 1.5, fixed(), kObesity, kSamePopulation},
            {"population.condition_age_shape.obesity.45_64", kShape, 1.15, 0.6, 2, fixed(), kObesity, kSamePopulation},
            {"population.condition_age_shape.obesity.65_74", kShape, 1.2, 0.6, 2, fixed(), kObesity, kSamePopulation},
            {"population.condition_age_shape.obesity.75plus", kShape, 0.9, 0.4, 1.5, fixed(), kObesity, kSamePopulation},
            {"population.condition_age_shape.anxiety_depression.18_29", kShape, 1.2, 0.6, 2, fixed(), kAnxiety, kSamePopulation},
            {"population.condition_age_shape.anxiety_depression.30_44", kShape, 1.1, 0.6, 2, fixed(), kAnxiety, kSamePopulation},
            {"population.condition_age_shape.anxiety_depression.45_64", kShape, 1.0, 0.5, 1.5, fixed(), kAnxiety, kSamePopulation},
            {"population.condition_age_shape.anxiety_depression.65_74", kShape, 0.8, 0.4, 1.5, fixed(), kAnxiety, kSamePopulation},
            {"population.condition_age_shape.anxiety_depression.75plus", kShape, 0.7, 0.3, 1.5, fixed(), kAnxiety, kSamePopulation},
            {"population.condition_age_shape.respiratory.0_17", kShape, 0.9, 0.4, 1.5, fixed(), kRespiratory, kSamePopulation},
            {"population.condition_age_shape.respiratory.18_44", kShape, 0.8, 0.4, 1.5, fixed(), kRespiratory, kSamePopulation},
            {"population.condition_age_shape.respiratory.45_64", kShape, 1.0, 0.5, 1.5, fixed(), kRespiratory, kSamePopulation},
            {"population.condition_age_shape.respiratory.65_74", kShape, 1.4, 0.7, 2.5, fixed(), kRespiratory, kSamePopulation},
            {"population.condition_age_shape.respiratory.75plus", kShape, 1.5, 0.7, 2.5, fixed(), kRespiratory, kSamePopulation},
            {"population.condition_age_shape.diabetes.18_29", kShape, 0.1, 0.02, 0.3, fixed(), kDiabetes, kSamePopulation},
            {"population.condition_age_shape.diabetes.30_44", kShape, 0.4, 0.15, 0.8, fixed(), kDiabetes, kSamePopulation},
            {"population.condition_age_shape.diabetes.45_64", kShape, 1.1, 0.6, 2, fixed(), kDiabetes, kSamePopulation},
            {"population.condition_age_shape.diabetes.65_74", kShape, 2.2, 1.2, 3.5, fixed(), kDiabetes, kSamePopulation},
            {"population.condition_age_shape.diabetes.75plus", kShape, 2.4, 1.2, 3.5, fixed(), kDiabetes, kSamePopulation},
            {"population.condition_age_shape.chronic_pain.18_29", kShape, 0.5, 0.2, 1, fixed(), kPain, kSamePopulation},
            {"population.condition_age_shape.chronic_pain.30_44", kShape, 0.8, 0.4, 1.5, fixed(), kPain, kSamePopulation},
            {"population.condition_age_shape.chronic_pain.45_64", kShape, 1.2, 0.6, 2, fixed(), kPain, kSamePopulation},
            {"population.condition_age_shape.chronic_pain.65_74", kShape, 1.4, 0.7, 2.5, fixed(), kPain, kSamePopulation},
            {"population.condition_age_shape.chronic_pain.75plus", kShape, 1.5, 0.7, 2.5, fixed(), kPain, kSamePopulation},
            {"population.frailty_age_shape.65_74", kShape, 0.6, 0.3, 1, fixed(), kFrailtyAge, kSamePopulation},
            {"population.frailty_age_shape.75_84", kShape, 1.3, 0.8, 2, fixed(), kFrailtyAge, kSamePopulation},
            {"population.frailty_age_shape.85plus", kShape, 2.0, 1.2, 3, fixed(), kFrailtyAge, kSamePopulation},
            {"population.frailty_split_50_64.mild", "share of frail 50-64s", 0.75, 0.5, 0.9, fixed(), kFrailtySplit, kSamePopulation},
            {"population.frailty_split_50_64.moderate", "share of frail 50-64s", 0.20, 0.05, 0.4, fixed(), kFrailtySplit, kSamePopulation},
            {"population.frailty_split_50_64.severe", "share of frail 50-64s", 0.05, 0.0, 0.15, fixed(), kFrailtySplit, kSamePopulation},
            {"population.repeat_meds_age_factor.18_44", "multiplier of the adult shares", 0.4, 0.2, 0.8, fixed(), kMeds, kSamePopulation},
            {"population.repeat_meds_age_factor.45_64", "multiplier of the adult shares", 1.0, 0.6, 1.5, fixed(), kMeds, kSamePopulation},
            {"population.repeat_meds_age_factor.65_79", "multiplier of the adult shares", 2.0, 1.2, 3, fixed(), kMeds, kSamePopulation},
            {"population.age_sex.female_share.0_64", "female share of that age", 0.5, 0.45, 0.55, fixed(), kFemale, kSamePopulation},
            {"population.age_sex.female_share.65_79", "female share of that age", 0.53, 0.48, 0.6, fixed(), kFemale, kSamePopulation},
            {"population.age_sex.female_share.80_89", "female share of that age", 0.6, 0.52, 0.68, fixed(), kFemale, kSamePopulation},
            {"population.age_sex.female_share.90plus", "female share of that age", 0.7, 0.6, 0.8, fixed(), kFemale, kSamePopulation},
            {"population.age_sex.ratio_per_year_80plus", "ratio of a year of age to the year before", 0.85, 0.75, 0.95, fixed(),
             "assumption: the 80+ (6.9% of registered adults) thin out by about 15% a year of age in the England-like reference list",
             kSamePopulation},
        },
    };
    return m;
}

}  // namespace pcnsim
