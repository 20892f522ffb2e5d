#include "sim/scenario/scenario.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <optional>
#include <map>
#include <sstream>

#include "sim/core/agent_store.hpp"
#include "sim/core/file_text.hpp"
#include "sim/core/rng.hpp"

namespace pcnsim {
namespace fs = std::filesystem;

namespace {

// Where a value came from, so every problem names file, line and key.
struct Origin {
    std::string file;
    std::string base_dir;  // relative paths in the file are resolved against this
    bool is_command_line = false;
};

// A scenario name labels CSV rows and names the default output folder: no commas, quotes, slashes,
// and not "." or "..".
bool valid_scenario_name(const std::string& name) {
    const bool allowed = std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    });
    return allowed && name.find_first_not_of('.') != std::string::npos;
}

class Reader {
public:
    Reader(Scenario& s, Problems& p) : scenario_(s), problems_(p) {}

    void apply(const toml::table& root, const Origin& origin) {
        origin_ = &origin;
        for (auto&& [key, node] : root) {
            const std::string k(key.str());
            if (k == "extends") {  // handled by the chain loader
                if (origin.is_command_line) problem(node, k, "cannot be set with --set; use it in a scenario file");
                continue;
            }
            if (k == "name") set_name(node, k);
            else if (k == "description") set_string(node, k, scenario_.description);
            else if (k == "parameters") apply_parameters(node, "");
            else if (const auto* section = find_section(k)) {
                if (k == "coaching") scenario_.coaching.present = true;
                apply_section(*section, node, k);
            }
            else unknown(node, k, top_level_keys());
        }
    }

private:
    using Setter = std::function<void(const toml::node&, const std::string&)>;
    struct Section {
        std::string name;
        std::map<std::string, Setter> keys;
    };

    const Section* find_section(const std::string& name) {
        if (sections_.empty()) build_sections();
        for (const auto& s : sections_)
            if (s.name == name) return &s;
        return nullptr;
    }

    std::vector<std::string> top_level_keys() {
        if (sections_.empty()) build_sections();
        std::vector<std::string> k{"extends", "name", "description", "parameters"};
        for (const auto& s : sections_) {
            k.push_back(s.name);
            for (const auto& [key, _] : s.keys) k.push_back(s.name + "." + key);  // `weeks` -> run.weeks
        }
        return k;
    }

    void build_sections() {
        auto& run = scenario_.run;
        auto& syn = scenario_.population.synthetic;
        auto& files = scenario_.population.files;
        sections_.push_back({"run",
            {{"weeks", int_setter(run.weeks, 1, 520)},
             {"warmup_weeks", int_setter(run.warmup_weeks, 0, 520)},
             {"seed", [this, &run](const toml::node& n, const std::string& k) {
                  if (auto v = integer(n, k, 0, INT64_MAX)) run.seed = static_cast<std::uint64_t>(*v);
              }},
             {"replications", int_setter(run.replications, 1, 65536)},
             {"psa_draws", int_setter(run.psa_draws, 0, 100000)},
             {"threads", int_setter(run.threads, 0, 1024)}}});
        sections_.push_back({"population",
            {{"source", [this](const toml::node& n, const std::string& k) { set_source(n, k); }},
             {"list_size", int_setter(syn.list_size, 100, 20000000)},
             {"practices", int_setter(syn.practices, 1, 60000)},
             {"imd_quintile_shares", [this, &syn](const toml::node& n, const std::string& k) { set_shares(n, k, syn.imd_quintile_shares); }},
             {"practice_imd_spread", double_setter(syn.practice_imd_spread, 0.0, 1.0)},
             {"pcns", int_setter(syn.pcns, 1, static_cast<int>(kMaxPcns))},
             {"pcn_list_size_spread", double_setter(syn.pcn_list_size_spread, 0.0, 1.0)},
             {"pcn_imd_spread", double_setter(syn.pcn_imd_spread, 0.0, 1.0)},
             {"pcn_membership", path_setter(files.pcn_membership, true)},
             {"pcn_codes", [this, &files](const toml::node& n, const std::string& k) { set_codes(n, k, files.pcn_codes, "PCN code"); }},
             {"registered_patients", path_setter(files.registered_patients, true)},
             {"prevalence", path_setter(files.prevalence, true)},
             {"deprivation", path_setter(files.deprivation, true)},
             {"org_codes", [this, &files](const toml::node& n, const std::string& k) { set_codes(n, k, files.org_codes); }}}});
        sections_.push_back({"processes",
            {{"demography", bool_setter(scenario_.demography)}}});
        sections_.push_back({"gp_workforce",
            {{"unlimited", bool_setter(scenario_.gp_capacity_unlimited)}}});
        auto& coaching = scenario_.coaching;
        sections_.push_back({"coaching",
            {{"wte", [this, &coaching](const toml::node& n, const std::string& k) {
                  if (auto v = number(n, k, 0.0, 1000.0)) coaching.wte_schedule = {{0, *v}};
              }},
             {"wte_schedule", [this, &coaching](const toml::node& n, const std::string& k) { set_wte_schedule(n, k, coaching); }},
             {"waiting_list", [this, &coaching](const toml::node& n, const std::string& k) {
                  if (auto v = choice(n, k, {"fifo", "priority"})) coaching.priority_waiting_list = *v == 1;
              }}}});
        auto& network = scenario_.network;
        sections_.push_back({"network",
            {{"enabled", bool_setter(network.enabled)},
             {"buddies", bool_setter(network.buddies)},
             {"buddy_requires_tie", bool_setter(network.buddy_requires_tie)},
             {"group_sessions", bool_setter(network.group_sessions)},
             {"spillover", bool_setter(network.spillover)}}});
        auto& targeting = scenario_.targeting;
        Section targeting_section{"targeting", rule_keys(targeting.all_of)};
        targeting_section.keys["name"] = [this, &targeting](const toml::node& n, const std::string& k) {
            set_string(n, k, targeting.name);
        };
        targeting_section.keys["priority"] = [this, &targeting](const toml::node& n, const std::string& k) {
            if (auto v = choice(n, k, {"none", "risk", "low_activation", "gp_use", "deprivation"}))
                targeting.priority = static_cast<TargetingPriority>(*v);
        };
        targeting_section.keys["case_finding"] = bool_setter(targeting.case_finding);
        targeting_section.keys["any_of"] = [this, &targeting](const toml::node& n, const std::string& k) { set_any_of(n, k, targeting); };
        sections_.push_back(std::move(targeting_section));
    }

