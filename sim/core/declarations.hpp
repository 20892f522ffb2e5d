#pragma once
// What a module declares about itself (sim/core/module.hpp): its parameters, its counters and the
// metrics made from them, its random-number streams and its scenario keys. Plain descriptions
// with no model knowledge; the catalogue (catalogue.hpp) assembles them from every module.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/core/tally.hpp"

// The price year of every cost, declared once.
#define PCNSIM_PRICE_YEAR "2023/24"

namespace pcnsim {

inline constexpr std::string_view kPriceYear = PCNSIM_PRICE_YEAR;
inline constexpr std::string_view kGbpUnit = "GBP (price year " PCNSIM_PRICE_YEAR ")";

enum class PriorKind { fixed, beta, lognormal, normal, uniform };

struct Prior {
    PriorKind kind = PriorKind::fixed;
    double a = 0.0;  // beta: alpha; lognormal: median; normal: mean; uniform: lower
    double b = 0.0;  // beta: beta;  lognormal: sd of log; normal: sd; uniform: upper
    std::string describe() const;
};

// Whether scenarios compared with one another may set a parameter differently. Parameters of the
// population and of what both arms share (demography, propensity, activation set points) must be the
// same in every compared scenario, or their differences would come from another population rather
// than from the options compared; the rest may differ between options.
enum class Comparison : std::uint8_t { may_differ, same_population };

struct ParameterDeclaration {
    std::string_view name;  // dotted, e.g. "gp.base_rate_per_year"
    std::string_view unit;
    double default_value;
    double min;  // plausible range: validation bounds and prior support
    double max;
    Prior prior;
    std::string_view source;  // "assumption" where no good published source exists
    Comparison comparison = Comparison::may_differ;
    // Names a whole of which the parameter is a share: the parameters naming the same whole must sum
    // to 1, or the scenario is refused (PSA cannot draw them independently: give them fixed priors).
    std::string_view share_of = {};
};

// A counter of the week's tally (tally.hpp). Built-in counters name their enum value; a module
// added later leaves `id` at Counter::count and the catalogue gives it the next free id.
struct CounterDeclaration {
    std::string_view name;
    std::string_view meaning;
    Counter id = Counter::count;
};

enum class MetricKind {
    flow,   // events: summed over weeks; per_1000_per_year is given
    stock,  // a level each week: the horizon figure is the mean over weeks
    ratio,  // numerator / denominator counters, both summed over the weeks in question
};

enum class MetricScope {
    groups,    // every patient group
    practice,  // belongs to a practice, not a patient group: whole run, by practice, by PCN
    pcn,       // belongs to the PCN (the coach workforce): whole run and by PCN
};

// An output metric as a module declares it: counters by name.
struct MetricDeclaration {
    std::string_view name;
    MetricKind kind;
    std::string_view numerator;    // a counter's name
    std::string_view denominator;  // ratio only
    double scale = 1.0;            // numerator multiplier (e.g. 1 / kPamScale)
    std::string_view cost_param;   // flows in GBP: the unit cost parameter; empty otherwise
    MetricScope scope = MetricScope::groups;
    std::string_view unit;
    std::string_view description;
    // Position in every output table. Outputs are read by scripts and compared byte for byte, so
    // a metric keeps its position; a new module's metrics take new positions (gaps are left).
    int listing = 0;
};

// The same, resolved: counters by id. This is what outputs use.
struct MetricInfo {
    std::string_view name;
    MetricKind kind;
    Counter numerator;
    Counter denominator;          // ratio only
    double scale;                 // numerator multiplier
    std::string_view cost_param;  // flows in GBP: the unit cost parameter; empty otherwise
    MetricScope scope;
    std::string_view unit;
    std::string_view description;
};

// A random-number stream (rng.hpp). Ids are part of the reproducibility contract: a stream keeps
// its id for ever, and a new module takes an unused one, so that it shifts no other module's draws.
struct StreamDeclaration {
    Stream id;
    std::string_view name;
    std::string_view meaning;
};

// A key of a scenario file section ([coaching] wte = 2).
enum class KeyType { boolean, integer, number, text, list, table };
struct ScenarioKey {
    std::string_view name;
    KeyType type;
    std::string_view meaning;
    // The accepted range of an integer or number key of a module's own section (module_section.cpp).
    double min = -1.7976931348623157e308, max = 1.7976931348623157e308;
};
struct ScenarioSection {
    std::string_view name;
    std::string_view meaning;
    std::vector<ScenarioKey> keys;
};

std::string_view key_type_name(KeyType t);

}  // namespace pcnsim
