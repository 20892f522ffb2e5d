#include "sim/calibration/calibration_config.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/core/csv_table.hpp"
#include "sim/core/file_io.hpp"
#include "sim/core/file_text.hpp"
#include "sim/scenario/psa.hpp"

namespace pcnsim {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string> kTopKeys = {"name",           "scenario",   "set",          "targets", "method",
                                           "replications",   "seed",       "common_random_numbers",   "predictive_draws",
                                           "parameters",     "truth",      "abc_smc",      "history_matching"};
const std::vector<std::string> kParameterKeys = {"prior", "lower", "upper"};
const std::vector<std::string> kAbcKeys = {"particles", "generations", "tolerance_quantile", "max_evaluations"};
const std::vector<std::string> kHistoryMatchingKeys = {"waves",          "design_points",     "cutoff", "implausibility_order",
                                                       "candidates",     "max_candidates",    "posterior_samples"};

// Reads the keys of one TOML file, reporting each problem at its line.
class ConfigReader {
public:
    ConfigReader(std::string file, Problems& problems) : file_(std::move(file)), problems_(problems) {}

    void problem(const toml::node& n, const std::string& key, const std::string& message) {
        problems_.push_back({file_, static_cast<int>(n.source().begin.line), key, message});
    }

    void check_keys(const toml::table& t, const std::vector<std::string>& known, const std::string& prefix) {
        for (const auto& [k, v] : t) {
            const std::string key(k.str());
            if (std::find(known.begin(), known.end(), key) != known.end()) continue;
            const auto close = closest_names(key, known, 1);
            problem(v, prefix + key, "unknown key" + (close.empty() ? std::string() : "; did you mean '" + prefix + close.front() + "'?"));
        }
    }

    std::optional<double> number(const toml::node& n, const std::string& key) {
        if (const auto v = n.value<double>(); v && n.is_number() && std::isfinite(*v)) return *v;
        problem(n, key, "expected a finite number");
        return std::nullopt;
    }

    // A number in [lo, hi] (whole when `whole`), into `out` when present and valid.
    template <class T>
    void read(const toml::table& t, const std::string& key, const std::string& prefix, double lo, double hi, T& out) {
        const auto* n = t.get(key);
        if (!n) return;
        const auto v = number(*n, prefix + key);
        if (!v) return;
        const bool whole = std::is_integral_v<T>;
        if (*v < lo || *v > hi || (whole && *v != std::floor(*v))) {
            problem(*n, prefix + key, fmt::format("{} is not {} from {} to {}", *v, whole ? "a whole number" : "a number", lo, hi));
            return;
        }
        out = static_cast<T>(*v);
    }

    std::optional<std::string> string(const toml::table& t, const std::string& key, const std::string& prefix = "") {
        const auto* n = t.get(key);
        if (!n) return std::nullopt;
        if (!n->is_string()) {
            problem(*n, prefix + key, "expected a string");
            return std::nullopt;
        }
        return *n->value<std::string>();
    }

