#pragma once
// Struct-of-arrays agent store: one compact array per attribute, indexed by agent slot 0..N-1.
// The list size is constant: a patient who dies or deregisters is replaced in the same slot by a new
// registration, so slots (and with them the RNG keys) stay stable for the whole run.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
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
// National IMD quintiles of the imd_quintile column: 1 = most deprived .. kImdQuintiles = least.
inline constexpr int kImdQuintiles = 5;
// Bound on the activation-use trait (a standard normal; P(|z| > 6) = 2e-9), so that rate tables
// over it are finite.
inline constexpr double kActivationTraitLimit = 6.0;

// PAM-13 level cut-points: level 1 <= 47.0, level 2 <= 55.1, level 3 <= 67.0, level 4 above.
// Branch-free: levels are evenly mixed, so a chain of comparisons is mispredicted every few patients.
inline int pam_level(float score) {
    return 1 + static_cast<int>(score > 47.0f) + static_cast<int>(score > 55.1f) + static_cast<int>(score > 67.0f);
}

// Coaching pathway position of a patient (scenario arm only: the counterfactual has no coaching).
enum class CoachingState : std::uint8_t {
    never_referred = 0,
    waiting = 1,        // accepted, on the coaching waiting list
    in_programme = 2,
    completed = 3,
    dropped_out = 4,    // left a programme before the last session
    declined = 5,       // referred or invited, did not accept
};
enum class CoachingMode : std::uint8_t { one_to_one = 0, group = 1, digital_hybrid = 2 };

// A column a module adds beside the built-in ones holds one of these element types.
using ExtensionStorage = std::variant<std::vector<std::uint8_t>, std::vector<std::uint16_t>, std::vector<std::int16_t>,
                                      std::vector<std::uint32_t>, std::vector<float>, std::vector<double>>;

// What differs between a scenario and its paired no-coaching counterfactual. The engine keeps one
// copy per arm and swaps the active one into the store (an O(1) swap of vectors), so every other
// attribute is held once and shared by both arms.
struct ArmState {
    // Per-arm columns added by modules (ColumnDeclaration without a member of the store).
    std::vector<ExtensionStorage> extension_columns;
    std::vector<float> pam_score;
    std::vector<float> pam_setpoint;
    // Use of services in the last four 13-week quarters (current quarter included), saturating.
    std::vector<std::array<std::uint8_t, 4>> gp_history;
    std::vector<std::array<std::uint8_t, 4>> acute_history;  // A&E in the low nibble, admissions high
};

struct AgentStore : ArmState {
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

    // Heterogeneity: propensity = permanent x exp(transient), the transient part being a log-scale
    // AR(1); the transient part is recovered as log(propensity / permanent) when it is updated.
    std::vector<float> propensity_permanent;  // Gamma(shape, 1/shape): mean 1
    std::vector<float> propensity;            // the multiplier rates use
    // The latent activation-use trait (standard normal, within +-kActivationTraitLimit): the
    // set point's deviation at registration, which also raises or lowers adults' rates of use
    // (MODEL.md section 5). Coaching does not touch it.
    std::vector<float> activation_trait;

    // The coaching pathway (written only by the scenario arm's processes).
    std::vector<CoachingState> coaching_state;
    std::vector<std::uint8_t> coaching_progress;  // sessions attended (low 4 bits), CoachingMode (bits 4-5), buddy (bit 6), rebooked after a missed session (bit 7)
    // By state: waiting, the week the patient joined the list; in_programme, the week the next
    // session is due; completed, dropped_out or declined, the week the patient left the pathway.
    std::vector<std::int16_t> coaching_week;

    // This week's events, written by one process and read by later ones in the same week; each arm
    // runs its week in turn, so one copy serves both.
    std::vector<std::uint8_t> gp_requests_week;
    std::vector<std::uint8_t> gp_appointments_week;
    std::vector<std::uint8_t> gp_diverted_week;
    std::vector<std::uint8_t> ae_week;
    std::vector<std::uint8_t> admissions_week;

    // Shared columns added by modules (see ArmState::extension_columns).
    std::vector<ExtensionStorage> shared_extension_columns;

    std::size_t size() const { return age.size(); }
    // Sizes every column the modules declare (catalogue.hpp) for n agents.
    void resize(std::size_t n);
    // Agent state held per patient with two arms: shared attributes once, ArmState twice.
    std::size_t bytes_per_agent() const;

    ArmState& arm_state() { return *this; }
    // Copies patient i's ArmState into another arm's (a new registration is the same in both).
    void copy_arm_state_to(ArmState& other, std::size_t i) const;

    // A column a module added (catalogue().extension(name)), as a typed array of size() values.
    template <class T>
    T* extension(const struct ExtensionColumn& column);
    template <class T>
    const T* extension(const struct ExtensionColumn& column) const { return const_cast<AgentStore*>(this)->extension<T>(column); }
};

