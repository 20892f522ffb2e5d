#include "sim/stats/paired.hpp"

#include <algorithm>

namespace pcnsim {

std::vector<double> defined_values(const std::vector<std::optional<double>>& values) {
    std::vector<double> defined;
    for (const auto& v : values)
        if (v) defined.push_back(*v);
    return defined;
}

std::vector<double> probability_best(const std::vector<std::vector<std::optional<double>>>& values) {
    std::vector<double> best(values.size(), 0.0);
    const std::size_t runs = values.empty() ? 0 : values.front().size();
    for (std::size_t r = 0; r < runs; ++r) {
        std::optional<double> top;
        for (const auto& v : values)
            if (r < v.size() && v[r] && (!top || *v[r] > *top)) top = v[r];
        if (!top) continue;
        std::vector<std::size_t> winners;
        for (std::size_t i = 0; i < values.size(); ++i)
            if (r < values[i].size() && values[i][r] && *values[i][r] == *top) winners.push_back(i);
        for (const auto i : winners) best[i] += 1.0 / static_cast<double>(winners.size() * runs);
    }
    return best;
}

std::vector<double> defined_differences(const std::vector<std::optional<double>>& scenario,
                                        const std::vector<std::optional<double>>& reference) {
    std::vector<double> differences;
    for (std::size_t k = 0; k < scenario.size() && k < reference.size(); ++k)
        if (scenario[k] && reference[k]) differences.push_back(*scenario[k] - *reference[k]);
    return differences;
}

double share_positive(const std::vector<double>& values) {
    if (values.empty()) return 0.0;
    const auto positive = std::count_if(values.begin(), values.end(), [](double d) { return d > 0; });
    return static_cast<double>(positive) / static_cast<double>(values.size());
}

}  // namespace pcnsim
