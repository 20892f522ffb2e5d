#pragma once
// The keys each section of a scenario file accepts: the schema the model's modules declare
// (sim/core/module.hpp), assembled by the catalogue. This is the one list per section that the
// unknown-key check reads (check_known_keys, scenario_reader.hpp) and that "did you mean" hints
// choose from. What each key means is in its module's declaration (`pcnsim modules`); which values
// it takes is in the section readers (scenario_sections.cpp, targeting_section.cpp, or
// module_section.cpp for sections of modules added beside the built-in ones). [parameters] is not
// here: its keys are the declared parameter names.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pcnsim {

struct SectionKeys {
    std::string_view section;            // "run"
    std::vector<std::string_view> keys;  // the keys it accepts, without the section's name
};

// The sections, in the modules' order.
std::vector<SectionKeys> scenario_section_keys();

// The keys of one section; nothing when `section` is not one.
std::optional<std::vector<std::string_view>> known_keys_of(std::string_view section);

// Eligibility predicates: the keys of each [[targeting.any_of]] group, which [targeting] accepts too.
std::vector<std::string_view> eligibility_rule_keys();

// Keys allowed at the top of a scenario file besides the sections: extends, name, description, parameters.
const std::vector<std::string_view>& top_level_keys();

// What an unknown top-level key is compared with for a hint: the top-level keys, every section
// name and every "section.key" (so a bare `weeks` suggests `run.weeks`).
std::vector<std::string> top_level_hints();

}  // namespace pcnsim