    // Eligibility predicates (scenario.hpp, EligibilityRule), for [targeting] and each [[targeting.any_of]].
    std::map<std::string, Setter> rule_keys(EligibilityRule& r) {
        return {
            {"conditions_any", [this, &r](const toml::node& n, const std::string& k) { set_conditions(n, k, r.conditions_any); }},
            {"conditions_all", [this, &r](const toml::node& n, const std::string& k) { set_conditions(n, k, r.conditions_all); }},
            {"conditions_counted", [this, &r](const toml::node& n, const std::string& k) { set_conditions(n, k, r.conditions_counted); }},
            {"conditions_at_least", int_setter(r.conditions_at_least, 0, 6)},
            {"pam_level_at_most", int_setter(r.pam_level_at_most, 1, 4)},
            {"risk_top_percent", double_setter(r.risk_top_percent, 0.0, 100.0)},
            {"imd_quintiles", [this, &r](const toml::node& n, const std::string& k) { set_quintiles(n, k, r.imd_quintiles); }},
            {"age_min", int_setter(r.age_min, 0, 150)},
            {"age_max", int_setter(r.age_max, 0, 150)},
            {"repeat_meds_at_most", int_setter(r.repeat_meds_at_most, 0, 255)},
            {"gp_appointments_12m_at_least", int_setter(r.gp_appointments_12m_at_least, 0, 1000)},
            {"gp_appointments_12m_top_percent", double_setter(r.gp_appointments_12m_top_percent, 0.0, 100.0)},
            {"care_home", [this, &r](const toml::node& n, const std::string& k) {
                 if (!n.is_boolean()) return problem(n, k, "expected true or false, got " + type_name(n));
                 r.care_home = *n.value<bool>() ? 1 : 0;
                 record(n, k);
             }},
            {"frailty_at_least", [this, &r](const toml::node& n, const std::string& k) {
                 if (auto v = choice(n, k, {"fit", "mild", "moderate", "severe"})) r.frailty_at_least = *v;
             }},
        };
    }

    void apply_section(const Section& section, const toml::node& node, const std::string& name) {
        const auto* table = node.as_table();
        if (!table) return problem(node, name, "expected a table ([" + name + "])");
        for (auto&& [key, value] : *table) {
            const std::string k(key.str());
            const auto it = section.keys.find(k);
            if (it == section.keys.end()) {
                std::vector<std::string> known;
                for (const auto& [kk, _] : section.keys) known.push_back(kk);
                unknown(value, name + "." + k, known, name + ".");
                continue;
            }
            it->second(value, name + "." + k);
        }
    }

