#pragma once
// The binomial distribution as a yardstick for shares: how far an observed share of n independent
// trials may stray from p by chance alone. Pure functions.
#include <utility>

namespace pcnsim {

// P(X <= x) for X ~ Binomial(n, p), summed exactly (n up to a few thousand).
double binomial_cdf(int x, int n, double p);

// The central `level` range of Binomial(n, p), as counts (lower, upper): the smallest x with
// P(X <= x) >= (1 - level) / 2 and the smallest x with P(X <= x) >= (1 + level) / 2. For n = 20,
// p = 0.9 and level 0.95: (15, 20).
std::pair<int, int> binomial_central_range(int n, double p, double level);

}  // namespace pcnsim
