#pragma once
// A resolved scenario: run settings, population source, workforce switches and parameter values,
// after `extends` chains, file overrides and --set overrides have been applied and validated.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/problems.hpp"
#include "sim/scenario/parameters.hpp"
#include "sim/scenario/posterior.hpp"

namespace pcnsim {

struct RunSettings {
    int weeks = 156;         // simulated and reported weeks, after the warm-up
    int warmup_weeks = 52;   // fills rolling 12-month histories; not reported
    std::uint64_t seed = 20261123;
    int replications = 1;
    int psa_draws = 0;       // parameter draws from the priors (0: the scenario's values only)
    int threads = 0;         // 0 = all cores
    // Write the patient-level extract (patients.csv): set by the command line, not a scenario key.
    bool patient_extract = false;
};

enum class PopulationSourceKind { synthetic, practice_files };

struct SyntheticPopulation {
    int list_size = 45000;
    int practices = 6;
    // PCN-wide IMD quintile shares (1 = most deprived); practices vary around them.
    std::array<double, kImdQuintiles> imd_quintile_shares{0.2, 0.2, 0.2, 0.2, 0.2};
    double practice_imd_spread = 0.5;  // 0 = every practice has the PCN mix; 1 = strongly sorted
    // Several PCNs (an ICB, a region, England): each has `practices` practices and, on average,
    // `list_size` patients. PCNs differ in size (coefficient of variation) and deprivation (a tilt
    // like the practices', PCN 1 the most deprived).
    int pcns = 1;
    double pcn_list_size_spread = 0.0;
    double pcn_imd_spread = 0.0;
};

struct PracticeFiles {
    std::string registered_patients;  // NHS Digital 5-year age-band CSV (absolute path once resolved)
    std::string prevalence;           // optional
    std::string deprivation;          // optional
    std::vector<std::string> org_codes;  // may be empty when pcn_membership names the practices
    std::string pcn_membership;          // optional: ORG_CODE -> PCN_CODE; one PCN per code
    std::vector<std::string> pcn_codes;  // optional: the PCNs of pcn_membership to run (default all)
};

struct PopulationSource {
    PopulationSourceKind kind = PopulationSourceKind::synthetic;
    SyntheticPopulation synthetic;
    PracticeFiles files;
};

// Coach workforce: WTE from a reporting week on (a step schedule), and the waiting-list order.
struct CoachingSettings {
    bool present = false;  // a [coaching] section: the scenario has a coaching pathway
    std::vector<std::pair<int, double>> wte_schedule;  // (reported week, WTE), weeks increasing; empty = 0 WTE
    bool priority_waiting_list = false;                 // false: first in, first out
};

// One group of eligibility predicates; every predicate set must hold. Condition names include
// "frailty" (any eFI frailty) beside the condition register names.
struct EligibilityRule {
    std::uint8_t conditions_any = 0, conditions_all = 0;  // Condition bits; bit 7 = frailty
    int conditions_at_least = 0;                          // of conditions_counted
    std::uint8_t conditions_counted = 0;
    int pam_level_at_most = 4;
    double risk_top_percent = 100;
    std::uint8_t imd_quintiles = (1u << kImdQuintiles) - 1;  // bit q-1 for quintile q: all of them
    int age_min = 18, age_max = 150;
    int repeat_meds_at_most = 255;
    int gp_appointments_12m_at_least = 0;
    double gp_appointments_12m_top_percent = 100;
    int care_home = -1;       // -1 either, 0 not in a care home, 1 care-home resident
    int frailty_at_least = 0;  // Frailty level
};
inline constexpr std::uint8_t kFrailtyConditionBit = 0x80;

enum class TargetingPriority { none, risk, low_activation, gp_use, deprivation };

// Who the pathway is for (MODEL.md section 6): patients meeting `all_of` and, when `any_of` is not
// empty, at least one of its rules; proactive case finding ranks them by `priority`.
struct Targeting {
    std::string name = "open-access";
    EligibilityRule all_of;
    std::vector<EligibilityRule> any_of;
    TargetingPriority priority = TargetingPriority::none;
    bool case_finding = false;
};

// The social network and what uses it (sim/network/social_network.hpp). Off by default: without
// it, no household or tie is built and nothing reads one.
struct NetworkSettings {
    bool enabled = false;             // build households and community ties
    bool buddies = false;             // pair coached patients with a buddy (maximum matching)
    bool buddy_requires_tie = false;  // only patients already linked (household or community) can pair
    bool group_sessions = false;      // group-mode patients start together in groups by practice and condition (no graph needed)
    bool spillover = false;           // household members of a coached patient gain a little activation
};

struct Scenario {
    std::string name = "baseline";
    std::string description;
    std::vector<std::string> files;   // the extends chain, root first
    std::string text;                 // every file's text, root first, for the manifest
    RunSettings run;
    PopulationSource population;
    bool demography = true;
    bool gp_capacity_unlimited = false;
    CoachingSettings coaching;
    Targeting targeting;
    NetworkSettings network;
    Parameters parameters;
    std::vector<std::pair<std::string, std::string>> overrides;  // (key, where it was set), in order
    // Keys of sections that modules declare beyond the built-in ones ("section.key"): booleans as
    // 0/1, numbers as they are, text in module_texts, lists of numbers in module_lists.
    std::map<std::string, double, std::less<>> module_settings;
    std::map<std::string, std::string, std::less<>> module_texts;
    std::map<std::string, std::vector<double>, std::less<>> module_lists;  // lists of numbers
    double module_setting(std::string_view key, double fallback = 0.0) const {
        const auto it = module_settings.find(key);
        return it == module_settings.end() ? fallback : it->second;
    }
    // --posterior: PSA draws take its parameters from resampled rows, overriding the scenario's own
    // values of those parameters (psa.hpp). Shared, as every draw and compared scenario reads the same file.
    std::shared_ptr<const PosteriorSamples> posterior;
    // Legitimate but suspicious inputs (sim/core/problems.hpp): printed once, recorded in manifests.
    std::vector<std::string> warnings;
};

// Loads and validates a scenario file and its `extends` chain, then applies `--set key=value`
// overrides. Problems are collected (all of them), never thrown.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& set_overrides,
                       Problems& problems);

// Scenario from defaults only (tests, benchmarks).
Scenario default_scenario();

}  // namespace pcnsim
