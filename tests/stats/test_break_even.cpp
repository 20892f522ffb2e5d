// The break-even finder of pcnsim threshold on toy measures with known crossings (no model): the
// root, the interval from the percentile curves, "not reached", open interval ends, evaluations
// shared between the finders, a step function like a common-random-number run's, and the grid helpers.
#include <doctest/doctest.h>

#include <cmath>

#include "sim/stats/break_even.hpp"

using namespace pcnsim;

namespace {

// A measure whose mean is f(x) and whose 95% band is f(x) -+ half_width.
MeasureCurve band_around(std::function<double(double)> f, double half_width, int* calls = nullptr) {
    return [f = std::move(f), half_width, calls](double x) {
        if (calls) ++*calls;
        const double m = f(x);
        return MeasureBand{m, m - half_width, m + half_width};
    };
}

}  // namespace

TEST_CASE("break-even: the root and the interval of a linear measure are where the curves cross the target") {
    int calls = 0;
    // Mean 2x, band 2x -+ 1 on [0, 10], target 5: mean crosses at 2.5, the 97.5th percentile curve
    // (2x + 1) at 2 and the 2.5th (2x - 1) at 3.
    const auto b = find_break_even(band_around([](double x) { return 2 * x; }, 1.0, &calls), 0, 10, 5);
    REQUIRE(b.root);
    CHECK(std::abs(*b.root - 2.5) <= 0.01);
    REQUIRE(b.interval);
    REQUIRE(b.interval->first.value);
    REQUIRE(b.interval->second.value);
    CHECK(std::abs(*b.interval->first.value - 2.0) <= 0.1);  // interval tolerance 1e-2 x 10
    CHECK(std::abs(*b.interval->second.value - 3.0) <= 0.1);
    // Every evaluation is made once and kept, in parameter order, the ends first and last.
    CHECK(calls == static_cast<int>(b.evaluations.size()));
    CHECK(b.evaluations.front().first == 0.0);
    CHECK(b.evaluations.back().first == 10.0);
    CHECK(b.at_lo().mean == 0.0);
    CHECK(b.at_hi().mean == 20.0);
    CHECK(calls < 25);
}

TEST_CASE("break-even: a decreasing nonlinear measure and a tolerance given") {
    // Mean 10 exp(-x) on [0, 5], target 1: root ln 10 = 2.302585; band -+ 0.5 crosses at
    // ln(10 / 1.5) = 1.89712 (the 2.5th percentile curve) and ln(10 / 0.5) = 2.99573 (the 97.5th).
    const auto b = find_break_even(band_around([](double x) { return 10 * std::exp(-x); }, 0.5), 0, 5, 1, {1e-6, 1e-4, 40});
    REQUIRE(b.root);
    CHECK(std::abs(*b.root - std::log(10.0)) <= 1e-6);
    REQUIRE(b.interval);
    CHECK(std::abs(*b.interval->first.value - std::log(10 / 1.5)) <= 1e-4);
    CHECK(std::abs(*b.interval->second.value - std::log(20.0)) <= 1e-4);
}

TEST_CASE("break-even: not reached within the range evaluates only the two ends") {
    int calls = 0;
    const auto b = find_break_even(band_around([](double x) { return x; }, 1.0, &calls), 0, 1, 5);
    CHECK_FALSE(b.root);
    CHECK_FALSE(b.interval);  // the target lies above the band everywhere
    CHECK(calls == 2);
    CHECK(b.at_lo().mean == 0.0);
    CHECK(b.at_hi().mean == 1.0);
}

TEST_CASE("break-even: an interval end beyond the range is open") {
    // Mean x, band x -+ 3 on [0, 10], target 1: root 1; the 97.5th percentile curve would cross at
    // -2, below the range (the target is within the band at 0), the 2.5th at 4.
    const auto b = find_break_even(band_around([](double x) { return x; }, 3.0), 0, 10, 1);
    REQUIRE(b.root);
    CHECK(std::abs(*b.root - 1.0) <= 0.01);
    REQUIRE(b.interval);
    CHECK_FALSE(b.interval->first.value);
    REQUIRE(b.interval->second.value);
    CHECK(std::abs(*b.interval->second.value - 4.0) <= 0.1);
    // Not reached by the mean, yet within the band at the top of the range: the interval opens upwards.
    const auto near = find_break_even(band_around([](double x) { return x; }, 3.0), 0, 10, 12);
    CHECK_FALSE(near.root);
    REQUIRE(near.interval);
    REQUIRE(near.interval->first.value);
    CHECK(std::abs(*near.interval->first.value - 9.0) <= 0.1);
    CHECK_FALSE(near.interval->second.value);
}

TEST_CASE("break-even: a step function like a common-random-number run brackets the step") {
    // Runs on the same random numbers change by whole events: the measure moves in steps. floor(x)
    // never equals 2.5; the finder narrows the bracket onto the step at x = 3.
    const auto b = find_break_even(band_around([](double x) { return std::floor(x); }, 0.0), 0, 10, 2.5);
    REQUIRE(b.root);
    CHECK(std::abs(*b.root - 3.0) <= 0.01);
}

TEST_CASE("break-even: a target met exactly at a range end is reached there") {
    const auto b = find_break_even(band_around([](double x) { return x; }, 0.0), 0, 10, 10);
    REQUIRE(b.root);
    CHECK(*b.root == 10.0);
}

TEST_CASE("break-even: piecewise linear curves and grid values") {
    const auto values = grid_values(1, 3, 5);
    REQUIRE(values.size() == 5);
    CHECK(values[1] == doctest::Approx(1.5));
    CHECK(values.back() == 3.0);
    CHECK(grid_values(2, 4, 1) == std::vector<double>{2});
    const auto curve = piecewise_linear({{2.0, {20, 10, 30}}, {0.0, {0, -10, 10}}});  // any order
    CHECK(curve(1.0).mean == doctest::Approx(10));
    CHECK(curve(1.0).p2_5 == doctest::Approx(0));
    CHECK(curve(1.5).p97_5 == doctest::Approx(25));
    CHECK(curve(-1.0).mean == 0.0);  // constant beyond the ends
    CHECK(curve(3.0).mean == 20.0);
    // Break-even on a grid line: exact on the interpolated curve.
    const auto b = find_break_even(curve, 0, 2, 5, {1e-9, 1e-9, 40});
    REQUIRE(b.root);
    CHECK(*b.root == doctest::Approx(0.5));
}
