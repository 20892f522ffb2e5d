#include "sim/scenario/scenario_keys.hpp"

#include <algorithm>
#include <map>
#include <mutex>

#include "sim/core/catalogue.hpp"

namespace pcnsim {

const std::vector<std::string_view>& eligibility_rule_keys() {
    static const std::vector<std::string_view> keys{
        "conditions_any", "conditions_all", "conditions_counted", "conditions_at_least", "pam_level_at_most",
        "risk_top_percent", "imd_quintiles", "age_min", "age_max", "repeat_meds_at_most",
        "gp_appointments_12m_at_least", "gp_appointments_12m_top_percent", "care_home", "frailty_at_least"};
    return keys;
}

// The sections and their keys as the modules declare them (catalogue.hpp): a section added by a
// module is known to the reader with no change here. Built once per catalogue.
const std::vector<SectionKeys>& scenario_section_keys() {
    static std::mutex mutex;
    static std::map<const Catalogue*, std::vector<SectionKeys>> built;
    const auto& cat = catalogue();
    std::lock_guard lock(mutex);
    auto& sections = built[&cat];
    if (sections.empty())
        for (const auto& section : cat.sections()) {
            SectionKeys s{section.name, {}};
            for (const auto& key : section.keys) s.keys.push_back(key.name);
            sections.push_back(std::move(s));
        }
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
