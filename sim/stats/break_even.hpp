#pragma once
// Break-even of a measure along one parameter (pcnsim threshold): the parameter value at which the
// measure's mean over replications crosses a target, found by a bracketing root finder (TOMS 748,
// Boost.Math) between two values where it lies on either side, and an interval over replications:
// the parameter values at which the target lies within the measure's 2.5th to 97.5th percentiles,
// whose ends are where those two percentile curves cross the target (the first and the last such
// crossing, should noise make a curve cross more than once). The curves come from the same
// evaluations (each gives the mean and both percentiles); the finder evaluates further points only
// where a bracket needs them. Pure: the measure is a callback, so the model is not needed to test it.
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace pcnsim {

// The measure at one parameter value: its mean and its 2.5th and 97.5th percentiles over replications.
struct MeasureBand {
    double mean = 0, p2_5 = 0, p97_5 = 0;
};

using MeasureCurve = std::function<MeasureBand(double x)>;

struct BreakEvenOptions {
    // Absolute tolerance on the parameter: the root lies within it of a crossing of the mean curve.
    // The interval's ends need less precision than the root: they are found to `interval_tolerance`.
    double tolerance = 0, interval_tolerance = 0;
    int max_iterations = 40;  // per root: the finder's evaluations beyond those already made
};

// One end of the interval: a value within the range, or beyond the range's end (`value` empty).
struct IntervalEnd {
    std::optional<double> value;
};

struct BreakEven {
    double lo = 0, hi = 0, target = 0;
    // The mean crosses the target within [lo, hi] (its values at the ends are on either side of it,
    // or equal to it); `root` is where.
    std::optional<double> root;
    // Parameter values where the target lies within the 95% band over replications: empty when it
    // lies outside the band over the whole range; an end beyond the range is open (no value).
    std::optional<std::pair<IntervalEnd, IntervalEnd>> interval;
    std::vector<std::pair<double, MeasureBand>> evaluations;  // every point evaluated, in parameter order

    const MeasureBand& at_lo() const { return evaluations.front().second; }
    const MeasureBand& at_hi() const { return evaluations.back().second; }
};

// Evaluates the measure at lo and hi, then finds the root of mean - target between them (when the
// ends are on either side) and the crossings of the two percentile curves, reusing evaluations.
// When the mean crosses more than once the finder returns one crossing: the measure is assumed
// monotone in the parameter over the range. Requires lo < hi; tolerances of 0 mean 1e-3 and 1e-2
// of the range.
BreakEven find_break_even(const MeasureCurve& measure, double lo, double hi, double target, BreakEvenOptions options = {});

// The curve through the points (in parameter order), linear between them and constant beyond:
// break-even read from a grid of evaluations without further runs.
MeasureCurve piecewise_linear(std::vector<std::pair<double, MeasureBand>> points);

// `n` evenly spaced values from lo to hi inclusive (lo alone when n is 1).
std::vector<double> grid_values(double lo, double hi, int n);

}  // namespace pcnsim
