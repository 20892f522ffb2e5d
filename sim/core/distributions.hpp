#pragma once
// Distribution transforms written once on top of Draws. std:: distributions are avoided because
// their output differs between standard libraries, which would break bit-reproducibility.
#include <cmath>
#include <cstdint>

#include "sim/core/rng.hpp"

namespace pcnsim {

inline bool bernoulli(Draws& d, double p) { return d.uniform() < p; }

// Standard normal by inversion of the normal CDF (Wichura 1988, algorithm AS 241 PPND16, relative
// accuracy about 1e-16). One uniform per normal, and no log in the central 85% of draws, which
// matters because two normals are drawn per patient-week.
inline double normal_quantile(double p) {
    const double q = p - 0.5;
    if (std::abs(q) <= 0.425) {
        const double r = 0.180625 - q * q;
        return q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
                        45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
                     133.14166789178437745) * r + 3.387132872796366608) /
               (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r +
                    21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
                 42.313330701600911252) * r + 1.0);
    }
    double r = std::sqrt(-std::log(q < 0 ? p : 1.0 - p));
    double x;
    if (r <= 5.0) {
        r -= 1.6;
        x = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
                 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
              4.6303378461565452959) * r + 1.42343711074968357734) /
            (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
                 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
              2.05319162663775882187) * r + 1.0);
    } else {
        r -= 5.0;
        x = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
                 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
              5.4637849111641143699) * r + 6.6579046435011037772) /
            (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
                 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r +
              0.59983220655588793769) * r + 1.0);
    }
    return q < 0 ? -x : x;
}

inline double standard_normal(Draws& d) { return normal_quantile(d.uniform()); }
// The same algorithm at single precision (AS 241 PPND7, about 7 significant digits): a third of
// the arithmetic. For quantities stored as float (PAM scores, the log-propensity), whose rounding
// (relative 6e-8) swamps the difference, and which are drawn every patient-week.
inline double normal_quantile_7digits(double p) {
    const double q = p - 0.5;
    if (std::abs(q) <= 0.425) {
        const double r = 0.180625 - q * q;
        return q * (((59.10937472 * r + 159.29113202) * r + 50.434271938) * r + 3.3871327179) /
               (((67.1875636 * r + 78.757757664) * r + 17.895169469) * r + 1.0);
    }
    double r = std::sqrt(-std::log(q < 0 ? p : 1.0 - p));
    double x;
    if (r <= 5.0) {
        r -= 1.6;
        x = (((0.17023821103 * r + 1.3067284816) * r + 2.75681539) * r + 1.4234372777) /
            ((0.12021132975 * r + 0.7370016425) * r + 1.0);
    } else {
        r -= 5.0;
        x = (((0.017337203997 * r + 0.42868294337) * r + 3.081226386) * r + 6.657905115) /
            ((0.012258202635 * r + 0.24197894225) * r + 1.0);
    }
    return q < 0 ? -x : x;
}


// Poisson from one uniform, by inversion for the small weekly rates of this model and the normal
// approximation with continuity correction above a mean of 50 (relative error of the mean below
// 1e-3 there). Since exp(-mean) >= 1 - mean, a uniform below 1 - mean is a zero without computing
// the exponential: the same answer, and most patient-weeks take that path.
inline std::uint32_t poisson_quantile(double u, double mean) {
    if (mean <= 0.0 || u < 1.0 - mean) return 0;
    if (mean > 50.0) {
        const double x = mean + std::sqrt(mean) * normal_quantile(u) + 0.5;
        return x < 0.0 ? 0u : static_cast<std::uint32_t>(x);
    }
    double p = std::exp(-mean);
    double cumulative = p;
    std::uint32_t k = 0;
    while (u > cumulative && k < 1000) {
        ++k;
        p *= mean / k;
        cumulative += p;
    }
    return k;
}

inline std::uint32_t poisson(Draws& d, double mean) { return poisson_quantile(d.uniform(), mean); }

inline std::uint32_t binomial(Draws& d, std::uint32_t n, double p) {
    std::uint32_t k = 0;
    for (std::uint32_t i = 0; i < n; ++i) k += bernoulli(d, p) ? 1u : 0u;
    return k;
}

// Gamma(shape, scale = 1) by Marsaglia and Tsang; shape < 1 via the boosting identity.
inline double gamma_unit(Draws& d, double shape) {
    if (shape < 1.0) {
        const double u = d.uniform();
        return gamma_unit(d, shape + 1.0) * std::pow(u, 1.0 / shape);
    }
    const double dd = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * dd);
    for (;;) {
        double x, v;
        do {
            x = standard_normal(d);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = d.uniform();
        if (std::log(u) < 0.5 * x * x + dd - dd * v + dd * std::log(v)) return dd * v;
    }
}

// Index drawn from unnormalised weights (cumulative search; the weight vectors here are short).
template <class Weights>
inline int categorical(Draws& d, const Weights& w) {
    double total = 0.0;
    for (double x : w) total += x;
    double u = d.uniform() * total;
    int i = 0;
    for (double x : w) {
        if (u < x) return i;
        u -= x;
        ++i;
    }
    return i - 1;
}

}  // namespace pcnsim
