#pragma once
// Economics and equity of a scenario against its paired counterfactual (MODEL.md section 7), from
// the rows of summary.csv so that every figure can be recomputed from that file: coaching cost,
// events avoided, savings split into cash-releasing (A&E, admissions) and capacity-releasing (GP
// appointments), return on investment (gross savings per pound spent), net benefit, GP appointments
// released per coach WTE-year, cost per A&E attendance and per admission avoided, and reach and
// benefit per 1,000 patients by IMD quintile with the quintile 1 : quintile 5 ratio.
#include <optional>
#include <string>
#include <vector>

#include "sim/output/summary.hpp"

namespace pcnsim {

struct EconomicsRow {
    std::string measure, group_by, group;
    std::optional<double> value;  // empty where undefined (e.g. ROI with no coaching cost)
    std::string unit;
    // Percentiles of the measure over replications (where it is defined in at least one).
    std::optional<double> p2_5, median, p97_5;
};

// The measures from summary rows (for a run: from its means over replications).
std::vector<EconomicsRow> economics(const std::vector<SummaryRow>& summary);

// Each replication's own measures (from summarise_replication), in replication order.
std::vector<std::vector<EconomicsRow>> economics_by_replication(const RunResult& run);

// The measures of a run: `value` from the means over replications, the percentiles from each
// replication's own measures, plus prob_roi_above_1 and prob_net_benefit_positive: the share of
// replications with ROI above 1 and with a positive net benefit.
std::vector<EconomicsRow> economics_over_replications(const RunResult& run);

// The row of `measure` (whole PCN unless a group is given), or null.
const EconomicsRow* find_economics_row(const std::vector<EconomicsRow>& rows, const std::string& measure,
                                       const std::string& group_by = "all", const std::string& group = "all");

// The value of `measure` for the whole PCN, if defined.
std::optional<double> economics_value(const std::vector<EconomicsRow>& rows, const std::string& measure,
                                      const std::string& group_by = "all", const std::string& group = "all");

}  // namespace pcnsim
