#include "sim/stats/binomial.hpp"

#include <algorithm>
#include <cmath>

namespace pcnsim {

double binomial_cdf(int x, int n, double p) {
    if (x < 0) return 0;
    if (x >= n || p <= 0) return 1;
    if (p >= 1) return 0;
    double sum = 0;
    for (int k = 0; k <= x; ++k)  // log-space terms: no overflow of the binomial coefficient
        sum += std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) + k * std::log(p) + (n - k) * std::log1p(-p));
    return std::min(sum, 1.0);
}

std::pair<int, int> binomial_central_range(int n, double p, double level) {
    const auto smallest_reaching = [&](double probability) {
        int x = 0;
        while (x < n && binomial_cdf(x, n, p) < probability) ++x;
        return x;
    };
    return {smallest_reaching((1 - level) / 2), smallest_reaching((1 + level) / 2)};
}

}  // namespace pcnsim
