// Descriptive statistics against values worked by hand (and as R's quantile(), type 7, gives them).
#include <doctest/doctest.h>

#include "sim/stats/descriptive.hpp"

using namespace pcnsim;

TEST_CASE("quantile: type 7 interpolation between order statistics") {
    CHECK(quantile({3.0}, 0.025) == 3.0);
    CHECK(quantile({1, 2, 3, 4, 5}, 0.5) == 3.0);
    CHECK(quantile({5, 1, 4, 2, 3}, 0.0) == 1.0);
    CHECK(quantile({5, 1, 4, 2, 3}, 1.0) == 5.0);
    CHECK(quantile({1, 2, 3, 4}, 0.5) == doctest::Approx(2.5));
    CHECK(quantile({10, 20}, 0.025) == doctest::Approx(10.25));  // h = 0.025: 10 + 0.025 x 10
}

TEST_CASE("quantile: agrees with R's quantile() on worked examples") {
    // R: quantile(c(3, 1, 4, 1, 5, 9, 2, 6), c(0.25, 0.5, 0.9)) is 1.75, 3.5, 6.9.
    // Sorted 1 1 2 3 4 5 6 9; h = 7p: 1.75 -> 1 + 0.75 x (2 - 1); 3.5 -> 3 + 0.5 x 1; 6.3 -> 6 + 0.3 x 3.
    const std::vector<double> v{3, 1, 4, 1, 5, 9, 2, 6};
    CHECK(quantile(v, 0.25) == doctest::Approx(1.75));
    CHECK(quantile(v, 0.5) == doctest::Approx(3.5));
    CHECK(quantile(v, 0.9) == doctest::Approx(6.9));
    CHECK(quantile_of_sorted({1, 1, 2, 3, 4, 5, 6, 9}, 0.9) == doctest::Approx(6.9));
    // R: quantile(1:10, 0.1) is 1.9 (h = 0.9).
    CHECK(quantile({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 0.1) == doctest::Approx(1.9));
}

TEST_CASE("spread: the mean and the 2.5th to 97.5th percentiles whatever the order given") {
    // Sorted 0 10 20 30; h = 3p: 0.075 -> 0.75; 0.75 -> 7.5; 1.5 -> 15; 2.25 -> 22.5; 2.925 -> 29.25.
    const auto s = spread_of({20, 0, 30, 10});
    CHECK(s.mean == doctest::Approx(15));
    CHECK(s.p2_5 == doctest::Approx(0.75));
    CHECK(s.p25 == doctest::Approx(7.5));
    CHECK(s.median == doctest::Approx(15));
    CHECK(s.p75 == doctest::Approx(22.5));
    CHECK(s.p97_5 == doctest::Approx(29.25));
    const auto one = spread_of({4.5});
    CHECK(one.mean == 4.5);
    CHECK(one.p2_5 == 4.5);
    CHECK(one.p97_5 == 4.5);
}

TEST_CASE("sample variance: divisor n - 1 and 0 for one value") {
    // Deviations from 5: -3 -1 -1 -1 0 0 2 4; squares sum to 32; 32 / 7.
    CHECK(sample_variance({2, 4, 4, 4, 5, 5, 7, 9}, 5.0) == doctest::Approx(32.0 / 7));
    CHECK(sample_variance({3.0}, 3.0) == 0.0);
    CHECK(sample_variance({}, 0.0) == 0.0);
}