    void apply_parameters(const toml::node& node, const std::string& prefix) {
        const auto* table = node.as_table();
        if (!table) return problem(node, "parameters", "expected a table ([parameters])");
        for (auto&& [key, value] : *table) {
            const std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
            if (value.is_table()) {
                apply_parameters(value, name);
                continue;
            }
            set_parameter(value, name);
        }
    }

    void set_parameter(const toml::node& node, const std::string& name) {
        const int index = Parameters::index_of(name);
        if (index < 0) {
            std::vector<std::string> known;
            for (const auto& d : parameter_declarations()) known.emplace_back(d.name);
            return unknown(node, name, known, "");
        }
        const auto& decl = parameter_declarations()[static_cast<std::size_t>(index)];
        const auto v = node.value<double>();
        if (!(node.is_integer() || node.is_floating_point()) || !v)
            return problem(node, name, fmt::format("expected a number ({}), got {}", decl.unit, type_name(node)));
        if (!std::isfinite(*v) || *v < decl.min || *v > decl.max)
            return problem(node, name, fmt::format("{} is out of range [{:g}, {:g}] ({})", *v, decl.min, decl.max, decl.unit));
        scenario_.parameters.set(name, *v);
        record(node, name);
    }

    // --- typed setters ---
    Setter int_setter(int& target, std::int64_t lo, std::int64_t hi) {
        return [this, &target, lo, hi](const toml::node& n, const std::string& k) {
            if (auto v = integer(n, k, lo, hi)) target = static_cast<int>(*v);
        };
    }
    Setter double_setter(double& target, double lo, double hi) {
        return [this, &target, lo, hi](const toml::node& n, const std::string& k) {
            if (auto v = number(n, k, lo, hi)) target = *v;
        };
    }
    Setter bool_setter(bool& target) {
        return [this, &target](const toml::node& n, const std::string& k) {
            if (!n.is_boolean()) return problem(n, k, "expected true or false, got " + type_name(n));
            target = *n.value<bool>();
            record(n, k);
        };
    }
    Setter path_setter(std::string& target, bool must_exist) {
        return [this, &target, must_exist](const toml::node& n, const std::string& k) {
            if (!n.is_string()) return problem(n, k, "expected a file path (string), got " + type_name(n));
            const fs::path p = fs::path(origin_->base_dir) / *n.value<std::string>();
            if (must_exist && !fs::is_regular_file(p))
                return problem(n, k, "file not found: " + p.lexically_normal().string());
            target = p.lexically_normal().string();
            record(n, k);
        };
    }

    std::optional<std::int64_t> integer(const toml::node& n, const std::string& k, std::int64_t lo, std::int64_t hi) {
        if (!n.is_integer()) {
            problem(n, k, "expected an integer, got " + type_name(n));
            return std::nullopt;
        }
        const auto v = *n.value<std::int64_t>();
        if (!std::isfinite(static_cast<double>(v)) || v < lo || v > hi) {
            problem(n, k, fmt::format("{} is out of range [{}, {}]", v, lo, hi));
            return std::nullopt;
        }
        record(n, k);
        return v;
    }
    std::optional<double> number(const toml::node& n, const std::string& k, double lo, double hi) {
        if (!(n.is_integer() || n.is_floating_point())) {
            problem(n, k, "expected a number, got " + type_name(n));
            return std::nullopt;
        }
        const double v = *n.value<double>();
        if (!std::isfinite(static_cast<double>(v)) || v < lo || v > hi) {
            problem(n, k, fmt::format("{:g} is out of range [{:g}, {:g}]", v, lo, hi));
            return std::nullopt;
        }
        record(n, k);
        return v;
    }

