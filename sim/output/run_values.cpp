#include "sim/output/run_values.hpp"

#include <algorithm>

namespace pcnsim {

std::vector<GroupKey> output_group_keys(const std::vector<std::string>& practice_codes, const std::vector<std::string>& pcn_codes) {
    return pcn_codes.size() > 1 ? group_keys(pcn_codes, "pcn") : group_keys(practice_codes);
}

std::vector<GroupKey> run_group_keys(const RunResult& run) { return output_group_keys(run.practice_codes, run.pcn_codes); }

bool reported_for(const MetricInfo& m, const GroupKey& k) {
    if (k.group_by == "cohort")
        return m.scope == MetricScope::groups && counted_by_cohort(m.numerator) &&
               (m.kind != MetricKind::ratio || counted_by_cohort(m.denominator));
    switch (m.scope) {
        case MetricScope::groups: return true;
        case MetricScope::practice: return is_practice_group(k);
        case MetricScope::pcn: return k.group_by == "all" || k.group_by == "pcn";
    }
    return true;
}

const Parameters& parameters_of(const RunResult& run, const ReplicationResult& rep) {
    const auto d = static_cast<std::size_t>(rep.draw);
    return d < run.psa_parameters.size() ? run.psa_parameters[d] : run.scenario.parameters;
}

double view_value(const MetricInfo& m, const ReplicationResult& rep, std::size_t week, std::size_t group, View view,
                  const Parameters& params) {
    const auto value = [&](Arm a) { return metric_value(m, rep.arm(a)[week][group], 1, params); };
    switch (view) {
        case View::scenario: return value(Arm::scenario);
        case View::counterfactual: return value(Arm::counterfactual);
        case View::difference: return value(Arm::scenario) - value(Arm::counterfactual);
    }
    return 0.0;
}

std::pair<double, double> metric_over_weeks(const MetricInfo& m, const std::vector<std::vector<CounterSet>>& weeks, std::size_t first,
                                            std::size_t end, std::size_t group, const Parameters& params) {
    CounterSet sums;
    for (std::size_t w = first; w < end && w < weeks.size(); ++w) sums += weeks[w][group];
    const int n = static_cast<int>(std::min(end, weeks.size()) - std::min(first, end));
    if (n <= 0) return {0.0, 0.0};
    const double total = metric_value(m, sums, n, params);
    const double population = static_cast<double>(sums[Counter::population]) / n;
    return {total, population > 0 ? total / population * 1000.0 * 52.0 / n : 0.0};
}

}  // namespace pcnsim
