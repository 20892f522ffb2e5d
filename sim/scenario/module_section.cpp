// Sections of modules added beside the built-in ones (sim/core/module.hpp): their keys are read by
// the type the module declares, into Scenario::module_settings and module_texts, so that a new
// module needs no reader here.
#include <toml++/toml.h>

#include <limits>

#include "sim/core/catalogue.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_reader.hpp"

namespace pcnsim::scenario_reader {

namespace {
KeyType declared_type(std::string_view dotted_key, std::string_view key) {
    const auto section = dotted_key.substr(0, dotted_key.size() - key.size() - 1);
    if (const auto* s = catalogue().section(section))
        for (const auto& k : s->keys)
            if (k.name == key) return k.type;
    unread_known_key(std::string(dotted_key));
    return KeyType::text;
}
}  // namespace

void read_module_key(ReadContext& ctx, std::string_view key, const toml::node& n, const std::string& k) {
    auto& s = ctx.scenario();
    switch (declared_type(k, key)) {
        case KeyType::boolean: {
            bool value = false;
            ctx.set_bool(n, k, value);
            if (n.is_boolean()) s.module_settings[k] = value ? 1.0 : 0.0;
            return;
        }
        case KeyType::integer:
            if (auto v = ctx.integer(n, k, std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()))
                s.module_settings[k] = static_cast<double>(*v);
            return;
        case KeyType::number:
            if (auto v = ctx.number(n, k, -std::numeric_limits<double>::max(), std::numeric_limits<double>::max())) s.module_settings[k] = *v;
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
        case KeyType::list:
        case KeyType::table:
            return ctx.problem(n, k, "a module's own section takes true/false, numbers and text only");
    }
}

}  // namespace pcnsim::scenario_reader
