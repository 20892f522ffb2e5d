#include "sim/stats/frontier.hpp"

namespace pcnsim {

std::vector<bool> cost_effectiveness_frontier(const std::vector<std::optional<double>>& cost,
                                              const std::vector<std::optional<double>>& benefit, const std::vector<std::string>& group) {
    const auto same_group = [&group](std::size_t i, std::size_t j) { return group.empty() || group[i] == group[j]; };
    std::vector<bool> on(cost.size(), false);
    for (std::size_t i = 0; i < cost.size(); ++i) {
        if (!cost[i] || !benefit[i]) continue;
        bool dominated = false;
        for (std::size_t j = 0; j < cost.size() && !dominated; ++j) {
            if (j == i || !same_group(i, j) || !cost[j] || !benefit[j]) continue;
            const bool no_worse = *cost[j] <= *cost[i] && *benefit[j] >= *benefit[i];
            dominated = no_worse && (*cost[j] < *cost[i] || *benefit[j] > *benefit[i]);
        }
        on[i] = !dominated;
    }
    return on;
}

}  // namespace pcnsim
