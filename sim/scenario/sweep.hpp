#pragma once
// Sweep files (`pcnsim sweep SWEEP.toml`): a grid of scenario files crossed with settings, each point
// a scenario run with --set overrides. Format:
//
//   name = "staffing-by-targeting"
//   scenarios = ["../targeting/multi-risk.toml", "../targeting/low-activation.toml"]
//   frontier_within = ["activation.causal_share"]   # optional: assumptions, not decisions
//   [axes]
//   "coaching.wte" = [0, 1, 2, 4]
//   "activation.causal_share" = [0.25, 0.5]
//
// The cost-effectiveness frontier is found separately for each combination of the
// `frontier_within` axes: comparing options across different assumptions would not be a choice.
// Problems are reported as file:line: key: message, like scenario files.
#include <string>
#include <vector>

#include "sim/core/problems.hpp"

namespace pcnsim {

struct SweepPoint {
    std::string scenario_path;                                   // resolved against the sweep file
    std::vector<std::pair<std::string, std::string>> settings;   // (key, value as TOML text), axis order
    std::string label;                                           // a unique scenario name for outputs
    std::vector<int> lines = {};                                 // the sweep file's line of each setting's value
};

// More points than this are refused before any scenario is loaded (each point is a whole scenario,
// held in memory and run): a grid written by mistake (10^6 points) would otherwise start silently.
// --max-points raises the limit.
inline constexpr std::size_t kMaxSweepPoints = 10000;

struct Sweep {
    std::string name;
    std::vector<std::string> axis_keys;
    std::vector<std::string> frontier_within;  // axis keys
    std::vector<SweepPoint> points;  // scenario-major, then axes in file order (last axis fastest)
};

Sweep load_sweep(const std::string& path, Problems& problems, std::size_t max_points = kMaxSweepPoints);

// Adds the problems of one grid point's scenario (loaded with the point's settings as --set
// overrides) to `problems`: a problem of a setting is reported at the sweep file's line of the value,
// key "axes.<key>", and a problem every point shares is reported once, not once per point.
void add_point_problems(const std::string& sweep_path, const SweepPoint& point, const Problems& point_problems, Problems& problems);

}  // namespace pcnsim
