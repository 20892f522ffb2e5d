#include "sim/scenario/scenario_keys.hpp"

#include <algorithm>

#include "sim/core/catalogue.hpp"

namespace pcnsim {

namespace {
std::vector<std::string_view> key_names(const ScenarioSection& section) {
    std::vector<std::string_view> names;
    for (const auto& key : section.keys) names.push_back(key.name);
    return names;
}
}  // namespace

std::vector<std::string_view> eligibility_rule_keys() {
    // [targeting]'s own keys, read by its section reader; every other key of [targeting] is an
    // eligibility predicate, as the targeting module declares them (risk_stratification.cpp).
    static constexpr std::string_view kTargetingOnly[] = {"name", "priority", "case_finding", "any_of"};
    std::vector<std::string_view> rules;
    const auto targeting = known_keys_of("targeting").value();
    for (const auto key : targeting)
        if (std::find(std::begin(kTargetingOnly), std::end(kTargetingOnly), key) == std::end(kTargetingOnly)) rules.push_back(key);
    return rules;
}

// The sections and their keys as the modules declare them (catalogue.hpp): a section added by a
// module is known to the reader with no change here.
std::vector<SectionKeys> scenario_section_keys() {
    std::vector<SectionKeys> sections;
    for (const auto& section : catalogue().sections()) sections.push_back({section.name, key_names(section)});
    return sections;
}

std::optional<std::vector<std::string_view>> known_keys_of(std::string_view section) {
    if (const auto* s = catalogue().section(section)) return key_names(*s);
    return std::nullopt;
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
