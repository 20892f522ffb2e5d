// load_scenario: a scenario file and the files it `extends` (root first), then --set overrides, then
// the checks that span sections. Each section's keys are read in scenario_sections.cpp,
// targeting_section.cpp and parameters_section.cpp (see scenario_reader.hpp for the layers).
#include <toml++/toml.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <utility>

#include "sim/core/file_io.hpp"
#include "sim/core/file_text.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_reader.hpp"

namespace pcnsim {
namespace fs = std::filesystem;
using scenario_reader::Origin;
using scenario_reader::ReadContext;

namespace {

// The reader of each section's keys, by the section's name in scenario_section_keys().
scenario_reader::SectionKeyReader section_reader(std::string_view section) {
    using namespace scenario_reader;
    static constexpr std::pair<std::string_view, SectionKeyReader> readers[] = {
        {"run", read_run_key},
        {"population", read_population_key},
        {"processes", read_processes_key},
        {"gp_workforce", read_gp_workforce_key},
        {"coaching", read_coaching_key},
        {"network", read_network_key},
        {"targeting", read_targeting_key},
    };
    for (const auto& [name, reader] : readers)
        if (name == section) return reader;
    return read_module_key;  // a section of a module added beside the built-in ones
}

// A scenario name labels CSV rows and names the default output folder: no commas, quotes, slashes,
// and not "." or "..".
bool valid_scenario_name(const std::string& name) {
    const bool allowed = std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    });
    return allowed && name.find_first_not_of('.') != std::string::npos;
}

void set_name(ReadContext& ctx, const toml::node& n, const std::string& k) {
    std::string name;
    ctx.set_string(n, k, name);
    if (!valid_scenario_name(name))
        return ctx.problem(n, k, "use letters, digits, '_', '-' and '.' only, not only dots (it names output rows and folders)");
    ctx.scenario().name = name;
}

// One section table: its known keys go to the section's reader, unknown ones are problems.
void read_section(ReadContext& ctx, std::string_view section, const toml::node& node, const std::string& k) {
    const auto* table = node.as_table();
    if (!table) return ctx.problem(node, k, "expected a table ([" + k + "])");
    const auto read_key = section_reader(section);
    check_known_keys(*table, section, *known_keys_of(section), ctx,
                     [&ctx, read_key](std::string_view key, const toml::node& value, const std::string& dotted_key) {
                         read_key(ctx, key, value, dotted_key);
                     });
}

// The keys of one file, or of one --set override, in the table's order.
void apply_table(ReadContext& ctx, const toml::table& root, const Origin& origin) {
    ctx.set_origin(origin);
    for (auto&& [key, node] : root) {
        const std::string k(key.str());
        if (k == "extends") {  // handled by the chain loader
            if (origin.is_command_line) ctx.problem(node, k, "cannot be set with --set; use it in a scenario file");
            continue;
        }
        if (k == "name") set_name(ctx, node, k);
        else if (k == "description") ctx.set_string(node, k, ctx.scenario().description);
        else if (k == "parameters") read_parameters(ctx, node);
        else if (known_keys_of(k)) {
            if (k == "coaching") ctx.scenario().coaching.present = true;
            read_section(ctx, k, node, k);
        } else ctx.unknown_key(node, k, top_level_hints(), "");
    }
}

struct ChainFile {
    Origin origin;
    toml::table table;
    std::string text;
};

// A chain deeper than this is a mistake (a generated chain gone wrong), not a design; the limit
// keeps a long chain from overflowing the stack of the recursive loader.
constexpr std::size_t kMaxExtendsDepth = 64;

// The files of one chain being loaded, from the file named on the command line (`start`).
struct ChainWalk {
    std::string start;
    std::vector<std::string> visiting;  // canonical paths, root of the recursion first
    std::vector<ChainFile> chain;
    Problems& problems;

    void problem(const Problem& where, std::string message) {
        Problem p = where;
        p.message = std::move(message);
        problems.push_back(std::move(p));
    }
};

