#pragma once
// A run's values as its output files report them: the output groups, which metric each group
// reports, the three views of a metric, and a metric over a span of weeks. summary.hpp and
// timeseries.hpp are built from these.
#include <string>
#include <utility>
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

// The output groups of a run: practices, or PCNs when it has several (groups.hpp).
std::vector<GroupKey> run_group_keys(const RunResult& run);
// The same from the practices' and PCNs' codes alone (before anything has run).
std::vector<GroupKey> output_group_keys(const std::vector<std::string>& practice_codes, const std::vector<std::string>& pcn_codes);

// Whether the outputs report metric m for group k (a practice's metric has no age-band rows; a
// coaching cohort reports the metrics made of counters tallied by cohort: counted_by_cohort()).
bool reported_for(const MetricInfo& m, const GroupKey& k);

// The parameters replication `rep` ran with (its PSA draw's, or the scenario's).
const Parameters& parameters_of(const RunResult& run, const ReplicationResult& rep);

// A metric's value in one week of one replication, for an arm or the difference between them.
double view_value(const MetricInfo& m, const ReplicationResult& rep, std::size_t week, std::size_t group, View view,
                  const Parameters& params);

// A metric over reported weeks [first, end) of one arm (weeks x groups) for one group: its total (a
// flow's sum; a stock's or ratio's mean) and, for flows, the rate per 1,000 patient-years.
std::pair<double, double> metric_over_weeks(const MetricInfo& m, const std::vector<std::vector<CounterSet>>& weeks, std::size_t first,
                                            std::size_t end, std::size_t group, const Parameters& params);

}  // namespace pcnsim
