#include "sim/output/metrics.hpp"

#include "sim/core/catalogue.hpp"

namespace pcnsim {

const std::vector<MetricInfo>& metric_catalogue() { return catalogue().metrics(); }

const MetricInfo* find_metric(std::string_view name) { return catalogue().metric(name); }

double metric_value(const MetricInfo& m, const CounterSet& sums, int weeks, const Parameters& p) {
    const double numerator = static_cast<double>(sums[m.numerator]) * m.scale;
    switch (m.kind) {
        case MetricKind::flow: return m.cost_param.empty() ? numerator : numerator * p.get(m.cost_param);
        case MetricKind::stock: return numerator / weeks;
        case MetricKind::ratio: {
            const auto denominator = sums[m.denominator];
            return denominator > 0 ? numerator / static_cast<double>(denominator) : 0.0;
        }
    }
    return 0.0;
}

}  // namespace pcnsim
