#pragma once
// A module describes itself before anything runs, in one place: the parameters it reads (with
// unit, default, range, prior and source), the agent columns it adds, the counters it keeps and the
// metrics made from them, its random-number streams, its scenario section, the fields of this
// week it reads and writes, and the weekly uniform slots it draws from. The catalogue
// (catalogue.hpp) assembles the agent store, the tally, the metric catalogue, the stream table,
// the scenario schema, `pcnsim params`, `pcnsim metrics` and `pcnsim modules` from these
// declarations, and checks that they fit together. How a module runs in the week is declared
// beside it by the model (sim/processes/module.hpp).
#include <string_view>
#include <vector>

#include "sim/core/agent_store.hpp"
#include "sim/core/declarations.hpp"
#include "sim/core/weekly_uniforms.hpp"

namespace pcnsim {

struct ModuleDeclaration {
    std::string_view name = {};
    std::string_view purpose = {};  // one line for `pcnsim modules` and docs/modules.md
    std::vector<ParameterDeclaration> parameters = {};
    std::vector<ColumnDeclaration> columns = {};
    std::vector<CounterDeclaration> counters = {};
    std::vector<MetricDeclaration> metrics = {};
    std::vector<StreamDeclaration> streams = {};
    std::vector<ScenarioSection> sections = {};
    // Fields of this week (ColumnScope::this_week columns, any module's) the module reads and
    // writes; the week's order is checked against them.
    std::vector<std::string_view> reads = {};
    std::vector<std::string_view> writes = {};
    std::vector<Slot> slots = {};  // weekly uniform slots it draws from (weekly_uniforms.hpp)
};

// Short forms for declarations: `using namespace declare;` inside a module's declaration.
namespace declare {
constexpr Prior fixed() { return {PriorKind::fixed, 0, 0}; }
constexpr Prior beta(double a, double b) { return {PriorKind::beta, a, b}; }
constexpr Prior logn(double median, double sdlog) { return {PriorKind::lognormal, median, sdlog}; }
constexpr Prior norm(double mean, double sd) { return {PriorKind::normal, mean, sd}; }
constexpr Prior unif(double lo, double hi) { return {PriorKind::uniform, lo, hi}; }
inline constexpr std::string_view kAssumption = "assumption";
inline constexpr auto kSamePopulation = Comparison::same_population;
inline constexpr auto kPerArm = ColumnScope::per_arm;
inline constexpr auto kShared = ColumnScope::shared;
inline constexpr auto kThisWeek = ColumnScope::this_week;
inline constexpr auto kGroups = MetricScope::groups;
inline constexpr auto kPractice = MetricScope::practice;
inline constexpr auto kPcn = MetricScope::pcn;
inline constexpr auto kFlow = MetricKind::flow;
inline constexpr auto kStock = MetricKind::stock;
inline constexpr auto kRatio = MetricKind::ratio;

// A flow metric: events counted by `counter`, summed over weeks.
constexpr MetricDeclaration flow(std::string_view name, std::string_view counter, std::string_view unit,
                                 std::string_view description, int listing) {
    return {name, kFlow, counter, {}, 1.0, {}, kGroups, unit, description, listing};
}
// A stock metric: a level each week, averaged over weeks.
constexpr MetricDeclaration stock(std::string_view name, std::string_view counter, std::string_view unit,
                                  std::string_view description, int listing) {
    return {name, kStock, counter, {}, 1.0, {}, kGroups, unit, description, listing};
}
// A cost in GBP: a flow priced by a unit cost parameter.
constexpr MetricDeclaration cost(std::string_view name, std::string_view counter, std::string_view param,
                                 std::string_view description, int listing, MetricScope scope = kGroups, double scale = 1.0) {
    return {name, kFlow, counter, {}, scale, param, scope, kGbpUnit, description, listing};
}
}  // namespace declare

}  // namespace pcnsim
