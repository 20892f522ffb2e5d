// Weighted samples: the weighted quantile and the effective sample size.
#include <doctest/doctest.h>

#include "sim/stats/weighted.hpp"

using namespace pcnsim;

TEST_CASE("weighted quantile: the smallest value whose cumulative weight reaches p") {
    Eigen::VectorXd v(4), w(4);
    v << 3, 1, 2, 4;
    w << 0.1, 0.4, 0.3, 0.2;  // sorted: 1 (0.4), 2 (0.7), 3 (0.8), 4 (1.0)
    CHECK(weighted_quantile(v, w, 0.05) == 1);
    CHECK(weighted_quantile(v, w, 0.5) == 2);
    CHECK(weighted_quantile(v, w, 0.75) == 3);
    CHECK(weighted_quantile(v, w, 0.95) == 4);
    // The same weights, not normalised: the same quantiles.
    w << 1, 4, 3, 2;
    CHECK(weighted_quantile(v, w, 0.05) == 1);
    CHECK(weighted_quantile(v, w, 0.5) == 2);
    CHECK(weighted_quantile(v, w, 0.75) == 3);
    CHECK(weighted_quantile(v, w, 0.95) == 4);
    // A value with no weight is passed over.
    w << 0, 1, 0, 1;
    CHECK(weighted_quantile(v, w, 0.5) == 1);
    CHECK(weighted_quantile(v, w, 0.51) == 4);
}

TEST_CASE("effective sample size: n for equal weights and 1 when one sample has all the weight") {
    CHECK(effective_sample_size(Eigen::VectorXd::Constant(4, 0.25)) == doctest::Approx(4));
    Eigen::VectorXd w(3);
    w << 0, 1, 0;
    CHECK(effective_sample_size(w) == doctest::Approx(1));
    w << 0.5, 0.25, 0.25;  // 1 / (0.25 + 0.0625 + 0.0625)
    CHECK(effective_sample_size(w) == doctest::Approx(1 / 0.375));
}
