// The report's 12 series styles (viz/palette.hpp): every pair of colours far apart in normal vision
// and under simulated red-green colour blindness, and every series with its own marker, so that no
// two scenarios look alike even in greyscale.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "viz/palette.hpp"

using namespace pcnsim::viz;

namespace {

using Rgb = std::array<double, 3>;

double linear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double encoded(double c) { return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1 / 2.4) - 0.055; }

Rgb parse(const std::string& hex) {
    Rgb out{};
    for (int k = 0; k < 3; ++k) out[static_cast<std::size_t>(k)] = linear(std::stoi(hex.substr(1 + 2 * static_cast<std::size_t>(k), 2), nullptr, 16) / 255.0);
    return out;
}

// sRGB (linear) to CIE L*a*b* under D65.
Rgb lab(const Rgb& c) {
    const double x = (0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.95047, y = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2],
                 z = (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.08883;
    const auto f = [](double t) { return t > 216.0 / 24389 ? std::cbrt(t) : (24389.0 / 27 * t + 16) / 116; };
    return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

// Machado, Oliveira and Fernandes (2009) full-severity simulation matrices, on linear RGB, with the
// result clipped to the gamut and re-encoded (as the simulated colour would be shown).
using Matrix = std::array<Rgb, 3>;
constexpr Matrix kDeuteranopia{{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}};
constexpr Matrix kProtanopia{{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}};

Rgb simulate(const Rgb& c, const Matrix& m) {
    Rgb out{};
    for (std::size_t i = 0; i < 3; ++i) {
        const double v = m[i][0] * c[0] + m[i][1] * c[1] + m[i][2] * c[2];
        out[i] = linear(std::round(encoded(std::clamp(v, 0.0, 1.0)) * 255) / 255);
    }
    return out;
}

double delta_e(const Rgb& a, const Rgb& b) {
    const auto p = lab(a), q = lab(b);
    return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

}  // namespace

TEST_CASE("palette: 12 scenarios get 12 colours far apart in normal and red-green colour-blind vision") {
    double normal = 1e9, deutan = 1e9, protan = 1e9;
    std::pair<std::size_t, std::size_t> closest{};
    for (std::size_t i = 0; i < kDistinctSeries; ++i)
        for (std::size_t j = i + 1; j < kDistinctSeries; ++j) {
            const auto a = parse(series_style(i).colour), b = parse(series_style(j).colour);
            const double d = delta_e(a, b);
            if (d < normal) normal = d, closest = {i, j};
            deutan = std::min(deutan, delta_e(simulate(a, kDeuteranopia), simulate(b, kDeuteranopia)));
            protan = std::min(protan, delta_e(simulate(a, kProtanopia), simulate(b, kProtanopia)));
        }
    CAPTURE(closest.first);
    CAPTURE(closest.second);
    // CIE76 differences: about 2.3 is just noticeable; 25 apart reads as different hues at a glance.
    CHECK(normal >= 25);
    // Under simulation pairs collapse towards the blue-yellow axis; 12 still tells them apart side by
    // side, and the markers below carry the rest.
    CHECK(deutan >= 12);
    CHECK(protan >= 12);
}

TEST_CASE("palette: every one of 12 series has its own marker, and the styles then repeat") {
    std::set<std::pair<int, bool>> markers;
    std::set<std::string> colours;
    for (std::size_t i = 0; i < kDistinctSeries; ++i) {
        markers.insert({static_cast<int>(series_style(i).marker), series_style(i).filled});
        colours.insert(series_style(i).colour);
        CHECK(marker_svg(series_style(i), 10, 10).find(series_style(i).colour) != std::string::npos);
    }
    CHECK(markers.size() == kDistinctSeries);
    CHECK(colours.size() == kDistinctSeries);
    CHECK(std::string(series_style(kDistinctSeries).colour) == series_style(0).colour);
}
