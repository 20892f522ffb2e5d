#pragma once
// Loaders for practice-level aggregate inputs: the published registered-list file, and two small
// documented CSVs (condition prevalence, deprivation). File formats: docs/input-files.md.
//
// All loaders report problems instead of throwing, keep only the practices asked for, and return
// them in the order of `org_codes` (a code asked for twice is returned once). At most 50 problems
// are listed per file, followed by one note that the rest of the file was not checked.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/agent_store.hpp"
#include "sim/core/problems.hpp"

namespace pcnsim {

inline constexpr int kFiveYearBands = 20;  // 0_4, 5_9, ..., 90_94, 95+

// The AGE_GROUP_5 label of a band as published ("0_4" ... "90_94", "95+").
std::string_view five_year_band_label(int band);

struct PracticeRegister {  // one practice's registered list
    std::string org_code;
    std::string postcode;
    std::array<std::array<std::uint32_t, kFiveYearBands>, 2> counts{};  // [sex][band]; 0 female, 1 male
    std::uint64_t total() const;
};

// NHS Digital "Patients Registered at a GP Practice", practice level, 5-year age bands, exactly as
// published. Every requested ORG_CODE must be present; rows of other practices are not checked.
std::vector<PracticeRegister> load_registered_patients(const std::string& path,
                                                       const std::vector<std::string>& org_codes,
                                                       Problems& problems);

// Conditions the prevalence file may name.
inline constexpr std::array<std::string_view, 5> kPrevalenceConditions = {
    "obesity", "anxiety_depression", "respiratory", "diabetes", "chronic_pain"};

struct PracticePrevalence {
    std::string org_code;
    std::map<std::string, double> share;  // condition -> REGISTER / LIST_SIZE
};

// Columns ORG_CODE, CONDITION, REGISTER, LIST_SIZE. Practices or conditions absent from the file
// are simply absent from the result (the caller falls back to defaults).
std::vector<PracticePrevalence> load_prevalence(const std::string& path,
                                                const std::vector<std::string>& org_codes,
                                                Problems& problems);

struct PracticeDeprivation {
    std::string org_code;
    std::array<double, kImdQuintiles> quintile_share{};  // national IMD quintile 1 (most deprived) .. 5
};

// Columns ORG_CODE and either IMD_Q1..IMD_Q5 (renormalised shares) or IMD_SCORE (converted by
// imd_score_to_quintile_shares). Practices absent from the file are absent from the result.
std::vector<PracticeDeprivation> load_deprivation(const std::string& path,
                                                  const std::vector<std::string>& org_codes,
                                                  Problems& problems);

struct PcnMembership {
    std::string pcn_code;
    std::vector<std::string> org_codes;  // in file order
};

// Columns ORG_CODE and PCN_CODE (NHS Digital's ePCN list gives them as "Partner Organisation Code"
// and "PCN Code"): which practices make up each PCN. PCNs are returned in order of first
// appearance, or in the order of `pcn_codes` when it is not empty (then only those, and each must
// be present). A practice may belong to one PCN only.
std::vector<PcnMembership> load_pcn_membership(const std::string& path, const std::vector<std::string>& pcn_codes,
                                               Problems& problems);

// Approximation used for IMD_SCORE: national quintile from fixed cut points, spread to neighbouring
// quintiles by a fixed kernel (docs/input-files.md gives the numbers and why).
std::array<double, kImdQuintiles> imd_score_to_quintile_shares(double imd_score);

}  // namespace pcnsim
