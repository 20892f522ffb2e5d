// The binomial CDF and its central range: the yardstick of calibration coverage.
#include <doctest/doctest.h>

#include "sim/stats/binomial.hpp"

using namespace pcnsim;

TEST_CASE("binomial cdf: exact sums against tabulated values") {
    // Binomial(20, 0.9): P(X <= 14) = 0.011253, P(X <= 15) = 0.043174 (tables; sums of C(20, k) 0.9^k 0.1^(20-k)).
    CHECK(binomial_cdf(14, 20, 0.9) == doctest::Approx(0.0112531).epsilon(1e-5));
    CHECK(binomial_cdf(15, 20, 0.9) == doctest::Approx(0.0431745).epsilon(1e-5));
    // Binomial(20, 0.5): P(X <= 5) = 21700 / 2^20, P(X <= 6) = 60460 / 2^20.
    CHECK(binomial_cdf(5, 20, 0.5) == doctest::Approx(21700.0 / 1048576).epsilon(1e-9));
    CHECK(binomial_cdf(6, 20, 0.5) == doctest::Approx(60460.0 / 1048576).epsilon(1e-9));
    CHECK(binomial_cdf(-1, 20, 0.5) == 0);
    CHECK(binomial_cdf(20, 20, 0.5) == 1);
    CHECK(binomial_cdf(3, 5, 0.0) == 1);
    CHECK(binomial_cdf(4, 5, 1.0) == 0);
}

TEST_CASE("binomial central range: the counts a share of n trials reaches by chance 95% of the time") {
    // From the values above: 15 is the smallest count whose CDF reaches 0.025, and 14 for 0.975 at p = 0.5
    // (P(X <= 13) = 0.9423, P(X <= 14) = 0.9793).
    CHECK(binomial_central_range(20, 0.9, 0.95) == std::pair{15, 20});
    CHECK(binomial_central_range(20, 0.5, 0.95) == std::pair{6, 14});
    CHECK(binomial_central_range(1, 0.5, 0.95) == std::pair{0, 1});
    // Wider with a higher level, never outside 0 to n.
    const auto [lo, hi] = binomial_central_range(100, 0.5, 0.99);
    CHECK(lo < 40);
    CHECK(hi > 60);
}