    const std::string& file() const { return file_; }

private:
    std::string file_;
    Problems& problems_;
};

std::string lower_case(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// One [parameters."name"] entry: the declared prior and range unless the entry narrows or replaces them.
std::optional<CalibratedParameter> read_parameter(const std::string& name, const toml::node& node, ConfigReader& r) {
    const std::string key = "parameters." + name;
    const int index = Parameters::index_of(name);
    if (index < 0) {
        std::vector<std::string> names;
        for (const auto& d : parameter_declarations()) names.emplace_back(d.name);
        const auto close = closest_names(name, names, 1);
        r.problem(node, key, "unknown parameter" + (close.empty() ? std::string() : "; did you mean '" + close.front() + "'?"));
        return std::nullopt;
    }
    const auto& decl = parameter_declarations()[static_cast<std::size_t>(index)];
    CalibratedParameter p{name, decl.prior, decl.min, decl.max, std::nullopt};
    const auto* t = node.as_table();
    if (!t) {
        r.problem(node, key, "expected a table, e.g. {} for the declared prior or { prior = \"Beta(4, 6)\" }");
        return std::nullopt;
    }
    r.check_keys(*t, kParameterKeys, key + ".");
    if (const auto text = r.string(*t, "prior", key + ".")) {
        std::string error;
        if (const auto prior = parse_prior(*text, error)) p.prior = *prior;
        else r.problem(*t->get("prior"), key + ".prior", error);
    }
    r.read(*t, "lower", key + ".", decl.min, decl.max, p.lower);
    r.read(*t, "upper", key + ".", decl.min, decl.max, p.upper);
    // The range a calibration searches is where the prior has density, within the declared range.
    const auto [support_lo, support_hi] = prior_support(p.prior);
    p.lower = std::max(p.lower, support_lo), p.upper = std::min(p.upper, support_hi);
    if (p.prior.kind == PriorKind::lognormal && p.lower <= 0) p.lower = std::min(p.upper, 1e-12);
    if (p.upper <= p.lower)
        r.problem(node, key, fmt::format("the prior {} has no density in the range [{}, {}]", p.prior.describe(), decl.min, decl.max));
    if (p.prior.kind == PriorKind::fixed)
        r.problem(node, key, "its declared prior is fixed: give one, e.g. prior = \"Uniform(" + fmt::format("{}, {}", p.lower, p.upper) + ")\"");
    return p;
}

void read_parameters(const toml::table& root, ConfigReader& r, CalibrationConfig& c) {
    const auto* section = root.get("parameters");
    if (!section || !section->is_table() || section->as_table()->empty()) {
        r.problem(section ? *section : static_cast<const toml::node&>(root), "parameters",
                  "give at least one free parameter, e.g. [parameters.\"gp.base_rate_per_year\"]");
        return;
    }
    for (const auto& [k, v] : *section->as_table())
        if (auto p = read_parameter(std::string(k.str()), v, r)) c.parameters.push_back(std::move(*p));
    const auto* truth = root.get("truth");
    if (!truth) return;
    if (!truth->is_table()) return r.problem(*truth, "truth", "expected a table of parameter = value");
    for (const auto& [k, v] : *truth->as_table()) {
        const std::string name(k.str());
        auto it = std::find_if(c.parameters.begin(), c.parameters.end(), [&](const auto& p) { return p.name == name; });
        if (it == c.parameters.end()) {
            r.problem(v, "truth." + name, "is not a free parameter of this calibration");
            continue;
        }
        if (const auto x = r.number(v, "truth." + name)) {
            if (*x < it->lower || *x > it->upper)
                r.problem(v, "truth." + name, fmt::format("{} is outside the prior's range [{}, {}]", *x, it->lower, it->upper));
            it->truth = *x;
        }
    }
}

void read_method(const toml::table& root, ConfigReader& r, CalibrationConfig& c) {
    if (const auto m = r.string(root, "method")) {
        if (*m == "abc-smc") c.method = CalibrationMethod::abc_smc;
        else if (*m == "history-matching") c.method = CalibrationMethod::history_matching;
        else r.problem(*root.get("method"), "method", fmt::format("unknown method '{}'; expected abc-smc or history-matching", *m));
    }
    // Independent random numbers by default for both methods: with common ones, history matching's
    // emulated means share one realisation of the noise and its run variance rests on the few
    // replications (docs/calibration.md, Coverage), so its intervals cover too few truths.
    c.common_random_numbers = false;
    if (const auto* n = root.get("common_random_numbers")) {
        if (const auto b = n->value<bool>(); b && n->is_boolean()) c.common_random_numbers = *b;
        else r.problem(*n, "common_random_numbers", "expected true or false");
    }
    const auto section = [&](const char* name, const std::vector<std::string>& keys) -> const toml::table* {
        const auto* n = root.get(name);
        if (!n) return nullptr;
        if (!n->is_table()) {
            r.problem(*n, name, "expected a table");
            return nullptr;
        }
        r.check_keys(*n->as_table(), keys, std::string(name) + ".");
        return n->as_table();
    };
    if (const auto* a = section("abc_smc", kAbcKeys)) {
        r.read(*a, "particles", "abc_smc.", 10, 100000, c.abc.particles);
        r.read(*a, "generations", "abc_smc.", 1, 100, c.abc.generations);
        r.read(*a, "tolerance_quantile", "abc_smc.", 0.05, 0.95, c.abc.tolerance_quantile);
        r.read(*a, "max_evaluations", "abc_smc.", 1, 1e9, c.abc.max_evaluations);
    }
    if (const auto* h = section("history_matching", kHistoryMatchingKeys)) {
        auto& o = c.history_matching;
        r.read(*h, "waves", "history_matching.", 1, 20, o.waves);
        r.read(*h, "design_points", "history_matching.", 5, 5000, o.design_points);
        r.read(*h, "cutoff", "history_matching.", 0.5, 10, o.cutoff);
        r.read(*h, "implausibility_order", "history_matching.", 1, 3, o.implausibility_order);
        r.read(*h, "candidates", "history_matching.", 10, 1e7, o.candidates);
        r.read(*h, "max_candidates", "history_matching.", 10, 1e9, o.max_candidates);
        r.read(*h, "posterior_samples", "history_matching.", 10, 1e6, o.posterior_samples);
    }
}

// Settings history matching cannot work with: an emulator needs more design points than inputs,
// and with common random numbers only replications show the run-to-run noise.
void check_history_matching(const toml::table& root, ConfigReader& r, CalibrationConfig& c) {
    if (c.method != CalibrationMethod::history_matching) return;
    const auto& h = c.history_matching;
    const auto& where = root.get("history_matching") ? *root.get("history_matching") : static_cast<const toml::node&>(root);
    const auto dims = static_cast<int>(c.parameters.size());
    if (h.design_points < dims + 3)
        r.problem(where, "history_matching.design_points", fmt::format("{} is too few for {} free parameters (at least {})", h.design_points, dims, dims + 3));
    if (c.common_random_numbers && c.replications < 2)
        r.problem(root.get("replications") ? *root.get("replications") : static_cast<const toml::node&>(root), "replications",
                  "history matching with common random numbers needs at least 2 replications: their spread is the run-to-run noise");
}

void check_implausibility_order(const CalibrationConfig& c, Problems& problems) {
    if (c.method == CalibrationMethod::history_matching && !c.targets.empty() &&
        c.history_matching.implausibility_order > static_cast<int>(c.targets.size()))
        problems.push_back({c.path, 0, "history_matching.implausibility_order",
                            fmt::format("{} is more than the {} target(s)", c.history_matching.implausibility_order, c.targets.size())});
}

// The targets' weeks must lie in the scenario's reported weeks.
void check_target_weeks(const CalibrationConfig& c, Problems& problems) {
    for (const auto& t : c.targets)
        if (t.last_week >= c.scenario.run.weeks)
            problems.push_back({c.targets_path, t.line, "last_week",
                                fmt::format("week {} is past the scenario's {} reported weeks (0 to {})", t.last_week, c.scenario.run.weeks,
                                            c.scenario.run.weeks - 1)});
}

}  // namespace

std::optional<Prior> parse_prior(const std::string& text, std::string& error) {
    const auto open = text.find('('), comma = text.find(','), close = text.rfind(')');
    error = fmt::format("'{}' is not a prior; expected Beta(a, b), LogNormal(median, sdlog), Normal(mean, sd) or Uniform(lower, upper)", text);
    if (open == std::string::npos || comma == std::string::npos || close == std::string::npos || !(open < comma && comma < close))
        return std::nullopt;
    std::string name = lower_case(text.substr(0, open));
    name.erase(std::remove_if(name.begin(), name.end(), [](unsigned char ch) { return std::isspace(ch); }), name.end());
    const auto trim = [](std::string s) {
        s.erase(0, s.find_first_not_of(" \t"));
        s.erase(s.find_last_not_of(" \t") + 1);
        return s;
    };
    Prior p;
    if (!parse_real(trim(text.substr(open + 1, comma - open - 1)), p.a).empty() ||
        !parse_real(trim(text.substr(comma + 1, close - comma - 1)), p.b).empty())
        return std::nullopt;
    if (name == "beta" && p.a > 0 && p.b > 0) p.kind = PriorKind::beta;
    else if (name == "lognormal" && p.a > 0 && p.b > 0) p.kind = PriorKind::lognormal;
    else if (name == "normal" && p.b > 0) p.kind = PriorKind::normal;
    else if (name == "uniform" && p.b > p.a) p.kind = PriorKind::uniform;
    else {
        error = fmt::format("'{}': unknown prior or parameters out of range (Beta and LogNormal need a, b > 0; Normal sd > 0; Uniform lower < upper)", text);
        return std::nullopt;
    }
    error.clear();
    return p;
}

CalibrationConfig load_calibration_config(const std::string& path, const std::vector<std::string>& set_overrides, Problems& problems) {
    CalibrationConfig c;
    c.path = path;
    c.name = fs::path(path).stem().string();
    if (const auto why = not_a_file(path); !why.empty()) {
        problems.push_back({path, 0, "", why});
        return c;
    }
    auto read = read_file_text(path);
    if (!read.ok()) {
        problems.push_back({path, 0, "", "cannot read " + path + ": " + read.error});
        return c;
    }
    c.text = std::move(read.text);
    toml::table root;
    try {
        root = toml::parse(c.text, path);
    } catch (const toml::parse_error& e) {
        problems.push_back({path, static_cast<int>(e.source().begin.line), "", std::string(e.description())});
        return c;
    }
    ConfigReader r(path, problems);
    r.check_keys(root, kTopKeys, "");
    const fs::path here = fs::path(path).parent_path();
    if (const auto name = r.string(root, "name")) c.name = *name;
    std::vector<std::string> sets;
    if (const auto* s = root.get("set")) {
        if (const auto* a = s->as_array(); a && (a->empty() || a->is_homogeneous(toml::node_type::string)))
            for (const auto& item : *a) sets.push_back(*item.value<std::string>());
        else r.problem(*s, "set", "expected a list of \"key=value\" strings");
    }
    sets.insert(sets.end(), set_overrides.begin(), set_overrides.end());
    const auto scenario = r.string(root, "scenario"), targets = r.string(root, "targets");
    if (!scenario) problems.push_back({path, 0, "scenario", "missing: the scenario file to calibrate"});
    if (!targets) problems.push_back({path, 0, "targets", "missing: the targets CSV file"});
    read_method(root, r, c);
    r.read(root, "replications", "", 1, 1000, c.replications);
    r.read(root, "seed", "", 0, 9007199254740992.0, c.seed);
    r.read(root, "predictive_draws", "", 0, 100000, c.predictive_draws);
    read_parameters(root, r, c);
    c.abc.seed = c.seed;
    c.abc.minimum_tolerance = 1;  // the kernel of width 1 is the targets' own error (calibration.cpp)
    c.history_matching.seed = c.seed;
    check_history_matching(root, r, c);
    if (scenario) c.scenario = load_scenario((here / *scenario).lexically_normal().string(), sets, problems);
    if (targets) {
        c.targets_path = (here / *targets).lexically_normal().string();
        c.targets = load_targets(c.targets_path, problems);
        if (scenario) check_target_weeks(c, problems);
        check_implausibility_order(c, problems);
        if (fs::is_regular_file(c.targets_path)) c.text += "\n# --- " + c.targets_path + " ---\n" + file_text(c.targets_path).value_or("");
    }
    return c;
}

std::vector<FreeParameter> free_parameters(const CalibrationConfig& config) {
    std::vector<FreeParameter> out;
    for (const auto& p : config.parameters)
        out.push_back({p.name, p.lower, p.upper, [p](double u) { return prior_quantile(p.prior, p.lower, p.upper, u); },
                       [p](double x) { return prior_log_density(p.prior, x); }});
    return out;
}

}  // namespace pcnsim
