#pragma once
// The shapes of the population model (population_model.cpp) as declared parameters: relative
// condition prevalence by age, relative frailty by age among 65+, the frailty levels of frail
// 50-64s, the repeat-medication gradient within 18-79 and the assumptions of the England-like
// reference list (the female share by age and the thinning of the 80+). Each is an assumption
// with a fixed prior (not varied in PSA; a calibration config may give it a prior) and must be the
// same in every compared scenario (they make the population). They are declared in a module of
// their own, the last of the catalogue, so that no earlier parameter's PSA draws move.
#include <string_view>

namespace pcnsim {

struct ModuleDeclaration;
const ModuleDeclaration& population_shapes_module();

// The bands of population.condition_age_shape.<condition>.<band>.
inline constexpr int kConditionAgeBands = 5;
inline constexpr std::string_view kAdultConditionAgeBandNames[kConditionAgeBands] = {"18_29", "30_44", "45_64", "65_74", "75plus"};
inline constexpr std::string_view kRespiratoryAgeBandNames[kConditionAgeBands] = {"0_17", "18_44", "45_64", "65_74", "75plus"};

}  // namespace pcnsim
