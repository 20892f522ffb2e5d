#include "sim/stats/weighted.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

namespace pcnsim {

double weighted_quantile(const Eigen::VectorXd& values, const Eigen::VectorXd& weights, double p) {
    std::vector<Eigen::Index> order(static_cast<std::size_t>(values.size()));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return values[a] < values[b]; });
    const double total = weights.sum();
    double cumulative = 0;
    for (const auto i : order) {
        cumulative += weights[i];
        if (cumulative >= p * total) return values[i];
    }
    return values[order.back()];
}

double effective_sample_size(const Eigen::VectorXd& normalised_weights) { return 1.0 / normalised_weights.squaredNorm(); }

}  // namespace pcnsim
