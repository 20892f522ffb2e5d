#pragma once
// `pcnsim compare` and `pcnsim sweep`: scenarios run on the same population, random numbers and PSA
// draws, so run k of every scenario is a paired comparison. The ranking (comparison.csv, sweep.csv)
// and the paired differences from the first scenario (differences.csv).
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/ensemble.hpp"
#include "sim/output/economics.hpp"
#include "sim/stats/descriptive.hpp"

namespace pcnsim {

// The economics measures (economics.hpp) every comparison reports, in column order: the headline
// measures, their names following the [economics] thresholds.
std::vector<std::string> comparison_measures(const EconomicSettings& settings);

// Where a run's intervals come from: replications alone, or PSA draws x replications.
std::string interval_source(const RunResult& run);
// The same from the counts: "12 PSA draws x 1 replication", or "5 replications, no parameter uncertainty" without draws.
std::string interval_source_text(std::size_t draws, std::size_t replications_per_draw, bool posterior = false);

// One scenario, ranked on one economics measure, highest first. The ranking measure also gets its
// spread over runs and the probability that the scenario is best on it (share of runs where it has
// the highest value; ties share the run).
struct ComparisonRow {
    int rank = 0;
    std::string scenario, targeting;
    std::vector<std::optional<double>> values;  // comparison_measures() order
    std::vector<std::optional<double>> p2_5, p97_5;  // of each measure over the runs (replications x draws)
    std::optional<double> rank_value;
    std::optional<double> rank_p2_5, rank_p97_5;
    double prob_best = 0;
    std::string interval_source;
};
std::vector<ComparisonRow> compare_runs(const std::vector<RunResult>& runs, const std::string& rank_by);

// A scenario minus the reference (the first scenario compared) on one measure, run by run. Pairing
// run k with run k removes the variation the two share (population, random numbers, PSA draw), so
// the interval is that of the difference the scenario makes, much narrower than the two scenarios'
// own intervals side by side.
struct DifferenceRow {
    std::string scenario, reference, measure, unit;
    std::size_t pairs = 0;         // runs where the measure is defined in both
    std::optional<Spread> spread;  // of the paired differences; empty without pairs
    double prob_positive = 0;      // share of the pairs with scenario above the reference
};
// For every run but the first and every comparison measure, in that order.
std::vector<DifferenceRow> paired_differences(const std::vector<RunResult>& runs);

}  // namespace pcnsim
