#include "sim/engine/groups.hpp"

#include <algorithm>

namespace pcnsim {

std::vector<GroupKey> group_keys(const std::vector<std::string>& codes, const char* group_by) {
    std::vector<GroupKey> keys{{"all", "all"}};
    for (const auto& code : codes) keys.push_back({group_by, code});
    for (const char* band : kServiceAgeBandNames) keys.push_back({"age_band", band});
    keys.push_back({"sex", "female"});
    keys.push_back({"sex", "male"});
    for (int q = 1; q <= 5; ++q) keys.push_back({"imd_quintile", std::to_string(q)});
    keys.push_back({"pam_level", "child"});
    for (int l = 1; l <= 4; ++l) keys.push_back({"pam_level", std::to_string(l)});
    for (const char* cohort : kCohortNames) keys.push_back({"cohort", cohort});
    return keys;
}

std::vector<CounterSet> group_totals(const Tally& week) {
    const std::size_t practices = week.practices.size();
    std::vector<CounterSet> out(1 + practices + kPatientGroups);
    std::copy(week.cohorts.begin(), week.cohorts.end(), out.end() - kCohorts);
    for (std::size_t p = 0; p < practices; ++p) {
        out[0] += week.practices[p];
        out[1 + p] = week.practices[p];
    }
    out[0] += week.pcn;
    const std::size_t band0 = 1 + practices, sex0 = band0 + kServiceAgeBands, imd0 = sex0 + 2, pam0 = imd0 + 5;
    for (int cell = 0; cell < kCells; ++cell) {
        CounterSet c = week.cells[static_cast<std::size_t>(cell)];
        std::array<std::int64_t, kPamGroups> by_pam_group{};
        by_pam_group[static_cast<std::size_t>(cell % kPamGroups)] = c[Counter::population];
        add_pam_levels(c, by_pam_group);
        const int pam = cell % kPamGroups, imd = (cell / kPamGroups) % 5, sex = (cell / kPamGroups / 5) % 2,
                  band = cell / kPamGroups / 5 / 2;
        out[band0 + static_cast<std::size_t>(band)] += c;
        out[sex0 + static_cast<std::size_t>(sex)] += c;
        out[imd0 + static_cast<std::size_t>(imd)] += c;
        out[pam0 + static_cast<std::size_t>(pam)] += c;
    }
    return out;
}

}  // namespace pcnsim
