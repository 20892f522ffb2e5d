#include "sim/scenario/sweep.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>

#include "sim/core/file_io.hpp"
#include "sim/core/file_text.hpp"

namespace pcnsim {
namespace fs = std::filesystem;

namespace {

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

// A value as it would be written after `--set key=`.
std::string as_setting(const toml::node& n) {
    if (const auto* s = n.as_string()) return s->get();
    if (const auto* i = n.as_integer()) return fmt::format("{}", i->get());
    if (const auto* d = n.as_floating_point()) return fmt::format("{}", d->get());
    if (const auto* b = n.as_boolean()) return b->get() ? "true" : "false";
    return "";
}

std::string label_part(const std::string& text) {
    std::string out;
    for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ? c : '-';
    return out;
}

// What the keys give before the grid is expanded: resolved scenario files and each axis's values.
struct SweepInputs {
    std::vector<std::string> scenarios;
    std::vector<std::vector<std::string>> axis_values;  // in sweep.axis_keys order
    std::vector<std::vector<int>> axis_lines;           // the line of each value
};

// Scenario files are resolved against the sweep file, so a sweep runs from any directory.
void read_scenarios(const toml::node& node, const std::string& path, const std::string& k, SweepInputs& inputs, Problems& problems) {
    const auto* arr = node.as_array();
    if (!arr || arr->empty()) {
        problems.push_back({path, line_of(node), k, "expected a non-empty array of scenario files"});
        return;
    }
    const fs::path base = fs::path(path).parent_path();
    for (const auto& e : *arr) {
        const auto file = e.value<std::string>();
        const auto why = file ? not_a_file(base / *file) : "file not found";
        if (!why.empty())
            problems.push_back({path, line_of(e), k, why + ": " + (file ? (base / *file).lexically_normal().string() : "(not a string)")});
        else
            inputs.scenarios.push_back((base / *file).lexically_normal().string());
    }
}

void read_frontier_within(const toml::node& node, const std::string& path, const std::string& k, Sweep& sweep, Problems& problems) {
    const auto* arr = node.as_array();
    if (!arr) {
        problems.push_back({path, line_of(node), k, "expected an array of axis names"});
        return;
    }
    for (const auto& e : *arr)
        if (const auto axis = e.value<std::string>()) sweep.frontier_within.push_back(*axis);
        else problems.push_back({path, line_of(e), k, "expected axis names (strings)"});
}

// Values are kept as the text `--set` would take, so each point is an ordinary scenario run with
// overrides and the scenario loader checks them.
void read_axes(const toml::table& axes, const std::string& path, Sweep& sweep, SweepInputs& inputs, Problems& problems) {
    for (auto&& [axis, values] : axes) {
        const auto* arr = values.as_array();
        if (!arr || arr->empty()) {
            problems.push_back({path, line_of(values), "axes." + std::string(axis.str()), "expected a non-empty array of values"});
            continue;
        }
        sweep.axis_keys.emplace_back(axis.str());
        auto& v = inputs.axis_values.emplace_back();
        auto& lines = inputs.axis_lines.emplace_back();
        for (const auto& e : *arr) v.push_back(as_setting(e)), lines.push_back(line_of(e));
    }
}

// Every top-level key; all problems are collected so a user fixes the file in one pass.
void read_keys(const toml::table& root, const std::string& path, Sweep& sweep, SweepInputs& inputs, Problems& problems) {
    for (auto&& [key, node] : root) {
        const std::string k(key.str());
        if (k == "name") {
            if (node.is_string()) sweep.name = *node.value<std::string>();
            else problems.push_back({path, line_of(node), k, "expected a string"});
        } else if (k == "scenarios") {
            read_scenarios(node, path, k, inputs, problems);
        } else if (k == "frontier_within") {
            read_frontier_within(node, path, k, sweep, problems);
        } else if (k == "axes" && node.is_table()) {
            read_axes(*node.as_table(), path, sweep, inputs, problems);
        } else {
            problems.push_back({path, line_of(node), k, "unknown key; expected name, scenarios, frontier_within or [axes]"});
        }
    }
}

// Scenarios x the values of each axis, saturating rather than wrapping round.
std::size_t grid_points(const SweepInputs& inputs, std::vector<std::string>& factors) {
    std::size_t points = inputs.scenarios.size();
    factors.push_back(fmt::format("{} scenario file(s)", inputs.scenarios.size()));
    for (const auto& values : inputs.axis_values) {
        points = values.empty() || points <= SIZE_MAX / values.size() ? points * values.size() : SIZE_MAX;
        factors.push_back(std::to_string(values.size()));
    }
    return points;
}

void check_grid_size(const std::string& path, const SweepInputs& inputs, std::size_t max_points, Problems& problems) {
    std::vector<std::string> factors;
    const std::size_t points = grid_points(inputs, factors);
    if (points <= max_points) return;
    std::string product;
    for (const auto& f : factors) product += (product.empty() ? "" : " x ") + f;
    problems.push_back({path, 0, "axes",
                        fmt::format("the grid has {} points ({}), more than the limit of {}: each point is a whole scenario run; use "
                                    "fewer values, or give --max-points {} if you mean it",
                                    points == SIZE_MAX ? "too many" : std::to_string(points), product, max_points,
                                    points == SIZE_MAX ? "N" : std::to_string(points))});
}

// Checks across keys, once all are read: they may come in any order in the file.
void check_sweep(const toml::table& root, const std::string& path, const Sweep& sweep, const SweepInputs& inputs, Problems& problems) {
    if (inputs.scenarios.empty() && problems.empty()) problems.push_back({path, 0, "scenarios", "required: at least one scenario file"});
    for (const auto& axis : sweep.frontier_within)
        if (std::find(sweep.axis_keys.begin(), sweep.axis_keys.end(), axis) == sweep.axis_keys.end())
            problems.push_back({path, line_of(*root.get("frontier_within")), "frontier_within", "'" + axis + "' is not one of the [axes]"});
    // In line order, whatever order the table iterates its keys in.
    std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) { return a.line < b.line; });
}

