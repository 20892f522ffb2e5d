#pragma once
// What the report shows, read back from pcnsim's own output folders (a run, a compare or a sweep):
// the numbers are those of summary.csv, economics.csv, comparison.csv, sweep.csv and timeseries.csv,
// never recomputed another way, and the parameters are those manifest.json records (so an old
// folder's report shows that folder's parameters). Weekly bands from per-replication time series use
// the same type-7 quantiles as --timeseries-bands.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/problems.hpp"

namespace pcnsim::viz {

// A number as written in a file: `text` exactly, `value` parsed (empty field: no value).
struct Number {
    std::string text;
    std::optional<double> value;
};

struct EconomicsEntry {
    std::string measure, group_by, group, unit;
    Number value, p2_5, median, p97_5;
};

struct SummaryEntry {
    std::string arm, metric, group_by, group;
    Number total, per_1000_per_year, p2_5, median, p97_5;
};

// A parameter as the folder's manifest.json records it, in the manifest's order.
struct ParameterEntry {
    std::string name;
    double value = 0;
    std::string unit, source;  // empty where the manifest does not record them
};

// One arm's weekly values of one metric for the whole run, over all runs.
struct WeeklyBands {
    std::vector<double> p2_5, p25, median, p75, p97_5;
};

// A running total by reported week (net_benefit_by_week.csv, activity_by_week.csv): mean over runs
// and the 2.5th and 97.5th percentiles.
struct CumulativeBands {
    std::vector<double> mean, p2_5, p97_5;
};

// evaluation.csv: what a local evaluation would conclude (naive before-after, matched
// difference-in-differences) against the true paired effect.
struct EvaluationEntry {
    std::string metric, estimate, unit;
    Number value, lower_95, upper_95;
};

struct ScenarioResult {
    std::string name, folder;
    nlohmann::ordered_json manifest;
    std::vector<ParameterEntry> parameters;
    std::vector<EconomicsEntry> economics;
    std::vector<SummaryEntry> summary;
    std::map<std::string, WeeklyBands> weekly;  // "arm/metric", whole run; empty for sweep points
    std::map<std::string, CumulativeBands> cumulative;  // "nhs/economic", ... and activity measures by name
    std::vector<EvaluationEntry> evaluation;
    // What the scenario varies, for grouping: the folder of its own scenario file ("staffing",
    // "targeting", "delivery", ...), or "other".
    std::string varies;

    const EconomicsEntry* economics_row(const std::string& measure, const std::string& group_by = "all",
                                        const std::string& group = "all") const;
    const SummaryEntry* summary_row(const std::string& arm, const std::string& metric, const std::string& group_by = "all",
                                    const std::string& group = "all") const;
    // Has a cost to the NHS: a coaching option.
    bool spends() const;
};

struct RankedEntry {
    int rank = 0;
    std::string scenario, rank_by;
    Number prob_best, rank_p2_5, rank_p97_5;
    std::string interval_source;  // e.g. "12 PSA draws x 1 replications"
};

struct CeacPoint {
    double threshold = 0;
    std::string option;
    double prob_cost_effective = 0, prob_highest_nmb = 0;
};

// voi.csv rows (per decision and population, EVPI and EVPPI).
struct VoiEntry {
    std::string measure, net_benefit_measure, scope, parameter_or_group, unit, note;
    Number value, standard_error;
    int draws = 0;
};

// break_even/threshold.csv (pcnsim compare --break-even, or pcnsim threshold) and the scenario it was run on.
struct BreakEven {
    std::string scenario, parameter, measure, status;
    Number given, target, range_low, range_high, root, interval_low, interval_high, measure_at_range_low, measure_at_range_high;
};

// tornado/tornado.csv.
struct TornadoEntry {
    std::string parameter, unit, measure;
    Number low_value, high_value, base, measure_at_low, measure_at_high, swing, measure_at_low_p2_5, measure_at_low_p97_5;
};

// validation/validation.csv (pcnsim validate).
struct ValidationEntry {
    std::string area, check, band_basis, source, model_basis, within_band;
    Number published, band_low, band_high, model, model_low, model_high;
};

struct ReportData {
    std::string kind;  // "run", "compare" or "sweep"
    std::vector<std::string> folders;
    nlohmann::ordered_json manifest;       // the compare or sweep manifest, or the single run's
    std::vector<ScenarioResult> scenarios;  // in ranking order when there is one
    std::vector<RankedEntry> ranking;
    std::vector<std::map<std::string, std::string>> sweep;  // sweep.csv rows by column name
    std::vector<CeacPoint> ceac;                             // the compare's ceac.csv
    std::vector<VoiEntry> voi;                               // voi.csv, when compare --voi wrote one
    std::optional<BreakEven> break_even;                     // break_even/, when present
    std::vector<TornadoEntry> tornado;                       // tornado/, when present
    std::string tornado_scenario;
    std::vector<ValidationEntry> validation;                 // validation/, when present
    std::string validation_command;

    // The ranking's entry for a scenario, or null (run folders side by side are not ranked).
    const RankedEntry* ranked(const std::string& scenario) const;
};

// The metrics the report charts week by week (the appendix's panels), with their panel titles;
// only these are read from timeseries.csv.
struct ChartedMetric {
    std::string metric, title;
};
const std::vector<ChartedMetric>& charted_metrics();

// Reads the folders (one compare or sweep folder, or one or more run folders). Problems name the
// file, line and column; with any problem the data is not to be used.
// Without `weekly`, the time series are not read (the terminal's answer needs none of them).
ReportData load_report_data(const std::vector<std::string>& folders, Problems& problems, bool weekly = true);

}  // namespace pcnsim::viz
