// Paired runs: P(best) and the paired differences, on constructed values.
#include <doctest/doctest.h>

#include "sim/stats/paired.hpp"

using namespace pcnsim;

namespace {
constexpr std::nullopt_t none = std::nullopt;
using Values = std::vector<std::optional<double>>;
}  // namespace

TEST_CASE("P(best): the share of runs in which a scenario is highest with ties shared and undefined values never winning") {
    // Run 0: scenario 1 (2) is best. Run 1: scenarios 0 and 1 tie at 5. Run 2: scenario 2 (9).
    const auto best = probability_best({Values{1.0, 5.0, 3.0}, Values{2.0, 5.0, 1.0}, Values{none, 4.0, 9.0}});
    REQUIRE(best.size() == 3);
    CHECK(best[0] == doctest::Approx(1.0 / 6));
    CHECK(best[1] == doctest::Approx(1.0 / 3 + 1.0 / 6));
    CHECK(best[2] == doctest::Approx(1.0 / 3));
    // A run in which no scenario has a value counts for nobody.
    const auto partial = probability_best({Values{none, 1.0}, Values{none, 0.0}});
    CHECK(partial[0] == doctest::Approx(0.5));
    CHECK(partial[1] == 0.0);
    CHECK(probability_best({}).empty());
}

TEST_CASE("paired differences: run by run where both are defined and the share above 0") {
    const auto d = defined_differences(Values{5.0, none, 7.0, 1.0}, Values{2.0, 3.0, none, 4.0, 100.0});
    CHECK(d == std::vector<double>{3.0, -3.0});
    CHECK(share_positive(d) == doctest::Approx(0.5));
    CHECK(share_positive({0.0, 1.0, 2.0}) == doctest::Approx(2.0 / 3));  // 0 is not above 0
    CHECK(share_positive({}) == 0.0);
    CHECK(defined_values(Values{none, 1.5, none, -2.0}) == std::vector<double>{1.5, -2.0});
}
