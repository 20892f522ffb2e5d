#include "sim/calibration/targets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

#include "sim/core/csv_table.hpp"
#include "sim/engine/groups.hpp"
#include "sim/output/metrics.hpp"
#include "sim/scenario/parameters.hpp"

namespace pcnsim {
namespace {

constexpr double kZ975 = 1.959963984540054;

std::optional<double> real(const CsvTable& t, int column, const std::string& name, FileProblems& problems) {
    double v = 0;
    const std::string error = parse_real(t[column], v);
    if (!error.empty()) problems.add(t.line(), name, error);
    return error.empty() ? std::optional(v) : std::nullopt;
}

std::optional<int> week(const CsvTable& t, int column, const std::string& name, FileProblems& problems) {
    const auto v = real(t, column, name, problems);
    if (!v) return std::nullopt;
    if (*v < 0 || *v != std::floor(*v) || *v > 520) {
        problems.add(t.line(), name, fmt::format("{} is not a reported week (a whole number from 0 to 520)", *v));
        return std::nullopt;
    }
    return static_cast<int>(*v);
}

bool known_metric(const std::string& metric, const CsvTable& t, FileProblems& problems) {
    if (find_metric(metric)) return true;
    std::vector<std::string> names;
    for (const auto& m : metric_catalogue()) names.emplace_back(m.name);
    const auto close = closest_names(metric, names, 1);
    problems.add(t.line(), "metric", fmt::format("unknown metric '{}'{}", metric, close.empty() ? "" : "; did you mean '" + close.front() + "'?"));
    return false;
}

// Practice and PCN codes depend on the population and are checked when a calibration runs.
bool known_group_as(const std::string& group_by, const std::string& group, const CsvTable& t, const char* column, FileProblems& problems) {
    if (group_by == "practice" || group_by == "pcn") {
        if (group.empty()) problems.add(t.line(), column, "is empty");
        return !group.empty();
    }
    std::vector<std::string> by, groups;
    for (const auto& k : group_keys({})) {
        if (std::find(by.begin(), by.end(), k.group_by) == by.end()) by.push_back(k.group_by);
        if (k.group_by == group_by) groups.push_back(k.group);
    }
    by.insert(by.end(), {"practice", "pcn"});
    if (groups.empty()) {
        problems.add(t.line(), "group_by", fmt::format("unknown group_by '{}'; expected one of {}", group_by, join(by)));
        return false;
    }
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) {
        problems.add(t.line(), column, fmt::format("'{}' is not a group of {}; expected one of {}", group, group_by, join(groups)));
        return false;
    }
    return true;
}

bool known_group(const std::string& group_by, const std::string& group, const CsvTable& t, FileProblems& problems) {
    return known_group_as(group_by, group, t, "group", problems);
}

// "total" (or empty) or "per_1000_per_year", the latter for flows only (a rate needs events).
bool read_measure(const CsvTable& t, int column, CalibrationTarget& c, FileProblems& problems) {
    const std::string_view m = column >= 0 ? t[column] : std::string_view();
    if (m.empty() || m == "total") return true;
    if (m != "per_1000_per_year") {
        problems.add(t.line(), "measure", fmt::format("unknown measure '{}'; expected total or per_1000_per_year", m));
        return false;
    }
    if (find_metric(c.metric)->kind != MetricKind::flow) {
        problems.add(t.line(), "measure", fmt::format("{} is not a flow (events), so it has no rate per 1,000 per year", c.metric));
        return false;
    }
    c.per_1000_per_year = true;
    return true;
}

// A ratio's reference is another group of the same group_by.
bool known_reference(const CalibrationTarget& c, const CsvTable& t, FileProblems& problems) {
    if (c.reference_group == c.group) {
        problems.add(t.line(), "reference_group", "is the group itself");
        return false;
    }
    return known_group_as(c.group_by, c.reference_group, t, "reference_group", problems);
}

// The target's SD: given directly, or from a 95% interval.
std::optional<double> uncertainty(const CsvTable& t, int sd, int lower, int upper, FileProblems& problems) {
    const bool has_sd = sd >= 0 && !t[sd].empty(), has_interval = lower >= 0 && upper >= 0 && (!t[lower].empty() || !t[upper].empty());
    if (has_sd == has_interval) {
        problems.add(t.line(), "sd", "give either sd or lower_95 and upper_95, not both and not neither");
        return std::nullopt;
    }
    if (has_sd) {
        const auto v = real(t, sd, "sd", problems);
        if (v && *v <= 0) problems.add(t.line(), "sd", fmt::format("{} must be greater than 0", *v));
        return v && *v > 0 ? v : std::nullopt;
    }
    const auto lo = real(t, lower, "lower_95", problems), hi = real(t, upper, "upper_95", problems);
    if (!lo || !hi) return std::nullopt;
    if (*hi <= *lo) {
        problems.add(t.line(), "upper_95", fmt::format("{} must be greater than lower_95 ({})", *hi, *lo));
        return std::nullopt;
    }
    return (*hi - *lo) / (2 * kZ975);
}

// What a target measures; two rows measuring the same thing would count one observation twice.
using TargetKey = std::tuple<std::string, std::string, std::string, std::string, bool, int, int>;
TargetKey key_of(const CalibrationTarget& c) {
    return {c.metric, c.group_by, c.group, c.reference_group, c.per_1000_per_year, c.first_week, c.last_week};
}

void refuse_duplicates(const std::vector<CalibrationTarget>& targets, FileProblems& problems) {
    std::map<TargetKey, int> first_line;
    for (const auto& c : targets) {
        const auto [at, fresh] = first_line.emplace(key_of(c), c.line);
        if (!fresh)
            problems.add(c.line, "metric",
                         fmt::format("duplicate target: line {} already gives {} for {} {} over weeks {} to {}; give each target once",
                                     at->second, c.metric, c.group_by, c.group, c.first_week, c.last_week));
    }
}

}  // namespace

