#pragma once
// How the report tells up to 12 scenarios apart: a colour, a marker and a line dash for each, so that
// no series relies on colour alone (colour-blind readers, greyscale print), and every series is also
// labelled directly. The colours are from Okabe and Ito's and Paul Tol's colour-blind-safe sets,
// chosen so that every pair differs by at least 25 CIE76 units in normal vision and 12 under
// simulated deuteranopia and protanopia (tests/viz/test_palette.cpp); the markers are 6 shapes,
// filled then open.
#include <cstddef>
#include <string>

namespace pcnsim::viz {

inline constexpr std::size_t kDistinctSeries = 12;

enum class MarkerShape { circle, square, diamond, triangle_up, triangle_down, cross };

struct SeriesStyle {
    const char* colour = "";
    MarkerShape marker = MarkerShape::circle;
    bool filled = true;
    const char* dash = "";  // SVG stroke-dasharray; empty: solid
};

// The style of series `i`; beyond kDistinctSeries the styles repeat.
const SeriesStyle& series_style(std::size_t i);

// An SVG marker of the series' shape and colour centred at (x, y), `size` pixels across.
std::string marker_svg(const SeriesStyle& style, double x, double y, double size = 8);

}  // namespace pcnsim::viz