// Parses `path` and, before it, the files it extends (root first). Cycles, missing and unreadable
// files, empty files and chains deeper than kMaxExtendsDepth are problems.
bool load_chain(const fs::path& path, const std::string& shown_as, const Problem& where_referenced, ChainWalk& walk) {
    std::error_code ec;
    if (const auto why = not_a_file(path); !why.empty()) {
        walk.problem(where_referenced, shown_as == where_referenced.file ? why : why + ": " + shown_as);
        return false;
    }
    if (walk.visiting.size() >= kMaxExtendsDepth) {
        walk.problem(where_referenced, fmt::format("the extends chain starting at {} is more than {} files deep", walk.start, kMaxExtendsDepth));
        return false;
    }
    const auto canonical = fs::weakly_canonical(path, ec).string();
    if (std::find(walk.visiting.begin(), walk.visiting.end(), canonical) != walk.visiting.end()) {
        walk.problem(where_referenced, "cycle: " + shown_as + " extends itself through the chain");
        return false;
    }
    auto read = read_file_text(path);
    if (!read.ok()) {
        walk.problem(where_referenced, "cannot read " + shown_as + ": " + read.error);
        return false;
    }
    ChainFile file{{shown_as, path.parent_path().string()}, {}, std::move(read.text)};
    try {
        file.table = toml::parse(file.text, shown_as);
    } catch (const toml::parse_error& e) {
        walk.problems.push_back({shown_as, static_cast<int>(e.source().begin.line), "", std::string(e.description())});
        return false;
    }
    if (file.table.empty()) {
        walk.problems.push_back({shown_as, 0, "", "the scenario is empty: give at least extends = \"...\" or a [section]"});
        return false;
    }
    walk.visiting.push_back(canonical);
    if (const auto* ext = file.table.get("extends")) {
        const Problem here{shown_as, static_cast<int>(ext->source().begin.line), "extends", ""};
        if (!ext->is_string()) {
            walk.problem(here, "expected a file path (string)");
            return false;
        }
        const std::string rel = *ext->value<std::string>();
        const std::string parent_shown = (fs::path(shown_as).parent_path() / rel).lexically_normal().string();
        if (!load_chain(path.parent_path() / rel, parent_shown, here, walk)) return false;
    }
    walk.chain.push_back(std::move(file));
    return true;
}

// `--set key=value`, each read as a one-line TOML file of its own.
void apply_set_override(ReadContext& ctx, const std::string& s, Problems& problems) {
    const auto eq = s.find('=');
    const Origin origin{"--set " + s, fs::current_path().string(), true};
    if (eq == std::string::npos || eq == 0) {
        problems.push_back({"--set", 0, s, "expected key=value"});
        return;
    }
    const std::string key = s.substr(0, eq);
    const std::string value = s.substr(eq + 1);
    // Read as TOML, a line break would start a second key=value the user never meant to set.
    if (s.find_first_of("\r\n") != std::string::npos) {
        problems.push_back({"--set", 0, key, "the value contains a line break; give one key=value per --set"});
        return;
    }
    // A scenario setting (run.weeks, population.list_size, ...) or a top-level key applies as it is;
    // anything else is read as a parameter name, so a misspelt parameter gets a parameter hint.
    const std::string first = key.substr(0, key.find('.'));
    // A declared parameter wins over a section of the same first name (coaching.share_group).
    const bool setting = Parameters::index_of(key) < 0 && (key.find('.') == std::string::npos || known_keys_of(first));
    const std::string toml_key = setting ? key : "parameters.\"" + key + "\"";
    try {
        apply_table(ctx, toml::parse(toml_key + " = " + value, origin.file), origin);
    } catch (const toml::parse_error&) {
        try {  // allow bare strings: --set population.source=synthetic
            apply_table(ctx, toml::parse(toml_key + " = \"" + value + "\"", origin.file), origin);
        } catch (const toml::parse_error&) {
            problems.push_back({"--set", 0, key, "cannot read value '" + value + "'"});
        }
    }
}

// Problems in file and line order, whatever order the keys were checked in.
void sort_problems(Problems& problems) {
    std::vector<std::string> file_order;
    for (const auto& p : problems)
        if (std::find(file_order.begin(), file_order.end(), p.file) == file_order.end()) file_order.push_back(p.file);
    const auto rank = [&file_order](const Problem& p) {
        return std::make_pair(std::find(file_order.begin(), file_order.end(), p.file) - file_order.begin(), p.line);
    };
    std::stable_sort(problems.begin(), problems.end(), [&rank](const Problem& a, const Problem& b) { return rank(a) < rank(b); });
}

