#include "sim/stats/descriptive.hpp"

#include <algorithm>
#include <cmath>

namespace pcnsim {

double quantile_of_sorted(const std::vector<double>& sorted, double p) {
    const double h = (static_cast<double>(sorted.size()) - 1) * p;
    const auto below = static_cast<std::size_t>(std::floor(h));
    const auto above = std::min(sorted.size() - 1, below + 1);
    return sorted[below] + (h - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

double quantile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    return quantile_of_sorted(values, p);
}

Spread spread_of(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    double sum = 0;
    for (const double v : values) sum += v;
    return {sum / static_cast<double>(values.size()), quantile_of_sorted(values, 0.025), quantile_of_sorted(values, 0.5),
            quantile_of_sorted(values, 0.975), quantile_of_sorted(values, 0.25), quantile_of_sorted(values, 0.75)};
}

double sample_variance(const std::vector<double>& values, double mean) {
    const double divisor = std::max<double>(1, static_cast<double>(values.size()) - 1);
    double variance = 0;
    for (const double v : values) variance += (v - mean) * (v - mean) / divisor;
    return variance;
}

}  // namespace pcnsim
