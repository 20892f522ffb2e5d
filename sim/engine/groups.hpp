#pragma once
// Output groups: all, practice, age band, sex, IMD quintile, PAM level (children apart) and coaching
// cohort.
#include <string>
#include <vector>

#include "sim/core/tally.hpp"

namespace pcnsim {

struct GroupKey {
    std::string group_by;
    std::string group;
};

// Index 0 is "all"; then practices (or, in a run of several PCNs, PCNs) in order, then age bands,
// sexes, IMD quintiles, PAM groups, coaching cohorts.
std::vector<GroupKey> group_keys(const std::vector<std::string>& codes, const char* group_by = "practice");

// Groups of patients after "all" and the practices (or PCNs): age bands, sexes, IMD quintiles, PAM
// groups, coaching cohorts.
inline constexpr std::size_t kPatientGroups = kServiceAgeBands + 2 + kImdQuintiles + kPamGroups + kCohorts;

// Collapses one week's tally into counters per group (indexed like group_keys).
std::vector<CounterSet> group_totals(const Tally& week);

// Groups of whole practices: the run, each practice, each PCN.
inline bool is_practice_group(const GroupKey& k) { return k.group_by == "all" || k.group_by == "practice" || k.group_by == "pcn"; }

}  // namespace pcnsim
