#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "sim/core/rounding.hpp"

using pcnsim::round_half_away;

TEST_CASE("rounding: round_half_away gives std::llround's result at halves, next to them and at every magnitude") {
    std::vector<double> values{0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
                               4503599627370495.5, -4503599627370495.5, 4503599627370496.0, 9007199254740993.0,
                               1e18, -1e18, std::numeric_limits<double>::denorm_min()};
    for (double h = 0.5; h < 1e7; h = h * 3 + 0.5) {
        values.push_back(h);
        values.push_back(-h);
        values.push_back(std::nextafter(h, 0.0));
        values.push_back(std::nextafter(h, 1e300));
        values.push_back(-std::nextafter(h, 0.0));
    }
    std::mt19937_64 engine(20261130);
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    for (int k = 0; k < 200000; ++k) values.push_back(unit(engine) * std::ldexp(1.0, k % 60));
    int differ = 0;
    for (const double x : values)
        if (round_half_away(x) != std::llround(x)) {
            ++differ;
            MESSAGE("differs at ", x);
        }
    CHECK(differ == 0);
    CHECK(round_half_away(2.5) == 3);
    CHECK(round_half_away(-2.5) == -3);
    CHECK(round_half_away(0.49999999999999994) == 0);
}
