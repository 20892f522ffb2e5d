#pragma once
// Rounding to the nearest integer, halves away from zero: std::llround's result, inline. llround is
// a libm call, and the evaluation's fixed-point sums call it for every never-referred adult in every
// week with a referral (9% of a run's time in the profile of issue 18).
#include <cmath>
#include <cstdint>

namespace pcnsim {

inline std::int64_t round_half_away(double x) {
    // Below 2^52 in magnitude the fraction x - trunc(x) is computed exactly, so comparing it with
    // one half decides as llround does; beyond, every double is an integer already or out of range.
    if (!(std::fabs(x) < 4503599627370496.0)) return std::llround(x);
    auto whole = static_cast<std::int64_t>(x);  // truncates towards zero
    const double fraction = x - static_cast<double>(whole);
    if (fraction >= 0.5) ++whole;
    else if (fraction <= -0.5) --whole;
    return whole;
}

}  // namespace pcnsim
