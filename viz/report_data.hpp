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

struct ScenarioResult {
    std::string name, folder;
    nlohmann::ordered_json manifest;
    std::vector<ParameterEntry> parameters;
    std::vector<EconomicsEntry> economics;
    std::vector<SummaryEntry> summary;
    std::map<std::string, WeeklyBands> weekly;  // "arm/metric", whole run; empty for sweep points

    const EconomicsEntry* economics_row(const std::string& measure, const std::string& group_by = "all",
                                        const std::string& group = "all") const;
    const SummaryEntry* summary_row(const std::string& arm, const std::string& metric, const std::string& group_by = "all",
                                    const std::string& group = "all") const;
};

struct RankedEntry {
    int rank = 0;
    std::string scenario, rank_by;
    Number prob_best;
};

struct ReportData {
    std::string kind;  // "run", "compare" or "sweep"
    std::vector<std::string> folders;
    nlohmann::ordered_json manifest;       // the compare or sweep manifest, or the single run's
    std::vector<ScenarioResult> scenarios;  // in ranking order when there is one
    std::vector<RankedEntry> ranking;
    std::vector<std::map<std::string, std::string>> sweep;  // sweep.csv rows by column name
};

// The metrics the report charts week by week.
const std::vector<std::string>& charted_metrics();

// Reads the folders (one compare or sweep folder, or one or more run folders). Problems name the
// file, line and column; with any problem the data is not to be used.
ReportData load_report_data(const std::vector<std::string>& folders, Problems& problems);

}  // namespace pcnsim::viz
