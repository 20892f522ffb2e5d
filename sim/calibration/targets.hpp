#pragma once
// Calibration targets: observed service data the model is calibrated against, one row per
// metric, group and span of reported weeks, with its uncertainty. File format: docs/calibration.md.
#include <string>
#include <vector>

#include "sim/core/problems.hpp"

namespace pcnsim {

struct CalibrationTarget {
    std::string metric, group_by, group;  // an output metric (docs/metrics.md) and an output group
    int first_week = 0, last_week = 0;    // reported weeks, inclusive (0 = first week after the warm-up)
    bool per_1000_per_year = false;       // measure: a flow's rate per 1,000 patient-years instead of its total
    std::string reference_group;          // when set: the ratio of the group's figure to this group's (same group_by)
    double value = 0;                     // observed: for a flow the total over the weeks, else the mean
    double sd = 0;                        // its uncertainty: given, or a 95% interval's width / (2 x 1.96)
    int line = 0;                         // in the targets file, for messages
};

// Columns metric, group_by, group, first_week, last_week, value, and either sd or lower_95 and
// upper_95; optional measure (total or per_1000_per_year) and reference_group. Every problem is reported as file:line: column: message; with any, the result is empty.
std::vector<CalibrationTarget> load_targets(const std::string& path, Problems& problems);

}  // namespace pcnsim
