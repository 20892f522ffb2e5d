#include "sim/core/catalogue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <set>

namespace pcnsim {

namespace {
// Streams that belong to the engine, the ensemble and calibration rather than to a module of the week.
const std::vector<StreamDeclaration>& reserved_streams() {
    static const std::vector<StreamDeclaration> r = {
        {Stream::weekly_slots, "weekly_slots", "the week's shared uniform slots (weekly_uniforms.hpp), one Philox call per patient-week"},
        {Stream::psa, "psa", "Latin hypercube parameter draws (agent = parameter, week = draw)"},
        {Stream::calibration, "calibration", "ABC-SMC proposals, history-matching designs, predictive noise"},
        {Stream::posterior, "posterior", "stratified resampling of posterior rows for PSA draws (agent = draw)"},
    };
    return r;
}
}  // namespace

Catalogue::Catalogue(std::vector<const ModuleDeclaration*> modules) : modules_(std::move(modules)) {
    std::vector<std::string> problems;
    std::set<std::string_view> names;
    for (const auto* m : modules_)
        if (!names.insert(m->name).second) problems.push_back(fmt::format("two modules are named '{}'", m->name));
    for (const auto& r : reserved_streams()) {
        streams_.push_back(r);
        stream_owners_.push_back("the engine, PSA and calibration (reserved)");
    }
    counter_names_.assign(static_cast<std::size_t>(Counter::count), std::string_view{});
    for (const auto* m : modules_) {
        add_parameters(*m, problems);
        add_columns(*m, problems);
        add_counters(*m, problems);
        add_streams(*m, problems);
        add_sections(*m, problems);
    }
    for (std::size_t c = 0; c < static_cast<std::size_t>(Counter::count); ++c)
        if (counter_names_[c].empty()) problems.push_back(fmt::format("built-in counter {} is declared by no module", c));
    for (const auto& c : columns_)
        if (c.copy_to_arm) member_per_arm_columns_.push_back(&c);
    check_fields_and_slots(problems);
    resolve_metrics(problems);
    if (!problems.empty()) {
        std::string message = "module declarations do not fit together:";
        for (const auto& p : problems) message += "\n  " + p;
        throw ContractError(message);
    }
}

void Catalogue::add_parameters(const ModuleDeclaration& m, std::vector<std::string>& problems) {
    for (const auto& p : m.parameters) {
        if (!parameter_index_.emplace(p.name, static_cast<int>(parameters_.size())).second)
            problems.push_back(fmt::format("parameter '{}' is declared twice (again by module '{}')", p.name, m.name));
        if (!(p.min <= p.default_value && p.default_value <= p.max))
            problems.push_back(fmt::format("parameter '{}' of module '{}': default {} outside its range {}-{}", p.name, m.name,
                                           p.default_value, p.min, p.max));
        parameters_.push_back(p);
        parameter_owners_.push_back(m.name);
    }
}

void Catalogue::add_columns(const ModuleDeclaration& m, std::vector<std::string>& problems) {
    for (const auto& c : m.columns) {
        const bool taken = std::any_of(columns_.begin(), columns_.end(), [&](const auto& o) { return o.name == c.name; });
        if (taken) problems.push_back(fmt::format("agent column '{}' is declared twice (again by module '{}')", c.name, m.name));
        if (!c.resize && !c.make_storage)
            problems.push_back(fmt::format("agent column '{}' of module '{}' has no storage", c.name, m.name));
        if (c.resize && c.scope == ColumnScope::per_arm && !c.copy_to_arm)
            problems.push_back(fmt::format("agent column '{}' of module '{}' is declared per arm but is no member of ArmState", c.name, m.name));
        if (!c.resize) {
            const bool arm = c.scope == ColumnScope::per_arm;
            extensions_[c.name] = ExtensionColumn{arm ? ColumnScope::per_arm : ColumnScope::shared, extension_counts_[arm ? 0 : 1]++};
        }
        columns_.push_back(c);
    }
}

void Catalogue::add_counters(const ModuleDeclaration& m, std::vector<std::string>& problems) {
    for (const auto& c : m.counters) {
        if (counter_ids_.count(c.name)) {
            problems.push_back(fmt::format("counter '{}' is declared twice (again by module '{}')", c.name, m.name));
            continue;
        }
        std::size_t id = static_cast<std::size_t>(c.id);
        if (c.id == Counter::count) {
            id = counter_names_.size();
            if (id >= kCounters) {
                problems.push_back(fmt::format("counter '{}' of module '{}': the tally holds at most {} counters (kCounters in tally.hpp)",
                                               c.name, m.name, kCounters));
                continue;
            }
            counter_names_.push_back(c.name);
        } else if (!counter_names_[id].empty()) {
            problems.push_back(fmt::format("counter {} is declared as '{}' and as '{}' (module '{}')", id, counter_names_[id], c.name, m.name));
            continue;
        } else {
            counter_names_[id] = c.name;
        }
        counter_ids_.emplace(c.name, static_cast<Counter>(id));
    }
}

void Catalogue::add_streams(const ModuleDeclaration& m, std::vector<std::string>& problems) {
    for (const auto& s : m.streams) {
        for (std::size_t k = 0; k < streams_.size(); ++k)
            if (streams_[k].id == s.id)
                problems.push_back(fmt::format("stream {} is owned by '{}' and by module '{}': a stream has one owner",
                                               static_cast<int>(s.id), stream_owners_[k], m.name));
        streams_.push_back(s);
        stream_owners_.push_back(m.name);
    }
}

void Catalogue::add_sections(const ModuleDeclaration& m, std::vector<std::string>& problems) {
    for (const auto& s : m.sections) {
        if (section(s.name))
            problems.push_back(fmt::format("scenario section [{}] is declared by '{}' and by module '{}'", s.name, section_owner(s.name), m.name));
        std::set<std::string_view> keys;
        for (const auto& k : s.keys)
            if (!keys.insert(k.name).second) problems.push_back(fmt::format("key {}.{} is declared twice", s.name, k.name));
        sections_.push_back(s);
        section_owners_.push_back(m.name);
    }
}

// Static checks; the week's order (a field read before it is written, a slot used outside its
// pass) is checked where the week is assembled (sim/engine/week_plan.cpp).
void Catalogue::check_fields_and_slots(std::vector<std::string>& problems) const {
    std::vector<std::string_view> slot_owner(kSlots);
    std::unordered_map<std::string_view, std::string_view> writer;
    for (const auto* m : modules_) {
        for (const auto slot : m->slots) {
            auto& owner = slot_owner[static_cast<std::size_t>(slot)];
            if (!owner.empty())
                problems.push_back(fmt::format("uniform slot {} is used by '{}' and by '{}': a slot has one owner", static_cast<int>(slot), owner, m->name));
            owner = m->name;
        }
        for (const auto field : m->writes) {
            if (auto [it, fresh] = writer.emplace(field, m->name); !fresh)
                problems.push_back(fmt::format("field '{}' is written by '{}' and by '{}': a field of the week has one writer", field, it->second, m->name));
        }
    }
    for (const auto* m : modules_)
        for (const auto& list : {m->reads, m->writes})
            for (const auto field : list) {
                const auto it = std::find_if(columns_.begin(), columns_.end(), [&](const auto& c) { return c.name == field; });
                if (it == columns_.end() || it->scope != ColumnScope::this_week)
                    problems.push_back(fmt::format("module '{}' names '{}', which is no agent column of this week", m->name, field));
            }
}

void Catalogue::resolve_metrics(std::vector<std::string>& problems) {
    std::vector<std::pair<int, MetricInfo>> listed;
    std::set<int> listings;
    std::set<std::string_view> names;
    for (const auto* m : modules_)
        for (const auto& d : m->metrics) {
            if (!names.insert(d.name).second) problems.push_back(fmt::format("metric '{}' is declared twice", d.name));
            if (!listings.insert(d.listing).second)
                problems.push_back(fmt::format("metric '{}' of module '{}' takes listing {}, already taken", d.name, m->name, d.listing));
            const auto resolve = [&](std::string_view counter) {
                const auto it = counter_ids_.find(counter);
                if (it != counter_ids_.end()) return it->second;
                problems.push_back(fmt::format("metric '{}' of module '{}' counts '{}', which no module declares", d.name, m->name, counter));
                return Counter::count;
            };
            const Counter numerator = resolve(d.numerator);
            const Counter denominator = d.kind == MetricKind::ratio ? resolve(d.denominator) : Counter::count;
            if (!d.cost_param.empty() && parameter_index(d.cost_param) < 0)
                problems.push_back(fmt::format("metric '{}' is priced by '{}', which no module declares", d.name, d.cost_param));
            listed.push_back({d.listing, MetricInfo{d.name, d.kind, numerator, denominator, d.scale, d.cost_param, d.scope, d.unit, d.description}});
        }
    std::stable_sort(listed.begin(), listed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [_, info] : listed) metrics_.push_back(info);
}

const ModuleDeclaration* Catalogue::module(std::string_view name) const {
    for (const auto* m : modules_)
        if (m->name == name) return m;
    return nullptr;
}

int Catalogue::parameter_index(std::string_view name) const {
    const auto it = parameter_index_.find(name);
    return it == parameter_index_.end() ? -1 : it->second;
}

std::size_t Catalogue::extension_column_count(ColumnScope scope) const {
    return extension_counts_[scope == ColumnScope::per_arm ? 0 : 1];
}

ExtensionColumn Catalogue::extension(std::string_view column) const {
    const auto it = extensions_.find(column);
    if (it == extensions_.end()) throw ContractError(fmt::format("'{}' is not an agent column added by a module", column));
    return it->second;
}

Counter Catalogue::counter(std::string_view name) const {
    const auto it = counter_ids_.find(name);
    if (it == counter_ids_.end()) throw ContractError(fmt::format("no module declares a counter '{}'", name));
    return it->second;
}

const MetricInfo* Catalogue::metric(std::string_view name) const {
    const auto it = std::find_if(metrics_.begin(), metrics_.end(), [&](const MetricInfo& m) { return m.name == name; });
    return it == metrics_.end() ? nullptr : &*it;
}

const ScenarioSection* Catalogue::section(std::string_view name) const {
    for (const auto& s : sections_)
        if (s.name == name) return &s;
    return nullptr;
}

std::string_view Catalogue::section_owner(std::string_view name) const {
    for (std::size_t k = 0; k < sections_.size(); ++k)
        if (sections_[k].name == name) return section_owners_[k];
    return {};
}

namespace {
// Every catalogue ever built stays alive: tables handed out before a rebuild remain valid.
struct Versions {
    std::mutex mutex;
    std::vector<std::unique_ptr<const Catalogue>> all;
    std::atomic<const Catalogue*> current{nullptr};
};
Versions& versions() {
    static Versions v;
    return v;
}

void build_locked(Versions& v) {
    v.all.push_back(std::make_unique<const Catalogue>(model_module_declarations()));
    v.current.store(v.all.back().get(), std::memory_order_release);
}
}  // namespace

const Catalogue& catalogue() {
    auto& v = versions();
    if (const auto* c = v.current.load(std::memory_order_acquire)) return *c;
    std::lock_guard lock(v.mutex);
    if (!v.current.load(std::memory_order_acquire)) build_locked(v);
    return *v.current.load(std::memory_order_acquire);
}

void rebuild_catalogue() {
    auto& v = versions();
    std::lock_guard lock(v.mutex);
    build_locked(v);
}

}  // namespace pcnsim