// Parameters declared as shares of one whole (ParameterDeclaration::share_of) must sum to 1:
// reported at the last of them set, with its line.
void check_shares_sum_to_one(const ReadContext& ctx, const Scenario& scenario, Problems& problems) {
    struct Whole {
        double sum = 0;
        std::vector<std::string_view> names;
        const Problem* last = nullptr;
    };
    std::map<std::string_view, Whole> wholes;
    for (const auto& d : parameter_declarations()) {
        if (d.share_of.empty()) continue;
        auto& w = wholes[d.share_of];
        const std::string name(d.name);
        w.sum += scenario.parameters.get(name);
        w.names.push_back(d.name);
        if (const Problem* origin = ctx.origin_of(name)) w.last = origin;
    }
    for (const auto& [whole, w] : wholes) {
        if (std::abs(w.sum - 1.0) <= 1e-6 || !w.last) continue;
        Problem p = *w.last;
        p.message = fmt::format("the shares of {} ({}) sum to {:.6g}; they must sum to 1 (set all {})", whole, fmt::join(w.names, ", "), w.sum,
                                w.names.size());
        problems.push_back(p);
    }
}

// Settings that need another: reported against the last file read (no line), unless the key already has a problem.
void check_settings_together(const Scenario& scenario, const std::string& path, Problems& problems) {
    const auto mentioned = [&problems](const std::string& key) {
        return std::any_of(problems.begin(), problems.end(), [&key](const Problem& p) { return p.key == key; });
    };
    const std::string& file = scenario.files.empty() ? path : scenario.files.back();
    const auto& net = scenario.network;
    // Group sessions are formed from the waiting list and need no graph.
    for (const auto& [on, key] : {std::pair{net.buddies, "network.buddies"}, std::pair{net.spillover, "network.spillover"},
                                  std::pair{net.buddy_requires_tie, "network.buddy_requires_tie"}})
        if (on && !net.enabled && !mentioned(key)) problems.push_back({file, 0, key, "needs network.enabled = true"});
    if (scenario.population.kind == PopulationSourceKind::practice_files) {
        const auto& f = scenario.population.files;
        if (f.registered_patients.empty() && !mentioned("population.registered_patients"))
            problems.push_back({file, 0, "population.registered_patients", "required when population.source = \"practice_files\""});
        if (f.org_codes.empty() && f.pcn_membership.empty() && !mentioned("population.org_codes"))
            problems.push_back({file, 0, "population.org_codes", "required when population.source = \"practice_files\""});
    }
}

// A synthetic PCN's patients are shared among its practices in proportion to their sizes: fewer than
// 100 a practice (the smallest list_size) leaves practices with a handful or none, each adding its
// rows to every output (60,000 practices of 3,000 patients wrote 3.3 GB). Several PCNs already get at
// least 100 a practice each.
void check_practices_have_patients(ReadContext& ctx, const Scenario& scenario) {
    const auto& syn = scenario.population.synthetic;
    if (scenario.population.kind != PopulationSourceKind::synthetic || syn.pcns > 1 || syn.list_size >= 100LL * syn.practices) return;
    if (const Problem* where = ctx.later_origin("population.practices", "population.list_size"))
        ctx.problem_at(
            *where, fmt::format("{} practices share {} patients: at least 100 patients a practice (list_size {} or more), or fewer practices",
                                syn.practices, syn.list_size, 100LL * syn.practices));
}

}  // namespace

Scenario default_scenario() { return Scenario{}; }

Scenario load_scenario(const std::string& path, const std::vector<std::string>& set_overrides, Problems& problems) {
    Scenario scenario;
    scenario.name = fs::path(path).stem().string();
    ChainWalk walk{path, {}, {}, problems};
    if (!load_chain(path, path, Problem{path, 0, "", ""}, walk)) return scenario;
    const auto& chain = walk.chain;
    ReadContext ctx(scenario, problems);
    for (const auto& f : chain) {
        scenario.files.push_back(f.origin.file);
        scenario.text += "# --- " + f.origin.file + " ---\n" + f.text + "\n";
        apply_table(ctx, f.table, f.origin);
    }
    // A name belongs to the file that sets it: a child that sets none is named after its own file,
    // so a variant of the baseline is never labelled "baseline".
    if (!chain.back().table.contains("name")) {
        scenario.name = fs::path(path).stem().string();
        if (!valid_scenario_name(scenario.name))
            problems.push_back({path, 0, "name", "the file name cannot name output rows; set name = \"...\" (letters, digits, '_', '-', '.')"});
    }
    for (const auto& s : set_overrides) apply_set_override(ctx, s, problems);
    sort_problems(problems);
    check_shares_sum_to_one(ctx, scenario, problems);
    scenario_reader::check_rule_selects_someone(ctx, scenario.targeting.all_of, "targeting");
    check_settings_together(scenario, path, problems);
    check_practices_have_patients(ctx, scenario);
    return scenario;
}

}  // namespace pcnsim
