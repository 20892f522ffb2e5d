#pragma once
// Inside the scenario reader (load_scenario, scenario.hpp). Not for use outside sim/scenario and its
// tests. A scenario file is read in layers, each in its own file:
//   scenario_reader.cpp    files and their `extends` chain, --set overrides, top-level keys, the
//                          checks that span sections, and the order problems are reported in
//   scenario_keys.cpp      the keys each section accepts: the one list per section that the
//                          unknown-key check (check_known_keys) reads
//   scenario_values.cpp    ReadContext: typed values (integer in a range, file path, ...), problems
//                          with file:line: key: message, and check_known_keys
//   scenario_sections.cpp  [run], [population], [processes], [gp_workforce], [coaching], [network]
//   targeting_section.cpp  [targeting] and its [[targeting.any_of]] groups
//   parameters_section.cpp [parameters]
// A section reader is handed one known key at a time (check_known_keys has already reported the
// unknown ones), in the order of the TOML table, so problems and recorded overrides keep that order.
#include <toml++/toml.h>

#include <cstdint>
#include <map>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/problems.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_keys.hpp"

namespace pcnsim::scenario_reader {

// Where a value came from, so every problem names file, line and key.
struct Origin {
    std::string file;
    std::string base_dir;  // relative paths in the file are resolved against this
    bool is_command_line = false;
};

// The scenario being filled in, the problems found so far, and the origin of the values being read.
// Typed readers report a problem (and leave the target as it was) or store the value; those marked
// "recorded" also add the key to Scenario::overrides, which the manifest lists.
class ReadContext {
public:
    ReadContext(Scenario& scenario, Problems& problems) : scenario_(scenario), problems_(problems) {}

    Scenario& scenario() { return scenario_; }
    void set_origin(const Origin& origin) { origin_ = origin; }
    const std::string& file() const { return origin_.file; }

    // file:line: key: message (a --set override has no line).
    void problem(const toml::node& n, const std::string& key, const std::string& message);
    // "unknown key", with "; did you mean '<prefix><closest known key>'?" when one is close.
    void unknown_key(const toml::node& n, const std::string& key, const std::vector<std::string>& known,
                     std::string_view prefix);
    void record(const std::string& key);
    // Where a key was last set (file, line; line 0 for --set), for checks of several keys together.
    void note_origin(const toml::node& n, const std::string& key);
    const Problem* origin_of(const std::string& key) const;
    // Of two keys, the one set later (later file of the chain, --set last, then later line); null
    // when neither is set.
    const Problem* later_origin(const std::string& a, const std::string& b) const;
    // A problem of several keys together, reported where `origin` was set.
    void problem_at(const Problem& origin, const std::string& message);

    // Recorded on success.
    std::optional<std::int64_t> integer(const toml::node& n, const std::string& k, std::int64_t lo, std::int64_t hi);
    std::optional<double> number(const toml::node& n, const std::string& k, double lo, double hi);
    // Index of the string value in `options`, or a problem listing them.
    std::optional<int> choice(const toml::node& n, const std::string& k, std::initializer_list<const char*> options);
    void set_int(const toml::node& n, const std::string& k, int& target, std::int64_t lo, std::int64_t hi);
    void set_double(const toml::node& n, const std::string& k, double& target, double lo, double hi);
    void set_bool(const toml::node& n, const std::string& k, bool& target);
    // Resolved against the folder of the file that sets it (the working directory for --set) and
    // normalised; with must_exist, a missing file is a problem.
    void set_path(const toml::node& n, const std::string& k, std::string& target, bool must_exist);
    // Not recorded: names and descriptions are labels, not settings.
    void set_string(const toml::node& n, const std::string& k, std::string& target);

private:
    Scenario& scenario_;
    Problems& problems_;
    Origin origin_;
    std::map<std::string, Problem> origins_;
};

// "a string", "an integer", ...: for "expected X, got Y" messages.
std::string type_name(const toml::node& n);

// Reads one known key of a section: `key` is its name in the section, `dotted_key` the name that
// problems and overrides use ("run.weeks").
using KeyReader = std::function<void(std::string_view key, const toml::node& value, const std::string& dotted_key)>;

// The one check for unknown keys in a section. Every key of `section` that is not in `known_keys`
// is reported as "<section_name>.<key>: unknown key" with a hint among `known_keys`; every known
// one is handed to `read_known`, in the table's order. (known_keys comes from scenario_keys.hpp
// today; a schema assembled from the model's modules can take its place.)
void check_known_keys(const toml::table& section, std::string_view section_name,
                      const std::vector<std::string_view>& known_keys, ReadContext& ctx, const KeyReader& read_known);

// Readers of one known key of a section, for check_known_keys. A key in the section's list that
// the reader does not handle is a programming error (std::logic_error), which a test looks for.
using SectionKeyReader = void (*)(ReadContext& ctx, std::string_view key, const toml::node& value,
                                  const std::string& dotted_key);
void read_run_key(ReadContext& ctx, std::string_view key, const toml::node& value, const std::string& dotted_key);
void read_population_key(ReadContext& ctx, std::string_view key, const toml::node& value, const std::string& dotted_key);
void read_processes_key(ReadContext& ctx, std::string_view key, const toml::node& value, const std::string& dotted_key);
// Keys of a section declared by a module that has no reader of its own here: booleans and numbers
// go to Scenario::module_settings, text to module_texts, as the module declares the key's type.
void read_module_key(ReadContext& ctx, std::string_view key, const toml::node& n, const std::string& k);
void read_gp_workforce_key(ReadContext& ctx, std::string_view key, const toml::node& value, const std::string& dotted_key);
void read_coaching_key(ReadContext& ctx, std::string_view key, const toml::node& value, const std::string& dotted_key);
void read_network_key(ReadContext& ctx, std::string_view key, const toml::node& value, const std::string& dotted_key);
// Eligibility rules that select nobody whatever the population (age_min above age_max,
// conditions_at_least above the number of conditions_counted), keys under `prefix`.
void check_rule_selects_someone(ReadContext& ctx, const EligibilityRule& rule, const std::string& prefix);
void read_targeting_key(ReadContext& ctx, std::string_view key, const toml::node& value, const std::string& dotted_key);
[[noreturn]] void unread_known_key(const std::string& dotted_key);

// [parameters]: flat ("gp.base_rate_per_year" = 6.1) or nested ([parameters.gp]) tables of declared
// parameters (declared by the modules), each checked against its declared range.
void read_parameters(ReadContext& ctx, const toml::node& node);

}  // namespace pcnsim::scenario_reader