    void set_name(const toml::node& n, const std::string& k) {
        std::string name;
        set_string(n, k, name);
        if (!valid_scenario_name(name))
            return problem(n, k, "use letters, digits, '_', '-' and '.' only, not only dots (it names output rows and folders)");
        scenario_.name = name;
    }
    void set_string(const toml::node& n, const std::string& k, std::string& target) {
        if (!n.is_string()) return problem(n, k, "expected a string, got " + type_name(n));
        target = *n.value<std::string>();
    }
    void set_source(const toml::node& n, const std::string& k) {
        const auto v = n.value<std::string>();
        if (!n.is_string() || (*v != "synthetic" && *v != "practice_files"))
            return problem(n, k, "expected \"synthetic\" or \"practice_files\"");
        scenario_.population.kind = *v == "synthetic" ? PopulationSourceKind::synthetic : PopulationSourceKind::practice_files;
        record(n, k);
    }
    void set_shares(const toml::node& n, const std::string& k, std::array<double, 5>& target) {
        const auto* arr = n.as_array();
        if (!arr || arr->size() != 5) return problem(n, k, "expected an array of 5 shares (quintile 1 = most deprived first)");
        std::array<double, 5> v{};
        double sum = 0;
        for (std::size_t i = 0; i < 5; ++i) {
            const auto x = (*arr)[i].value<double>();
            if (!x || !std::isfinite(*x) || *x < 0 || *x > 1) return problem(n, k, fmt::format("element {} must be a number in [0, 1]", i + 1));
            v[i] = *x;
            sum += *x;
        }
        if (std::abs(sum - 1.0) > 0.01) return problem(n, k, fmt::format("shares sum to {:g}, expected 1", sum));
        for (auto& x : v) x /= sum;
        target = v;
        record(n, k);
    }
    void set_codes(const toml::node& n, const std::string& k, std::vector<std::string>& target, const char* what = "ORG_CODE") {
        const auto* arr = n.as_array();
        if (!arr || arr->empty()) return problem(n, k, fmt::format("expected a non-empty array of {}s", what));
        std::vector<std::string> codes;
        for (const auto& e : *arr) {
            if (!e.is_string()) return problem(n, k, fmt::format("every {} must be a string", what));
            codes.push_back(*e.value<std::string>());
        }
        target = codes;
        record(n, k);
    }

    // Index of the string value in `options`, or a problem listing them.
    std::optional<int> choice(const toml::node& n, const std::string& k, std::initializer_list<const char*> options) {
        std::string list;
        int index = 0;
        for (const char* o : options) list += (list.empty() ? "" : ", ") + fmt::format("\"{}\"", o);
        if (n.is_string()) {
            const auto v = *n.value<std::string>();
            for (const char* o : options) {
                if (v == o) {
                    record(n, k);
                    return index;
                }
                ++index;
            }
        }
        problem(n, k, "expected one of " + list);
        return std::nullopt;
    }
    void set_wte_schedule(const toml::node& n, const std::string& k, CoachingSettings& coaching) {
        const auto* arr = n.as_array();
        if (!arr || arr->empty()) return problem(n, k, "expected an array of [reported week, WTE] pairs, e.g. [[0, 1.0], [26, 2.0]]");
        std::vector<std::pair<int, double>> schedule;
        for (const auto& e : *arr) {
            const auto* pair = e.as_array();
            const auto week = pair && pair->size() == 2 ? (*pair)[0].value<std::int64_t>() : std::nullopt;
            const auto wte = pair && pair->size() == 2 ? (*pair)[1].value<double>() : std::nullopt;
            if (!week || !wte || !(*pair)[0].is_integer() || *week < 0 || *week > 520 || !std::isfinite(*wte) || *wte < 0 || *wte > 1000)
                return problem(e, k, "every element must be [week 0-520, WTE 0-1000]");
            if (!schedule.empty() && *week <= schedule.back().first) return problem(e, k, "weeks must increase");
            schedule.emplace_back(static_cast<int>(*week), *wte);
        }
        coaching.wte_schedule = schedule;
        record(n, k);
    }
    void set_conditions(const toml::node& n, const std::string& k, std::uint8_t& target) {
        const auto* arr = n.as_array();
        const std::string names = "obesity, anxiety_depression, respiratory, diabetes, chronic_pain, frailty";
        if (!arr) return problem(n, k, "expected an array of condition names (" + names + ")");
        std::uint8_t bits = 0;
        for (const auto& e : *arr) {
            const auto v = e.value<std::string>();
            int found = -1;
            for (int c = 0; c < kConditionCount; ++c)
                if (v && *v == kConditionNames[c]) found = c;
            if (v && *v == "frailty") bits |= kFrailtyConditionBit;
            else if (found >= 0) bits |= static_cast<std::uint8_t>(1u << found);
            else return problem(e, k, "unknown condition" + (v ? " '" + *v + "'" : std::string()) + "; expected one of " + names);
        }
        target = bits;
        record(n, k);
    }
    void set_quintiles(const toml::node& n, const std::string& k, std::uint8_t& target) {
        const auto* arr = n.as_array();
        if (!arr || arr->empty()) return problem(n, k, "expected a non-empty array of IMD quintiles 1-5 (1 = most deprived)");
        std::uint8_t bits = 0;
        for (const auto& e : *arr) {
            const auto q = e.value<std::int64_t>();
            if (!e.is_integer() || !q || *q < 1 || *q > 5) return problem(e, k, "IMD quintiles are integers 1-5");
            bits |= static_cast<std::uint8_t>(1u << (*q - 1));
        }
        target = bits;
        record(n, k);
    }
    void set_any_of(const toml::node& n, const std::string& k, Targeting& targeting) {
        const auto* arr = n.as_array();
        if (!arr || !arr->is_array_of_tables())
            return problem(n, k, "expected [[targeting.any_of]] tables, each a group of eligibility predicates");
        targeting.any_of.assign(arr->size(), EligibilityRule{});
        for (std::size_t i = 0; i < arr->size(); ++i)
            apply_section(Section{k, rule_keys(targeting.any_of[i])}, (*arr)[i], k);
        record(n, k);
    }

