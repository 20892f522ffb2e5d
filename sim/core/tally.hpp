#pragma once
// Counters for one week. Every counter is an integer (PAM scores in fixed point), so sums are
// associative and per-thread tallies merge to the same bits in any order at any thread count.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/core/agent_store.hpp"

namespace pcnsim {

enum class Counter : std::uint8_t {
    population,
    adults,
    pam_sum_fixed,  // adults' PAM scores x kPamScale
    pam_level_1,
    pam_level_2,
    pam_level_3,
    pam_level_4,
    registrations,
    deaths,
    deregistrations,
    frailty_onsets,
    gp_requests,
    gp_appointments,
    gp_unmet,
    gp_diverted_to_ae,
    gp_backlog,
    gp_wait_weeks,  // summed over delivered appointments
    ae_attendances,
    emergency_admissions,
    // The coaching pathway (scenario arm). Funnel: referrals (every route, invitations included) =
    // accepted + declined; accepted = started + waiting + withdrawn; started = completed +
    // dropped out + in programme.
    coaching_referrals,
    coaching_invitations,
    coaching_self_referrals,
    coaching_accepted,
    coaching_declined,
    coaching_started,
    coaching_completed,
    coaching_dropped_out,
    coaching_withdrawn,    // left the waiting list by death or deregistration
    coaching_waiting,      // stock at the end of the week
    coaching_in_programme, // stock at the end of the week
    coaching_wait_weeks,   // summed over patients starting
    coaching_sessions,     // sessions attended
    coaching_eligible,     // stock: eligible at the last monthly review
    brief_interventions,
    skills_consultations,
    buddies_paired,        // patients newly paired with a buddy
    spillover_recipients,  // household members receiving their first spill-over gain
    // PCN-level (Tally::pcn): coach workforce, capacity and one-off training.
    coach_wte_milli,            // stock: effective coach WTE x 1000
    coaching_capacity_milli,    // session slots available x 1000
    coaching_slots_used_milli,  // session slots used x 1000
    coach_training_wte_milli,   // coach WTE starting training this week x 1000
    skills_training_wte_milli,  // clinician WTE trained in coaching skills this week x 1000
    group_sessions,             // group sessions run (each uses one group slot)
    group_attendances,          // patients attending those sessions
    coaching_sessions_missed,   // booked sessions not attended (by patient group; after the PCN-level ones to keep their ids)
    count
};
inline constexpr std::size_t kBuiltInCounters = static_cast<std::size_t>(Counter::count);
// Room in every counter set: the built-in counters and those of modules added beside them
// (CounterDeclaration without an id).
inline constexpr std::size_t kCounters = kBuiltInCounters + 10;
inline constexpr double kPamScale = 131072.0;  // 2^17: exact for float scores of 64 and above

// Output groupings. Cells cross age band x sex x IMD quintile x PAM group; practices are kept apart.
inline constexpr int kServiceAgeBands = 8;  // 0_4, 5_14, 15_24, 25_44, 45_64, 65_74, 75_84, 85plus
inline constexpr const char* kServiceAgeBandNames[kServiceAgeBands] = {"0_4", "5_14", "15_24", "25_44",
                                                                      "45_64", "65_74", "75_84", "85plus"};
inline constexpr int kPamGroups = 5;  // 0 = child (under 18), 1-4 = PAM level
inline constexpr int kCells = kServiceAgeBands * 2 * kImdQuintiles * kPamGroups;

inline constexpr int service_age_band_of(int age) {
    return age < 5 ? 0 : age < 15 ? 1 : age < 25 ? 2 : age < 45 ? 3 : age < 65 ? 4 : age < 75 ? 5 : age < 85 ? 6 : 7;
}
// A table, because the band is needed several times per patient-week.
inline constexpr auto kServiceAgeBandByAge = [] {
    std::array<std::uint8_t, 256> t{};
    for (int a = 0; a < 256; ++a) t[static_cast<std::size_t>(a)] = static_cast<std::uint8_t>(service_age_band_of(a));
    return t;
}();
inline int service_age_band(int age) { return kServiceAgeBandByAge[static_cast<std::size_t>(age)]; }
inline int pam_group(const AgentStore& a, std::size_t i) {
    return static_cast<int>(a.age[i] >= kAdultAge) * pam_level(a.pam_score[i]);
}
inline int group_cell_with(const AgentStore& a, std::size_t i, int pam_group) {
    return ((service_age_band(a.age[i]) * 2 + static_cast<int>(a.sex[i])) * kImdQuintiles + (a.imd_quintile[i] - 1)) * kPamGroups + pam_group;
}
inline int group_cell(const AgentStore& a, std::size_t i) { return group_cell_with(a, i, pam_group(a, i)); }
// Coaching cohorts (MODEL.md section 8), tallied beside the cells rather than crossed with them (a
// cohort per cell would make every tally five times larger): agent_store.hpp, coaching_cohort().
inline constexpr const char* kCohortNames[kCohorts] = {"never_eligible", "eligible_not_referred", "referred_not_started",
                                                       "started", "completed"};
// The counters accounting tallies by cohort: the list and its activation, and the patient-level use
// of services. A metric is reported by cohort only when every counter it reads is one of these.
inline constexpr bool counted_by_cohort(Counter c) {
    switch (c) {
        case Counter::population: case Counter::adults: case Counter::pam_sum_fixed: case Counter::pam_level_1:
        case Counter::pam_level_2: case Counter::pam_level_3: case Counter::pam_level_4: case Counter::gp_requests:
        case Counter::gp_appointments: case Counter::ae_attendances: case Counter::emergency_admissions: return true;
        default: return false;
    }
}
// The cell of patient i with the PAM score of another arm's state.
inline int group_cell_in(const AgentStore& a, const ArmState& arm, std::size_t i) {
    return group_cell_with(a, i, static_cast<int>(a.age[i] >= kAdultAge) * pam_level(arm.pam_score[i]));
}

struct CounterSet {
    std::array<std::int64_t, kCounters> v{};
    std::int64_t& operator[](Counter c) { return v[static_cast<std::size_t>(c)]; }
    std::int64_t operator[](Counter c) const { return v[static_cast<std::size_t>(c)]; }
    CounterSet& operator+=(const CounterSet& o) {
        for (std::size_t k = 0; k < kCounters; ++k) v[k] += o.v[k];
        return *this;
    }
};

// Adults and PAM level counts from the list size per PAM group (0 = child, 1-4 = level).
inline void add_pam_levels(CounterSet& c, const std::array<std::int64_t, kPamGroups>& population_by_pam_group) {
    static constexpr Counter level[4] = {Counter::pam_level_1, Counter::pam_level_2, Counter::pam_level_3, Counter::pam_level_4};
    for (int g = 1; g < kPamGroups; ++g) {
        c[Counter::adults] += population_by_pam_group[static_cast<std::size_t>(g)];
        c[level[g - 1]] += population_by_pam_group[static_cast<std::size_t>(g)];
    }
}

// Whole-run integer totals a process reports once, at the end of a unit's run (the evaluation's sums
// over coached cases), by name. Integers (fixed point where needed) so that PCNs, MPI ranks and
// resumed units add up to the same bits in any order, like the weekly counters.
using RunTotals = std::map<std::string, std::int64_t, std::less<>>;
inline void add_run_totals(RunTotals& into, const RunTotals& from) {
    for (const auto& [name, value] : from) into[name] += value;
}

struct Tally {
    explicit Tally(std::size_t practices = 0) : cells(kCells), practices(practices) {}
    std::vector<CounterSet> cells;
    std::vector<CounterSet> practices;
    std::array<CounterSet, kCohorts> cohorts{};  // only the counters counted_by_cohort()

    void add(Counter c, int cell, std::size_t practice, std::int64_t n = 1) {
        cells[static_cast<std::size_t>(cell)][c] += n;
        practices[practice][c] += n;
    }
    CounterSet pcn;  // PCN-level quantities (the coach workforce): reported for the whole PCN only

    // Practice-level quantities (backlog, waits) that belong to no patient group.
    void add_practice(Counter c, std::size_t practice, std::int64_t n) { practices[practice][c] += n; }
    void clear();
    Tally& operator+=(const Tally& o);
};

}  // namespace pcnsim
