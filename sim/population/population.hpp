#pragma once
// A PCN's registered population: one profile per practice (age-sex counts, deprivation mix,
// condition prevalence scaling) and the agents drawn from those profiles.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/agent_store.hpp"
#include "sim/core/problems.hpp"
#include "sim/core/rng.hpp"
#include "sim/population/pam_scale.hpp"
#include "sim/population/population_shapes.hpp"
#include "sim/scenario/scenario.hpp"

namespace pcnsim {

inline constexpr int kAgeBands5 = 20;  // 0_4, 5_9, ..., 90_94, 95+ (the NHS Digital bands)

struct PracticeProfile {
    std::string code;
    std::array<std::array<std::uint32_t, kAgeBands5>, 2> counts{};  // [sex][5-year band], exact
    std::array<double, kImdQuintiles> imd_share{0.2, 0.2, 0.2, 0.2, 0.2};  // quintile 1 = most deprived
    std::array<double, kConditionCount> prevalence_scale{1, 1, 1, 1, 1};
    std::uint32_t first_agent = 0;  // agents of a practice occupy consecutive slots
    std::uint32_t list_size = 0;

    double counts_total() const {
        double n = 0;
        for (const auto& sex : counts)
            for (const auto c : sex) n += c;
        return n;
    }
};

struct Population {
    std::vector<PracticeProfile> practices;
    AgentStore agents;
};

// Single-year age-sex weights of an England-like registered list: [age 0..kMaxAge][sex].
using AgeSexWeights = std::vector<std::array<double, 2>>;

// Condition, frailty, medication and activation probabilities by age, sex and deprivation, from the
// parameter table. Shared by the initial synthesis and by new registrations.
struct PopulationModel {
    explicit PopulationModel(const Parameters& p);
    double condition_probability(int condition, int age, int imd_quintile) const;
    std::array<double, 4> frailty_distribution(int age, int imd_quintile) const;  // fit, mild, moderate, severe
    double care_home_probability(int age) const;
    std::array<double, 3> repeat_meds_distribution(int age) const;  // 0-3, 4-9, 10+
    double deprivation_factor(int imd_quintile) const { return deprivation[static_cast<std::size_t>(imd_quintile - 1)]; }
    // The set point's mean on the latent activation scale (pam_scale.hpp).
    double pam_setpoint_mean(int imd_quintile, int condition_count) const;
    // The reference England-like adult population's latent activation: one normal group per IMD
    // quintile and multimorbidity (SD pam_latent_sd), which places the PAM scale's knots.
    std::vector<LatentGroup> reference_activation_groups() const;
    // Relative prevalence of a condition at an age (0 below 18 for the adult conditions), before
    // normalisation (population.condition_age_shape.*).
    double condition_age_shape(int condition, int age) const;
    // Relative frailty among 65+ at an age (population.frailty_age_shape.*).
    double frailty_age_shape(int age) const;

    Parameters params;
    // The England-like reference list of these parameters (england_age_sex_weights(params)): the
    // synthetic lists' structure, single years of age within a 5-year band, and the reference the
    // age shapes are normalised over.
    AgeSexWeights age_sex_weights;
    std::array<double, kConditionCount> prevalence{};
    // Age shapes by band: adult conditions 18-29, 30-44, 45-64, 65-74, 75+; respiratory 0-17,
    // 18-44, 45-64, 65-74, 75+ (population_shapes.hpp).
    std::array<std::array<double, kConditionAgeBands>, kConditionCount> condition_age_shapes{};
    std::array<double, kConditionCount> condition_age_norm{};
    std::array<double, kImdQuintiles> deprivation{};  // mean 1 over quintiles
    double frailty_50_64 = 0, frailty_mild = 0, frailty_moderate = 0, frailty_severe = 0, frailty_age_norm = 1;
    std::array<double, 3> frailty_split_50_64{};       // mild, moderate, severe (relative)
    std::array<double, 3> frailty_age_shape_65plus{};  // 65-74, 75-84, 85+
    double care_home_75_84 = 0, care_home_85plus = 0;
    double meds_mid_adults = 0, meds_high_adults = 0, meds_mid_80plus = 0, meds_high_80plus = 0;
    std::array<double, 3> meds_age_factor{};  // 18-44, 45-64, 65-79
    double pam_mean = 0, pam_deprivation_step = 0, pam_multimorbidity_shift = 0, pam_setpoint_sd = 0, pam_transient_sd = 0;
    double propensity_shape = 1, propensity_transient_sd = 0;
    std::array<double, 4> pam_level_shares{};
    std::vector<LatentGroup> activation_groups;
    double pam_latent_sd = 1;
    PamScale pam_scale;
};

// Single-year age-sex weights of an England-like registered list (the default synthetic PCN and the
// reference population that base rates are scaled against), from the parameters' female share by
// age and thinning of the 80+ (population.age_sex.*); the band shares are constants (published).
AgeSexWeights england_age_sex_weights(const Parameters& p);
int five_year_band(int age);

// Draws every attribute of the patient in slot `i` of practice `p` whose age and sex are given.
void synthesise_patient(const PopulationModel& model, const PracticeProfile& practice, std::uint16_t practice_index,
                        int age, Sex sex, Draws& draws, AgentStore& agents, std::uint32_t i);
// Draws age and sex from the practice's list profile (new registrations); single years of age
// within a 5-year band are weighted like the model's reference list.
std::pair<int, Sex> draw_age_sex(const PopulationModel& model, const PracticeProfile& practice, Draws& draws);

struct PcnProfile {
    std::string code;
    std::vector<PracticeProfile> practices;
};

// The PCNs of the scenario's population source (synthetic or files): one unless the scenario has
// several (population.pcns, population.pcn_membership). Each PCN is simulated on its own.
std::vector<PcnProfile> build_pcn_profiles(const Scenario& scenario, const PopulationModel& model, Problems& problems);
// The practices of the first PCN (single-PCN tools and tests).
std::vector<PracticeProfile> build_practice_profiles(const Scenario& scenario, const PopulationModel& model,
                                                     Problems& problems);
// Practices and patients (their age-sex counts) of the PCNs, before any is drawn.
struct PopulationSize {
    std::uint64_t practices = 0, patients = 0;
};
PopulationSize population_size(const std::vector<PcnProfile>& pcns);
// Draws the agents: every practice's age-sex counts exactly, other attributes at random.
Population synthesise_population(std::vector<PracticeProfile> practices, const PopulationModel& model, const RunKey& key);

}  // namespace pcnsim