std::vector<CalibrationTarget> load_targets(const std::string& path, Problems& out) {
    const std::size_t before = out.size();
    FileProblems problems(path, out);
    CsvTable t(path, problems);
    if (!t.ok()) return {};
    const int metric = t.require("metric"), group_by = t.require("group_by"), group = t.require("group"), first = t.require("first_week"),
              last = t.require("last_week"), value = t.require("value");
    const int sd = t.column("sd"), lower = t.column("lower_95"), upper = t.column("upper_95");
    const int measure = t.column("measure"), reference = t.column("reference_group");
    if (std::min({metric, group_by, group, first, last, value}) < 0) return {};
    if (sd < 0 && (lower < 0 || upper < 0)) {
        problems.add(t.header_line(), "sd", "the header needs sd, or lower_95 and upper_95");
        return {};
    }
    std::vector<CalibrationTarget> targets;
    while (t.next_row()) {
        CalibrationTarget c;
        c.metric = t[metric], c.group_by = t[group_by], c.group = t[group], c.line = t.line();
        const bool metric_ok = known_metric(c.metric, t, problems);  // all checked, so all are reported
        const bool group_ok = known_group(c.group_by, c.group, t, problems);
        const bool measure_ok = !metric_ok || read_measure(t, measure, c, problems);
        if (reference >= 0) c.reference_group = std::string(t[reference]);
        const bool reference_ok = c.reference_group.empty() || !group_ok || known_reference(c, t, problems);
        const bool named = metric_ok && group_ok && measure_ok && reference_ok;
        const auto w0 = week(t, first, "first_week", problems), w1 = week(t, last, "last_week", problems);
        const auto v = real(t, value, "value", problems);
        const auto s = uncertainty(t, sd, lower, upper, problems);
        if (w0 && w1 && *w1 < *w0) problems.add(t.line(), "last_week", fmt::format("{} is before first_week ({})", *w1, *w0));
        if (!named || !w0 || !w1 || !v || !s || *w1 < *w0) continue;
        c.first_week = *w0, c.last_week = *w1, c.value = *v, c.sd = *s;
        targets.push_back(c);
    }
    refuse_duplicates(targets, problems);
    if (targets.empty() && out.size() == before) problems.add(0, "", "the file has no targets");
    return out.size() == before ? targets : std::vector<CalibrationTarget>{};
}

}  // namespace pcnsim
