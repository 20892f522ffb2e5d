#pragma once
// Run outputs: timeseries.csv and summary.csv (long format) and manifest.json. A run folder is
// written under a temporary name and renamed into place only when complete, so a crash or Ctrl-C
// never leaves a half-written folder that looks finished.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/ensemble.hpp"
#include "sim/engine/groups.hpp"
#include "sim/output/metrics.hpp"

namespace pcnsim {

// The three views of every metric: the scenario, its paired no-coaching counterfactual, and the
// scenario minus the counterfactual.
enum class View { scenario = 0, counterfactual = 1, difference = 2 };
inline constexpr View kViews[3] = {View::scenario, View::counterfactual, View::difference};
inline constexpr const char* kViewNames[3] = {"scenario", "counterfactual", "difference"};
inline const char* view_name(View v) { return kViewNames[static_cast<int>(v)]; }

struct SummaryRow {
    std::string arm, metric, group_by, group;
    double total = 0;                  // whole horizon, mean over replications
    double per_1000_per_year = 0;      // flows only
    bool has_rate = false;
    // The spread of `total` over replications: 2.5th, 50th and 97.5th percentiles.
    double total_p2_5 = 0, total_median = 0, total_p97_5 = 0;
};

// Rows in arm order (scenario, counterfactual, difference), then metric and group: means and
// percentiles over every replication of the run.
std::vector<SummaryRow> summarise(const RunResult& run);
// The row of (arm, metric, group), or null.
const SummaryRow* find_summary_row(const std::vector<SummaryRow>& rows, const std::string& arm, const std::string& metric,
                                   const std::string& group_by = "all", const std::string& group = "all");

// The same rows for one replication alone (the percentiles equal the total).
std::vector<SummaryRow> summarise_replication(const RunResult& run, std::size_t replication);

// A metric over reported weeks [first, end) of one arm (weeks x groups) for one group: its total (a
// flow's sum; a stock's or ratio's mean) and, for flows, the rate per 1,000 patient-years.
std::pair<double, double> metric_over_weeks(const MetricInfo& m, const std::vector<std::vector<CounterSet>>& weeks, std::size_t first,
                                            std::size_t end, std::size_t group, const Parameters& params);
// The output groups of a run: practices, or PCNs when it has several (groups.hpp).
std::vector<GroupKey> run_group_keys(const RunResult& run);
// The same from the practices' and PCNs' codes alone (before anything has run).
std::vector<GroupKey> output_group_keys(const std::vector<std::string>& practice_codes, const std::vector<std::string>& pcn_codes);

// The p-th quantile (0-1) of the values, linearly interpolated between order statistics (Hyndman
// and Fan type 7, as R and NumPy by default). Requires at least one value.
double quantile(std::vector<double> values, double p);

// The mean and the 2.5th, 50th and 97.5th percentiles (type 7) of the values over runs, as every
// output with an interval reports them. Requires at least one value.
struct Spread {
    double mean = 0, p2_5 = 0, median = 0, p97_5 = 0;
    double p25 = 0, p75 = 0;  // the 50% band (the report's inner band)
};
Spread spread_of(std::vector<double> values);

struct OutputOptions {
    std::string dir;
    bool force = false;
    std::string command_line;
    bool timeseries = true;  // sweeps leave out each point's timeseries.csv (tens of MB each)
    // timeseries.csv with one row per arm, week, metric and group (mean and percentiles over runs)
    // instead of one per run: its size no longer grows with replications and PSA draws.
    bool timeseries_bands = false;
    bool report = false;  // the command line also writes report.html into the folder (viz/report.hpp)
};

// Throws std::runtime_error naming the path when the folder may not be written: it exists and
// `force` is off, or it is the working folder or contains it (replacing it would delete the user's
// files). Called before a run starts, so nobody waits for a run whose outputs will be refused.
void check_output_folder(const OutputOptions& options);
// The output folder as an absolute path ("out/" and "out" are the same folder).
std::filesystem::path output_path(const std::string& dir);

// Writes an output folder's files into a fresh temporary folder beside `options.dir`, then renames
// it into place, so a failure or interruption never leaves a half-written folder that looks
// complete. Throws std::runtime_error naming the folder.
void write_folder_atomically(const OutputOptions& options, const std::function<void(const std::filesystem::path&)>& write_files);
// A manifest's first keys: version, commit and command line.
nlohmann::ordered_json provenance(const OutputOptions& options);

// Throws std::runtime_error with a message naming the path when the folder cannot be written.
void write_run_outputs(const RunResult& run, const OutputOptions& options);

// Ranked on one economics measure (economics.hpp), highest first.
// `pcnsim compare`: scenarios run on the same population, random numbers and PSA draws, so run k of
// every scenario is a paired comparison. The ranking measure also gets its spread over runs and the
// probability that the scenario is best on it (share of runs where it has the highest value; ties
// share the run).
struct ComparisonRow {
    int rank = 0;
    std::string scenario, targeting;
    std::vector<std::optional<double>> values;  // comparison_measures() order
    std::vector<std::optional<double>> p2_5, p97_5;  // of each measure over the runs (replications x draws)
    std::optional<double> rank_value;
    std::optional<double> rank_p2_5, rank_p97_5;
    double prob_best = 0;
};
const std::vector<std::string>& comparison_measures();
std::vector<ComparisonRow> compare_runs(const std::vector<RunResult>& runs, const std::string& rank_by);

// differences.csv: a scenario minus the reference (the first scenario compared) on one measure,
// run by run. Pairing run k with run k removes the variation the two share (population, random
// numbers, PSA draw), so the interval is that of the difference the scenario makes, much narrower
// than the two scenarios' own intervals side by side.
struct DifferenceRow {
    std::string scenario, reference, measure, unit;
    std::size_t pairs = 0;         // runs where the measure is defined in both
    std::optional<Spread> spread;  // of the paired differences; empty without pairs
    double prob_positive = 0;      // share of the pairs with scenario above the reference
};
// For every run but the first and every comparison measure, in that order.
std::vector<DifferenceRow> paired_differences(const std::vector<RunResult>& runs);

// A sweep's grid (sweep.hpp) beside its runs, for sweep.csv: per run, the scenario file and the
// value of every axis.
struct SweepGrid {
    std::vector<std::string> axis_keys;
    std::vector<std::string> scenario_files;
    std::vector<std::vector<std::string>> axis_values;
    std::vector<std::string> frontier_group;  // per run: points are compared only within a group
};

// Points not dominated on (lower cost, higher benefit): no other point of the same group costs no
// more and gains no less, with one of the two strictly better. Undefined values are never on the
// frontier. Without groups every point is in one group.
std::vector<bool> cost_effectiveness_frontier(const std::vector<std::optional<double>>& cost,
                                              const std::vector<std::optional<double>>& benefit,
                                              const std::vector<std::string>& group = {});

// DIR/<scenario>/ with each run's files, DIR/comparison.csv and DIR/manifest.json, written
// atomically; with a grid, also DIR/sweep.csv (one row per point, with the frontier flags), without
// one DIR/differences.csv (a sweep's first point is no natural reference).
void write_comparison_outputs(const std::vector<RunResult>& runs, const std::vector<ComparisonRow>& table,
                              const std::string& rank_by, const OutputOptions& options, const SweepGrid* grid = nullptr);

// Formats a double the same way everywhere (shortest round-trip form).
std::string format_number(double v);

}  // namespace pcnsim
