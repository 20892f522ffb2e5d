#pragma once
// Economics and equity of a scenario against its paired counterfactual (MODEL.md sections 7 and
// 10), week by week from the run's counters (timeseries.csv holds the same counts), so that money
// and QALYs can be discounted and a payback week found:
//   - two perspectives side by side: the NHS (every cost and every saving) and the PCN (coach pay
//     above the ARRS reimbursement cap, GP supervision, training and admin; GP capacity freed), and
//     the rest of the NHS (ARRS reimbursement, acute activity) so that NHS = PCN + rest exactly;
//   - economic value (avoided activity at average unit cost: capacity freed, not money) beside the
//     cash a budget holder would see (value.cash_releasing_share_* at marginal cost);
//   - money and QALYs discounted from the first reported week ([economics] discount_rate);
//   - QALYs from the paired PAM difference and the admissions avoided; ICER, net monetary benefit
//     and P(cost-effective) at each [economics] threshold;
//   - reach and benefit per 1,000 patients by IMD quintile with the quintile 1 : quintile 5 ratio.
// docs/economics.md explains every measure for a commissioner; docs/metrics.md lists them.
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/ensemble.hpp"
#include "sim/scenario/economic_settings.hpp"

namespace pcnsim {

struct EconomicsRow {
    std::string measure, group_by, group;
    std::optional<double> value;  // empty where undefined (e.g. ROI with no cost, payback never reached)
    std::string unit;
    // Percentiles of the measure over runs (replications, or PSA draws x replications) where it is
    // defined in at least one.
    std::optional<double> p2_5, median, p97_5;
    bool headline = false;  // a column of comparison.csv
};


// The discount factor of reported week w: (1 + rate)^(-w / 52).
double discount_factor(double annual_rate, std::size_t week);
// The first week at which the running sum of `net` reaches zero or more; empty when it never does.
// (A measure with nothing spent has no payback week: the caller leaves it empty.)
std::optional<std::size_t> payback_week(const std::vector<double>& net);

// Each replication's own measures, in replication order.
std::vector<std::vector<EconomicsRow>> economics_by_replication(const RunResult& run);

// The measures of a run: `value` from the mean weekly flows over its runs (for a ratio: the ratio
// of the means), the percentiles from each run's own measures, and the probabilities (prob_*: the
// share of runs in which ROI > 1, NMB > 0, ...).
std::vector<EconomicsRow> economics_over_replications(const RunResult& run);

// The prob_* rows from each run's measures (shared by a run and a comparison).
std::vector<EconomicsRow> probability_rows(const std::vector<std::vector<EconomicsRow>>& per_run, const EconomicSettings& settings);

// A running total by reported week: the mean over the run's replications and the 2.5th and 97.5th
// percentiles of each replication's own running total. `key` names it in its file's leading columns.
struct RunningTotal {
    std::string key;
    std::vector<double> mean, p2_5, p97_5;
};

// The run's running totals, from one pass over its replications' weekly flows:
// - net_benefit: the cumulative discounted net benefit for each perspective (nhs, pcn) and value
//   (economic, cash), keyed "nhs,economic" ...; written as net_benefit_by_week.csv;
// - activity: GP appointments released, A&E attendances and emergency admissions avoided (scenario
//   minus its paired counterfactual; counts, not discounted), keyed by measure; written as
//   activity_by_week.csv. A week's own difference is mostly noise; the running total is what a board reads.
struct RunningTotals {
    std::vector<RunningTotal> net_benefit, activity;
};
RunningTotals running_totals(const RunResult& run);

// The row of `measure` (whole PCN unless a group is given), or null.
const EconomicsRow* find_economics_row(const std::vector<EconomicsRow>& rows, const std::string& measure,
                                       const std::string& group_by = "all", const std::string& group = "all");

// The value of `measure` for the whole PCN, if defined.
std::optional<double> economics_value(const std::vector<EconomicsRow>& rows, const std::string& measure,
                                      const std::string& group_by = "all", const std::string& group = "all");

// The headline measures (EconomicsRow::headline and the prob_* rows) in row order: comparison.csv's columns.
std::vector<std::string> headline_measures(const EconomicSettings& settings);
// Every measure of the whole run (not the equity ones by IMD quintile), in row order.
std::vector<std::string> economics_measures(const EconomicSettings& settings);
// The unit of a whole-run measure ("" if there is none of that name), without running anything.
std::string economics_unit(const EconomicSettings& settings, const std::string& measure);

// "nmb_20000", "prob_cost_effective_20000": the measures named after a threshold.
std::string threshold_measure(const char* prefix, double threshold);

}  // namespace pcnsim
