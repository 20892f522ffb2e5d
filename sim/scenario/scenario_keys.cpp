#include "sim/scenario/scenario_keys.hpp"

#include <algorithm>

namespace pcnsim {

const std::vector<std::string_view>& eligibility_rule_keys() {
    static const std::vector<std::string_view> keys{
        "conditions_any", "conditions_all", "conditions_counted", "conditions_at_least", "pam_level_at_most",
        "risk_top_percent", "imd_quintiles", "age_min", "age_max", "repeat_meds_at_most",
        "gp_appointments_12m_at_least", "gp_appointments_12m_top_percent", "care_home", "frailty_at_least"};
    return keys;
}

const std::vector<SectionKeys>& scenario_section_keys() {
    static const std::vector<SectionKeys> sections = [] {
        std::vector<SectionKeys> s{
            {"run", {"weeks", "warmup_weeks", "seed", "replications", "psa_draws", "threads"}},
            {"population", {"source", "list_size", "practices", "imd_quintile_shares", "practice_imd_spread", "pcns",
                            "pcn_list_size_spread", "pcn_imd_spread", "pcn_membership", "pcn_codes",
                            "registered_patients", "prevalence", "deprivation", "org_codes"}},
            {"processes", {"demography"}},
            {"gp_workforce", {"unlimited"}},
            {"coaching", {"wte", "wte_schedule", "waiting_list"}},
            {"network", {"enabled", "buddies", "buddy_requires_tie", "group_sessions", "spillover"}},
            {"targeting", {"name", "priority", "case_finding", "any_of"}},
        };
        auto& targeting = s.back().keys;  // [targeting] is itself a group of eligibility predicates
        targeting.insert(targeting.end(), eligibility_rule_keys().begin(), eligibility_rule_keys().end());
        return s;
    }();
    return sections;
}

const std::vector<std::string_view>* known_keys_of(std::string_view section) {
    const auto& all = scenario_section_keys();
    const auto it = std::find_if(all.begin(), all.end(), [section](const SectionKeys& s) { return s.section == section; });
    return it == all.end() ? nullptr : &it->keys;
}

const std::vector<std::string_view>& top_level_keys() {
    static const std::vector<std::string_view> keys{"extends", "name", "description", "parameters"};
    return keys;
}

std::vector<std::string> top_level_hints() {
    std::vector<std::string> hints(top_level_keys().begin(), top_level_keys().end());
    for (const auto& [section, keys] : scenario_section_keys()) {
        hints.emplace_back(section);
        for (const auto key : keys) hints.push_back(std::string(section) + "." + std::string(key));  // `weeks` -> run.weeks
    }
    return hints;
}

}  // namespace pcnsim