    // --- problems ---
    static std::string type_name(const toml::node& n) {
        switch (n.type()) {
            case toml::node_type::string: return "a string";
            case toml::node_type::integer: return "an integer";
            case toml::node_type::floating_point: return "a number";
            case toml::node_type::boolean: return "a boolean";
            case toml::node_type::array: return "an array";
            case toml::node_type::table: return "a table";
            default: return "a date/time";
        }
    }
    void problem(const toml::node& n, const std::string& key, const std::string& message) {
        // A --set override is one line of its own: no line number to point at.
        const int line = origin_->is_command_line ? 0 : static_cast<int>(n.source().begin.line);
        problems_.push_back({origin_->file, line, key, message});
    }
    void unknown(const toml::node& n, const std::string& key, const std::vector<std::string>& known,
                 const std::string& prefix = "") {
        const std::string leaf = key.substr(std::min(prefix.size(), key.size()));
        std::string message = "unknown key";
        const auto close = closest_names(leaf, known);
        if (!close.empty()) message += "; did you mean '" + prefix + close.front() + "'?";
        problem(n, key, message);
    }
    void record(const toml::node&, const std::string& key) {
        scenario_.overrides.emplace_back(key, origin_->file);
    }

    Scenario& scenario_;
    Problems& problems_;
    const Origin* origin_ = nullptr;
    std::vector<Section> sections_;
};

struct ChainFile {
    Origin origin;
    toml::table table;
    std::string text;
};

// Parses `path` and, before it, the files it extends (root first). Cycles and missing files are problems.
bool load_chain(const fs::path& path, const std::string& shown_as, const Problem& where_referenced,
                std::vector<std::string>& visiting, std::vector<ChainFile>& chain, Problems& problems) {
    if (!fs::is_regular_file(path)) {
        Problem p = where_referenced;
        p.message = "file not found: " + shown_as;
        problems.push_back(p);
        return false;
    }
    const auto canonical = fs::weakly_canonical(path).string();
    if (std::find(visiting.begin(), visiting.end(), canonical) != visiting.end()) {
        Problem p = where_referenced;
        p.message = "cycle: " + shown_as + " extends itself through the chain";
        problems.push_back(p);
        return false;
    }
    ChainFile file{{shown_as, path.parent_path().string()}, {}, file_text(path).value_or("")};
    try {
        file.table = toml::parse(file.text, shown_as);
    } catch (const toml::parse_error& e) {
        problems.push_back({shown_as, static_cast<int>(e.source().begin.line), "", std::string(e.description())});
        return false;
    }
    visiting.push_back(canonical);
    if (const auto* ext = file.table.get("extends")) {
        const Problem here{shown_as, static_cast<int>(ext->source().begin.line), "extends", ""};
        if (!ext->is_string()) {
            problems.push_back({here.file, here.line, here.key, "expected a file path (string)"});
            return false;
        }
        const std::string rel = *ext->value<std::string>();
        const std::string parent_shown = (fs::path(shown_as).parent_path() / rel).lexically_normal().string();
        if (!load_chain(path.parent_path() / rel, parent_shown, here, visiting, chain, problems)) return false;
    }
    chain.push_back(std::move(file));
    return true;
}

}  // namespace

Scenario default_scenario() { return Scenario{}; }