// Where an agent column lives and what it is. Built-in columns are members of the store, reached
// through `resize` and `copy_to_arm` (made by column<&AgentStore::member>); a module added later
// declares its columns with extension_column<T>, and the store holds them in typed extension
// vectors. A module resets its own columns for a new registration (registered_week == week):
// demography resets only the built-in ones.
enum class ColumnScope : std::uint8_t {
    shared,     // one copy, the same in both arms (who the patient is, the coaching pathway)
    per_arm,    // one copy per arm (ArmState): what coaching can change
    this_week,  // one copy, rewritten every week by one module and read by later ones that week
};
struct ColumnDeclaration {
    std::string_view name;
    ColumnScope scope;
    std::string_view meaning;
    std::size_t bytes = 1;  // per agent
    void (*resize)(AgentStore&, std::size_t) = nullptr;
    void (*copy_to_arm)(const AgentStore&, ArmState&, std::size_t) = nullptr;
    ExtensionStorage (*make_storage)() = nullptr;  // an added column: its empty storage
};

// A column of a module added beside the built-in ones, with elements of type T.
template <class T>
ColumnDeclaration extension_column(std::string_view name, ColumnScope scope, std::string_view meaning) {
    return {name, scope, meaning, sizeof(T), nullptr, nullptr, [] { return ExtensionStorage{std::vector<T>{}}; }};
}

template <auto Member>
ColumnDeclaration column(std::string_view name, ColumnScope scope, std::string_view meaning) {
    using Vector = std::remove_reference_t<decltype(std::declval<AgentStore&>().*Member)>;
    ColumnDeclaration c{name, scope, meaning, sizeof(typename Vector::value_type), nullptr, nullptr, nullptr};
    c.resize = [](AgentStore& a, std::size_t n) { (a.*Member).resize(n); };
    // Only members of ArmState can be per arm; the catalogue refuses a per-arm column without a copy.
    if constexpr (requires(ArmState& other) { other.*Member; })
        if (scope == ColumnScope::per_arm)
            c.copy_to_arm = [](const AgentStore& a, ArmState& other, std::size_t i) { (other.*Member)[i] = (a.*Member)[i]; };
    return c;
}

// A module's own column, resolved by the catalogue: which extension vector of the store.
struct ExtensionColumn {
    ColumnScope scope = ColumnScope::shared;
    std::size_t index = 0;
};

template <class T>
T* AgentStore::extension(const ExtensionColumn& c) {
    auto& columns = c.scope == ColumnScope::per_arm ? extension_columns : shared_extension_columns;
    if (c.index >= columns.size()) throw std::logic_error("agent column of a module registered after this store was sized");
    auto& storage = columns[c.index];
    auto* column = std::get_if<std::vector<T>>(&storage);
    if (!column) throw std::logic_error("agent column read with another element type than it was declared with");
    return column->data();
}

// The transient log-propensity, recovered from the stored multiplier.
inline double propensity_transient(const AgentStore& a, std::size_t i) {
    return std::log(static_cast<double>(a.propensity[i]) / static_cast<double>(a.propensity_permanent[i]));
}

inline int coaching_sessions_attended(const AgentStore& a, std::size_t i) { return a.coaching_progress[i] & 0x0F; }

// Coaching cohort (MODEL.md section 8): the furthest stage of the pathway the patient has reached so
// far, so a patient moves from one cohort to the next and never back (a completer referred again
// stays "completed"). Shared by both arms: only the scenario arm has a pathway.
enum class Cohort : std::uint8_t {
    never_eligible = 0,         // not found eligible at any monthly review of a searched register
    eligible_not_referred = 1,  // found eligible, never referred or invited
    referred_not_started = 2,   // referred or invited: declined, waiting, or left before a first session
    started = 3,                // attended a session: in a programme, or dropped out after starting
    completed = 4,
};
inline constexpr int kCohorts = 5;
// The stage the patient's current pathway state shows.
inline Cohort cohort_of_state(const AgentStore& a, std::size_t i) {
    switch (a.coaching_state[i]) {
        case CoachingState::never_referred: return Cohort::never_eligible;
        case CoachingState::waiting:
        case CoachingState::declined: return Cohort::referred_not_started;
        case CoachingState::in_programme: return Cohort::started;
        case CoachingState::completed: return Cohort::completed;
        case CoachingState::dropped_out: return coaching_sessions_attended(a, i) > 0 ? Cohort::started : Cohort::referred_not_started;
    }
    return Cohort::never_eligible;
}
// The cohort from the stage reached before (the coaching_cohort column) and the current state.
inline int coaching_cohort(const AgentStore& a, std::size_t i, std::uint8_t reached_before) {
    return std::max<int>(reached_before, static_cast<int>(cohort_of_state(a, i)));
}
inline constexpr std::uint8_t kBuddyBit = 0x40;
inline bool has_buddy(const AgentStore& a, std::size_t i) { return (a.coaching_progress[i] & kBuddyBit) != 0; }
inline CoachingMode coaching_mode(const AgentStore& a, std::size_t i) {
    return static_cast<CoachingMode>((a.coaching_progress[i] >> 4) & 0x03);
}

}  // namespace pcnsim
