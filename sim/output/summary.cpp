#include "sim/output/summary.hpp"

#include "sim/stats/descriptive.hpp"

namespace pcnsim {
namespace {

// Whole-horizon total and rate per 1,000 patient-years of one view of metric m, group g, in one
// replication.
std::pair<double, double> horizon_figures(const RunResult& run, const ReplicationResult& rep, const MetricInfo& m, std::size_t g,
                                          View view) {
    const auto& params = parameters_of(run, rep);
    const auto arm = [&](Arm a) { return metric_over_weeks(m, rep.arm(a), 0, rep.arm(a).size(), g, params); };
    if (view == View::scenario) return arm(Arm::scenario);
    if (view == View::counterfactual) return arm(Arm::counterfactual);
    auto [total, rate] = arm(Arm::scenario);
    const auto [cf_total, cf_rate] = arm(Arm::counterfactual);
    return {total - cf_total, rate - cf_rate};
}

// Rows over replications [first, end): means, and percentiles of the totals.
std::vector<SummaryRow> summarise_over(const RunResult& run, std::size_t first, std::size_t end) {
    const auto keys = run_group_keys(run);
    std::vector<SummaryRow> rows;
    const double replications = static_cast<double>(end - first);
    for (const View view : kViews)
        for (const auto& m : metric_catalogue())
            for (std::size_t g = 0; g < keys.size(); ++g) {
                if (!reported_for(m, keys[g])) continue;
                SummaryRow row{view_name(view), std::string(m.name), keys[g].group_by, keys[g].group};
                row.has_rate = m.kind == MetricKind::flow;
                std::vector<double> totals;
                for (std::size_t r = first; r < end; ++r) {
                    const auto [total, rate] = horizon_figures(run, run.replications[r], m, g, view);
                    row.total += total / replications;
                    row.per_1000_per_year += rate / replications;
                    totals.push_back(total);
                }
                if (!totals.empty()) {
                    const auto spread = spread_of(totals);
                    row.total_p2_5 = spread.p2_5, row.total_median = spread.median, row.total_p97_5 = spread.p97_5;
                }
                rows.push_back(row);
            }
    return rows;
}

}  // namespace

std::vector<SummaryRow> summarise(const RunResult& run) { return summarise_over(run, 0, run.replications.size()); }

std::vector<SummaryRow> summarise_replication(const RunResult& run, std::size_t replication) {
    return summarise_over(run, replication, replication + 1);
}

const SummaryRow* find_summary_row(const std::vector<SummaryRow>& rows, const std::string& arm, const std::string& metric,
                                   const std::string& group_by, const std::string& group) {
    for (const auto& r : rows)
        if (r.arm == arm && r.metric == metric && r.group_by == group_by && r.group == group) return &r;
    return nullptr;
}

}  // namespace pcnsim