Scenario load_scenario(const std::string& path, const std::vector<std::string>& set_overrides, Problems& problems) {
    Scenario scenario;
    scenario.name = fs::path(path).stem().string();
    std::vector<ChainFile> chain;
    std::vector<std::string> visiting;
    if (!load_chain(path, path, Problem{path, 0, "", ""}, visiting, chain, problems)) return scenario;
    Reader reader(scenario, problems);
    for (const auto& f : chain) {
        scenario.files.push_back(f.origin.file);
        scenario.text += "# --- " + f.origin.file + " ---\n" + f.text + "\n";
        reader.apply(f.table, f.origin);
    }
    // A name belongs to the file that sets it: a child that sets none is named after its own file,
    // so a variant of the baseline is never labelled "baseline".
    if (!chain.back().table.contains("name")) {
        scenario.name = fs::path(path).stem().string();
        if (!valid_scenario_name(scenario.name))
            problems.push_back({path, 0, "name", "the file name cannot name output rows; set name = \"...\" (letters, digits, '_', '-', '.')"});
    }
    for (const auto& s : set_overrides) {
        const auto eq = s.find('=');
        const Origin origin{"--set " + s, fs::current_path().string(), true};
        if (eq == std::string::npos || eq == 0) {
            problems.push_back({"--set", 0, s, "expected key=value"});
            continue;
        }
        const std::string key = s.substr(0, eq);
        const std::string value = s.substr(eq + 1);
        // A scenario setting (run.weeks, population.list_size, ...) or a top-level key applies as it is;
        // anything else is read as a parameter name, so a misspelt parameter gets a parameter hint.
        const std::string first = key.substr(0, key.find('.'));
        // A declared parameter wins over a section of the same first name (coaching.share_group).
        const bool setting = Parameters::index_of(key) < 0 && (key.find('.') == std::string::npos ||
                             first == "run" || first == "population" || first == "processes" || first == "gp_workforce" ||
                             first == "coaching" || first == "targeting" || first == "network");
        const std::string toml_key = setting ? key : "parameters.\"" + key + "\"";
        try {
            reader.apply(toml::parse(toml_key + " = " + value, origin.file), origin);
        } catch (const toml::parse_error&) {
            try {  // allow bare strings: --set population.source=synthetic
                reader.apply(toml::parse(toml_key + " = \"" + value + "\"", origin.file), origin);
            } catch (const toml::parse_error&) {
                problems.push_back({"--set", 0, key, "cannot read value '" + value + "'"});
            }
        }
    }
    // Problems in file and line order, whatever order the keys were checked in.
    std::vector<std::string> file_order;
    for (const auto& p : problems)
        if (std::find(file_order.begin(), file_order.end(), p.file) == file_order.end()) file_order.push_back(p.file);
    const auto rank = [&file_order](const Problem& p) {
        return std::make_pair(std::find(file_order.begin(), file_order.end(), p.file) - file_order.begin(), p.line);
    };
    std::stable_sort(problems.begin(), problems.end(), [&rank](const Problem& a, const Problem& b) { return rank(a) < rank(b); });
    const auto mentioned = [&problems](const std::string& key) {
        return std::any_of(problems.begin(), problems.end(), [&key](const Problem& p) { return p.key == key; });
    };
    const auto& net = scenario.network;
    // Group sessions are formed from the waiting list and need no graph.
    for (const auto& [on, key] : {std::pair{net.buddies, "network.buddies"}, std::pair{net.spillover, "network.spillover"},
                                  std::pair{net.buddy_requires_tie, "network.buddy_requires_tie"}})
        if (on && !net.enabled && !mentioned(key))
            problems.push_back({scenario.files.empty() ? path : scenario.files.back(), 0, key, "needs network.enabled = true"});
    if (scenario.population.kind == PopulationSourceKind::practice_files) {
        const auto& f = scenario.population.files;
        if (f.registered_patients.empty() && !mentioned("population.registered_patients"))
            problems.push_back({scenario.files.empty() ? path : scenario.files.back(), 0, "population.registered_patients",
                                "required when population.source = \"practice_files\""});
        if (f.org_codes.empty() && f.pcn_membership.empty() && !mentioned("population.org_codes"))
            problems.push_back({scenario.files.empty() ? path : scenario.files.back(), 0, "population.org_codes",
                                "required when population.source = \"practice_files\""});
    }
    return scenario;
}

}  // namespace pcnsim
