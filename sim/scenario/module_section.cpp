// Sections of modules added beside the built-in ones (sim/core/module.hpp): their keys are read by
// the type the module declares, into Scenario::module_settings and module_texts, so that a new
// module needs no reader here.
#include <toml++/toml.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/core/catalogue.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_reader.hpp"

namespace pcnsim::scenario_reader {

namespace {
const ScenarioKey& declared_key(std::string_view dotted_key, std::string_view key) {
    const auto section = dotted_key.substr(0, dotted_key.size() - key.size() - 1);
    if (const auto* s = catalogue().section(section))
        for (const auto& k : s->keys)
            if (k.name == key) return k;
    unread_known_key(std::string(dotted_key));
}

// The declared range clamped to what an int32 holds.
std::int64_t integer_bound(double bound) {
    return static_cast<std::int64_t>(std::clamp(bound, static_cast<double>(std::numeric_limits<std::int32_t>::min()),
                                                static_cast<double>(std::numeric_limits<std::int32_t>::max())));
}
// A non-empty array of numbers, each within the key's declared range.
void read_number_list(ReadContext& ctx, const toml::node& n, const std::string& k, const ScenarioKey& declared) {
    const auto* arr = n.as_array();
    if (!arr || arr->empty()) return ctx.problem(n, k, fmt::format("expected a non-empty array of numbers, got {}", type_name(n)));
    std::vector<double> values;
    for (const auto& e : *arr) {
        const auto v = e.value<double>();
        if (!v || !std::isfinite(*v) || *v < declared.min || *v > declared.max)
            return ctx.problem(e, k, fmt::format("every element must be a number from {} to {}", declared.min, declared.max));
        values.push_back(*v);
    }
    ctx.scenario().module_lists[k] = values;
    ctx.record(k);
}
}  // namespace

void read_module_key(ReadContext& ctx, std::string_view key, const toml::node& n, const std::string& k) {
    auto& s = ctx.scenario();
    const auto& declared = declared_key(k, key);
    switch (declared.type) {
        case KeyType::boolean: {
            bool value = false;
            ctx.set_bool(n, k, value);
            if (n.is_boolean()) s.module_settings[k] = value ? 1.0 : 0.0;
            return;
        }
        case KeyType::integer:
            if (auto v = ctx.integer(n, k, integer_bound(declared.min), integer_bound(declared.max)))
                s.module_settings[k] = static_cast<double>(*v);
            return;
        case KeyType::number:
            if (auto v = ctx.number(n, k, declared.min, declared.max)) s.module_settings[k] = *v;
            return;
        case KeyType::text: {
            std::string text;
            ctx.set_string(n, k, text);
            if (n.is_string()) {
                s.module_texts[k] = text;
                ctx.record(k);
            }
            return;
        }
        case KeyType::list: return read_number_list(ctx, n, k, declared);
        case KeyType::table:
            return ctx.problem(n, k, "a module's own section takes true/false, numbers, lists of numbers and text only");
    }
}

}  // namespace pcnsim::scenario_reader
