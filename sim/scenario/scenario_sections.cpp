// Readers of the [run], [population], [processes], [gp_workforce], [coaching] and [network]
// sections: one function per section, handed one known key at a time (scenario_reader.hpp).
// Ranges and messages here are part of the file format: tests check them word for word.
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include "sim/core/rng.hpp"
#include "sim/scenario/scenario_reader.hpp"

namespace pcnsim::scenario_reader {
namespace {

void set_source(ReadContext& ctx, const toml::node& n, const std::string& k) {
    const auto v = n.value<std::string>();
    if (!n.is_string() || (*v != "synthetic" && *v != "practice_files"))
        return ctx.problem(n, k, "expected \"synthetic\" or \"practice_files\"");
    ctx.scenario().population.kind = *v == "synthetic" ? PopulationSourceKind::synthetic : PopulationSourceKind::practice_files;
    ctx.record(k);
}

// Five IMD quintile shares that sum to 1 (within 0.01; rescaled to 1 exactly).
void set_shares(ReadContext& ctx, const toml::node& n, const std::string& k, std::array<double, 5>& target) {
    const auto* arr = n.as_array();
    if (!arr || arr->size() != 5) return ctx.problem(n, k, "expected an array of 5 shares (quintile 1 = most deprived first)");
    std::array<double, 5> v{};
    double sum = 0;
    for (std::size_t i = 0; i < 5; ++i) {
        const auto x = (*arr)[i].value<double>();
        if (!x || !std::isfinite(*x) || *x < 0 || *x > 1) return ctx.problem(n, k, fmt::format("element {} must be a number in [0, 1]", i + 1));
        v[i] = *x;
        sum += *x;
    }
    if (std::abs(sum - 1.0) > 0.01) return ctx.problem(n, k, fmt::format("shares sum to {:g}, expected 1", sum));
    for (auto& x : v) x /= sum;
    target = v;
    ctx.record(k);
}

void set_codes(ReadContext& ctx, const toml::node& n, const std::string& k, std::vector<std::string>& target,
               const char* what = "ORG_CODE") {
    const auto* arr = n.as_array();
    if (!arr || arr->empty()) return ctx.problem(n, k, fmt::format("expected a non-empty array of {}s", what));
    std::vector<std::string> codes;
    for (const auto& e : *arr) {
        if (!e.is_string()) return ctx.problem(n, k, fmt::format("every {} must be a string", what));
        codes.push_back(*e.value<std::string>());
    }
    target = codes;
    ctx.record(k);
}

// [[reported week, WTE], ...], weeks increasing.
void set_wte_schedule(ReadContext& ctx, const toml::node& n, const std::string& k, CoachingSettings& coaching) {
    const auto* arr = n.as_array();
    if (!arr || arr->empty()) return ctx.problem(n, k, "expected an array of [reported week, WTE] pairs, e.g. [[0, 1.0], [26, 2.0]]");
    std::vector<std::pair<int, double>> schedule;
    for (const auto& e : *arr) {
        const auto* pair = e.as_array();
        const auto week = pair && pair->size() == 2 ? (*pair)[0].value<std::int64_t>() : std::nullopt;
        const auto wte = pair && pair->size() == 2 ? (*pair)[1].value<double>() : std::nullopt;
        if (!week || !wte || !(*pair)[0].is_integer() || *week < 0 || *week > 520 || !std::isfinite(*wte) || *wte < 0 || *wte > 1000)
            return ctx.problem(e, k, "every element must be [week 0-520, WTE 0-1000]");
        if (!schedule.empty() && *week <= schedule.back().first) return ctx.problem(e, k, "weeks must increase");
        schedule.emplace_back(static_cast<int>(*week), *wte);
    }
    coaching.wte_schedule = schedule;
    ctx.record(k);
}

// The synthetic population's keys; false when `key` is not one of them.
bool read_synthetic_key(ReadContext& ctx, std::string_view key, const toml::node& n, const std::string& k) {
    auto& syn = ctx.scenario().population.synthetic;
    if (key == "list_size") ctx.set_int(n, k, syn.list_size, 100, 20000000);
    else if (key == "practices") ctx.set_int(n, k, syn.practices, 1, 60000);
    else if (key == "imd_quintile_shares") set_shares(ctx, n, k, syn.imd_quintile_shares);
    else if (key == "practice_imd_spread") ctx.set_double(n, k, syn.practice_imd_spread, 0.0, 1.0);
    else if (key == "pcns") ctx.set_int(n, k, syn.pcns, 1, static_cast<int>(kMaxPcns));
    else if (key == "pcn_list_size_spread") ctx.set_double(n, k, syn.pcn_list_size_spread, 0.0, 1.0);
    else if (key == "pcn_imd_spread") ctx.set_double(n, k, syn.pcn_imd_spread, 0.0, 1.0);
    else return false;
    return true;
}

// The practice files' keys (paths must exist); false when `key` is not one of them.
bool read_practice_files_key(ReadContext& ctx, std::string_view key, const toml::node& n, const std::string& k) {
    auto& files = ctx.scenario().population.files;
    if (key == "pcn_membership") ctx.set_path(n, k, files.pcn_membership, true);
    else if (key == "pcn_codes") set_codes(ctx, n, k, files.pcn_codes, "PCN code");
    else if (key == "registered_patients") ctx.set_path(n, k, files.registered_patients, true);
    else if (key == "prevalence") ctx.set_path(n, k, files.prevalence, true);
    else if (key == "deprivation") ctx.set_path(n, k, files.deprivation, true);
    else if (key == "org_codes") set_codes(ctx, n, k, files.org_codes);
    else return false;
    return true;
}

}  // namespace

void read_run_key(ReadContext& ctx, std::string_view key, const toml::node& n, const std::string& k) {
    auto& run = ctx.scenario().run;
    if (key == "weeks") ctx.set_int(n, k, run.weeks, 1, 520);
    else if (key == "warmup_weeks") ctx.set_int(n, k, run.warmup_weeks, 0, 520);
    else if (key == "seed") {
        if (auto v = ctx.integer(n, k, 0, std::numeric_limits<std::int64_t>::max())) run.seed = static_cast<std::uint64_t>(*v);
    } else if (key == "replications") ctx.set_int(n, k, run.replications, 1, 65536);
    else if (key == "psa_draws") ctx.set_int(n, k, run.psa_draws, 0, 100000);
    else if (key == "threads") ctx.set_int(n, k, run.threads, 0, 1024);
    else unread_known_key(k);
}

void read_population_key(ReadContext& ctx, std::string_view key, const toml::node& n, const std::string& k) {
    if (key == "source") set_source(ctx, n, k);
    else if (!read_synthetic_key(ctx, key, n, k) && !read_practice_files_key(ctx, key, n, k)) unread_known_key(k);
}

void read_processes_key(ReadContext& ctx, std::string_view key, const toml::node& n, const std::string& k) {
    if (key == "demography") ctx.set_bool(n, k, ctx.scenario().demography);
    else unread_known_key(k);
}

void read_gp_workforce_key(ReadContext& ctx, std::string_view key, const toml::node& n, const std::string& k) {
    if (key == "unlimited") ctx.set_bool(n, k, ctx.scenario().gp_capacity_unlimited);
    else unread_known_key(k);
}

namespace {

// wte and wte_schedule both set the coach schedule: one table (file or --set) setting both would
// leave one of them silently unused. A file may replace the schedule its parent set either way.
// Keys come in name order, not the file's: the problem goes to the later line of the two.
bool both_wte_keys(ReadContext& ctx, const std::string& k) {
    const std::string other = k == "coaching.wte" ? "coaching.wte_schedule" : "coaching.wte";
    const Problem* o = ctx.origin_of(other);
    if (!o || o->file != ctx.file()) return false;
    const Problem* later = ctx.later_origin(k, other);
    const Problem* earlier = later == o ? ctx.origin_of(k) : o;
    ctx.problem_at(*later, fmt::format("set either wte or wte_schedule, not both ({} is set{})", earlier->key,
                                       earlier->line > 0 ? fmt::format(" on line {}", earlier->line) : std::string()));
    return true;
}

}  // namespace

void read_coaching_key(ReadContext& ctx, std::string_view key, const toml::node& n, const std::string& k) {
    auto& coaching = ctx.scenario().coaching;
    if ((key == "wte" || key == "wte_schedule") && both_wte_keys(ctx, k)) return;
    if (key == "wte") {
        if (auto v = ctx.number(n, k, 0.0, 1000.0)) coaching.wte_schedule = {{0, *v}};
    } else if (key == "wte_schedule") set_wte_schedule(ctx, n, k, coaching);
    else if (key == "waiting_list") {
        if (auto v = ctx.choice(n, k, {"fifo", "priority"})) coaching.priority_waiting_list = *v == 1;
    } else unread_known_key(k);
}

void read_network_key(ReadContext& ctx, std::string_view key, const toml::node& n, const std::string& k) {
    auto& network = ctx.scenario().network;
    if (key == "enabled") ctx.set_bool(n, k, network.enabled);
    else if (key == "buddies") ctx.set_bool(n, k, network.buddies);
    else if (key == "buddy_requires_tie") ctx.set_bool(n, k, network.buddy_requires_tie);
    else if (key == "group_sessions") ctx.set_bool(n, k, network.group_sessions);
    else if (key == "spillover") ctx.set_bool(n, k, network.spillover);
    else unread_known_key(k);
}

}  // namespace pcnsim::scenario_reader
