#pragma once
// Struct-of-arrays agent store: one compact array per attribute, indexed by agent slot 0..N-1.
// The list size is constant: a patient who dies or deregisters is replaced in the same slot by a new
// registration, so slots (and with them the RNG keys) stay stable for the whole run.
#include <array>
#include <cstdint>
#include <vector>

namespace pcnsim {

enum Condition : std::uint8_t {
    kObesity = 1u << 0,
    kAnxietyDepression = 1u << 1,
    kRespiratory = 1u << 2,
    kDiabetes = 1u << 3,
    kChronicPain = 1u << 4,
};
inline constexpr int kConditionCount = 5;
inline constexpr const char* kConditionNames[kConditionCount] = {
    "obesity", "anxiety_depression", "respiratory", "diabetes", "chronic_pain"};

enum class Frailty : std::uint8_t { fit = 0, mild = 1, moderate = 2, severe = 3 };
enum class Sex : std::uint8_t { female = 0, male = 1 };

inline constexpr int kAdultAge = 18;
inline constexpr int kMaxAge = 105;

// PAM-13 level cut-points: level 1 <= 47.0, level 2 <= 55.1, level 3 <= 67.0, level 4 above.
// Branch-free: levels are evenly mixed, so a chain of comparisons is mispredicted every few patients.
inline int pam_level(float score) {
    return 1 + static_cast<int>(score > 47.0f) + static_cast<int>(score > 55.1f) + static_cast<int>(score > 67.0f);
}

struct AgentStore {
    // Who the patient is.
    std::vector<std::uint16_t> practice;
    std::vector<std::uint8_t> age;          // whole years
    std::vector<Sex> sex;
    std::vector<std::uint8_t> imd_quintile;  // 1 = most deprived
    std::vector<std::uint8_t> conditions;    // Condition bits
    std::vector<Frailty> frailty;
    std::vector<std::uint8_t> repeat_meds;
    std::vector<std::uint8_t> care_home;
    std::vector<std::int16_t> registered_week;  // week the current occupant of the slot registered

    // Heterogeneity and activation.
    std::vector<float> propensity_permanent;  // Gamma(shape, 1/shape): mean 1
    std::vector<float> propensity_transient;  // log scale, AR(1), mean -sd^2/2 so exp() has mean 1
    std::vector<float> propensity;            // permanent x exp(transient): the multiplier rates use
    std::vector<float> pam_score;
    std::vector<float> pam_setpoint;

    // Use of services in the last four 13-week quarters (current quarter included), saturating.
    std::vector<std::array<std::uint8_t, 4>> gp_history;
    std::vector<std::array<std::uint8_t, 4>> acute_history;  // A&E in the low nibble, admissions high

    // This week's events, written by one process and read by later ones in the same week.
    std::vector<std::uint8_t> gp_requests_week;
    std::vector<std::uint8_t> gp_appointments_week;
    std::vector<std::uint8_t> gp_diverted_week;
    std::vector<std::uint8_t> ae_week;
    std::vector<std::uint8_t> admissions_week;

    std::size_t size() const { return age.size(); }
    void resize(std::size_t n);
    std::size_t bytes_per_agent() const;
};

}  // namespace pcnsim
