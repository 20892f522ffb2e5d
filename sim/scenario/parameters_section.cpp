// Reader of the [parameters] section: values of the parameters the modules declare, flat
// ("gp.base_rate_per_year" = 6.1) or nested ([parameters.gp] base_rate_per_year = 6.1). The known
// keys are the declared names; an unknown one gets a hint among them.
#include <fmt/format.h>

#include <cmath>

#include "sim/scenario/parameters.hpp"
#include "sim/scenario/scenario_reader.hpp"

namespace pcnsim::scenario_reader {
namespace {

void set_parameter(ReadContext& ctx, const toml::node& node, const std::string& name) {
    const int index = Parameters::index_of(name);
    if (index < 0) {
        std::vector<std::string> known;
        for (const auto& d : parameter_declarations()) known.emplace_back(d.name);
        return ctx.unknown_key(node, name, known, "");
    }
    const auto& decl = parameter_declarations()[static_cast<std::size_t>(index)];
    const auto v = node.value<double>();
    if (!(node.is_integer() || node.is_floating_point()) || !v)
        return ctx.problem(node, name, fmt::format("expected a number ({}), got {}", decl.unit, type_name(node)));
    if (!std::isfinite(*v) || *v < decl.min || *v > decl.max)
        return ctx.problem(node, name, fmt::format("{} is out of range [{:g}, {:g}] ({})", *v, decl.min, decl.max, decl.unit));
    ctx.scenario().parameters.set(name, *v);
    ctx.record(name);
    ctx.note_origin(node, name);
}

// A nested table's keys are joined to its name with dots: [parameters.gp] base_rate_per_year.
void read_parameter_table(ReadContext& ctx, const toml::table& table, const std::string& prefix) {
    for (auto&& [key, value] : table) {
        const std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
        if (const auto* nested = value.as_table()) read_parameter_table(ctx, *nested, name);
        else set_parameter(ctx, value, name);
    }
}

}  // namespace

void read_parameters(ReadContext& ctx, const toml::node& node) {
    const auto* table = node.as_table();
    if (!table) return ctx.problem(node, "parameters", "expected a table ([parameters])");
    read_parameter_table(ctx, *table, "");
}

}  // namespace pcnsim::scenario_reader
