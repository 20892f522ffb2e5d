#include "viz/palette.hpp"

#include <fmt/format.h>

#include <array>

namespace pcnsim::viz {
namespace {

constexpr std::array<SeriesStyle, kDistinctSeries> kStyles{{
    {"#0072B2", MarkerShape::circle, true, ""},
    {"#D55E00", MarkerShape::square, true, "7 3"},
    {"#117733", MarkerShape::diamond, true, "2 2"},
    {"#882255", MarkerShape::triangle_up, true, "9 3 2 3"},
    {"#E69F00", MarkerShape::triangle_down, true, ""},
    {"#332288", MarkerShape::cross, true, "7 3"},
    {"#44AA99", MarkerShape::circle, false, "2 2"},
    {"#CC6677", MarkerShape::square, false, "9 3 2 3"},
    {"#000000", MarkerShape::diamond, false, ""},
    {"#999933", MarkerShape::triangle_up, false, "7 3"},
    {"#88CCEE", MarkerShape::triangle_down, false, "2 2"},
    {"#661100", MarkerShape::cross, false, "9 3 2 3"},
}};

}  // namespace

const SeriesStyle& series_style(std::size_t i) { return kStyles[i % kStyles.size()]; }

std::string marker_svg(const SeriesStyle& s, double x, double y, double size) {
    const double h = size / 2;
    const std::string paint = s.filled ? fmt::format("fill=\"{0}\" stroke=\"{0}\"", s.colour)
                                       : fmt::format("fill=\"white\" stroke=\"{}\" stroke-width=\"1.5\"", s.colour);
    switch (s.marker) {
        case MarkerShape::circle: return fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" {}/>", x, y, h, paint);
        case MarkerShape::square:
            return fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" {}/>", x - h * 0.9, y - h * 0.9, size * 0.9,
                               size * 0.9, paint);
        case MarkerShape::diamond:
            return fmt::format("<path d=\"M{:.1f},{:.1f}l{:.1f},{:.1f}l{:.1f},{:.1f}l{:.1f},{:.1f}z\" {}/>", x, y - h, h, h, -h, h, -h, -h, paint);
        case MarkerShape::triangle_up:
            return fmt::format("<path d=\"M{:.1f},{:.1f}l{:.1f},{:.1f}h{:.1f}z\" {}/>", x, y - h, h, 2 * h, -2 * h, paint);
        case MarkerShape::triangle_down:
            return fmt::format("<path d=\"M{:.1f},{:.1f}l{:.1f},{:.1f}h{:.1f}z\" {}/>", x, y + h, h, -2 * h, -2 * h, paint);
        case MarkerShape::cross:
            return fmt::format("<path d=\"M{0:.1f},{1:.1f}l{2:.1f},{2:.1f}m0,{3:.1f}l{3:.1f},{2:.1f}\" stroke=\"{4}\" stroke-width=\"{5}\" "
                               "fill=\"none\"/>",
                               x - h, y - h, size, -size, s.colour, s.filled ? 2.5 : 1.5);
    }
    return "";
}

}  // namespace pcnsim::viz