// Every combination: scenario-major, the last axis varying fastest (an odometer over the axes).
// Labels carry the point's number and values, so output folders are unique and readable.
void expand_grid(const SweepInputs& inputs, Sweep& sweep) {
    const auto& axis_values = inputs.axis_values;
    std::vector<std::size_t> index(axis_values.size(), 0);
    for (const auto& scenario : inputs.scenarios) {
        for (bool more = true; more;) {
            SweepPoint point{scenario, {}, ""};
            point.label = fmt::format("p{:03}_{}", sweep.points.size() + 1, label_part(fs::path(scenario).stem().string()));
            for (std::size_t a = 0; a < axis_values.size(); ++a) {
                point.settings.emplace_back(sweep.axis_keys[a], axis_values[a][index[a]]);
                point.lines.push_back(inputs.axis_lines[a][index[a]]);
                point.label += "_" + label_part(sweep.axis_keys[a].substr(sweep.axis_keys[a].rfind('.') + 1)) + "-" + label_part(axis_values[a][index[a]]);
            }
            sweep.points.push_back(point);
            more = false;
            for (std::size_t a = axis_values.size(); a-- > 0;) {
                if (++index[a] < axis_values[a].size()) {
                    more = true;
                    break;
                }
                index[a] = 0;
            }
        }
    }
}

}  // namespace

Sweep load_sweep(const std::string& path, Problems& problems, std::size_t max_points) {
    Sweep sweep;
    sweep.name = fs::path(path).stem().string();
    if (const auto why = not_a_file(path); !why.empty()) {
        problems.push_back({path, 0, "", why});
        return sweep;
    }
    const auto read = read_file_text(path);
    if (!read.ok()) {
        problems.push_back({path, 0, "", "cannot read " + path + ": " + read.error});
        return sweep;
    }
    toml::table root;
    try {
        root = toml::parse(read.text, path);
    } catch (const toml::parse_error& e) {
        problems.push_back({path, static_cast<int>(e.source().begin.line), "", std::string(e.description())});
        return sweep;
    }
    SweepInputs inputs;
    read_keys(root, path, sweep, inputs, problems);
    check_sweep(root, path, sweep, inputs, problems);
    if (problems.empty()) check_grid_size(path, inputs, max_points, problems);
    if (!problems.empty()) return sweep;
    expand_grid(inputs, sweep);
    return sweep;
}

void add_point_problems(const std::string& sweep_path, const SweepPoint& point, const Problems& point_problems, Problems& problems) {
    for (Problem p : point_problems) {
        for (std::size_t a = 0; a < point.settings.size(); ++a) {
            const auto& [key, value] = point.settings[a];
            // A setting's problems carry its --set text as their file (the whole override, or "--set" and the key).
            if (p.file != "--set " + key + "=" + value && !(p.file == "--set" && p.key == key)) continue;
            p = {sweep_path, point.lines[a], "axes." + key, fmt::format("value {}: {}", value, p.message)};
            break;
        }
        const bool seen = std::any_of(problems.begin(), problems.end(), [&](const Problem& q) {
            return q.file == p.file && q.line == p.line && q.key == p.key && q.message == p.message;
        });
        if (!seen) problems.push_back(std::move(p));
    }
}

}  // namespace pcnsim
