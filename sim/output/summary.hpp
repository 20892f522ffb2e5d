#pragma once
// The rows of summary.csv: every reported metric and group over the whole horizon, for the
// scenario, its counterfactual and their difference, with the mean and percentiles over the
// replications. economics.hpp builds on them.
#include <string>
#include <vector>

#include "sim/engine/ensemble.hpp"
#include "sim/output/run_values.hpp"

namespace pcnsim {

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

}  // namespace pcnsim
