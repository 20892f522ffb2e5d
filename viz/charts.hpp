#pragma once
// Inline SVG charts for the HTML report: no scripts, no external resources. Every chart has a
// <title> and <desc> (screen readers, tooltips) and tells its series apart by line style, pattern
// or marker shape and a text label, never by colour alone.
#include <optional>
#include <string>
#include <vector>

namespace pcnsim::viz {

struct ChartText {
    std::string id;           // data-chart attribute, for tests and links
    std::string title;        // shown above the chart and as the SVG <title>
    std::string description;  // the SVG <desc>: what the chart shows, in words
    std::string x_label, y_label;
};

// One line over reported weeks with optional 50% and 95% bands (empty vectors: no band).
struct BandSeries {
    std::string label;
    std::vector<double> median, p25, p75, p2_5, p97_5;
    bool dashed = false;
};
std::string band_chart(const ChartText& text, const std::vector<BandSeries>& series);

// Horizontal bars in groups (e.g. IMD quintiles), one bar per series, each with its value written
// beside it and an optional interval whisker.
struct Bar {
    double value = 0;
    std::optional<double> low, high;
};
struct BarGroup {
    std::string label;
    std::vector<Bar> bars;  // one per series, in series order
};
std::string bar_chart(const ChartText& text, const std::vector<std::string>& series, const std::vector<BarGroup>& groups,
                      int decimals = 0);

// Points (e.g. cost against benefit); highlighted points (the frontier) are filled diamonds joined
// by a line, the others open circles; every point is labelled.
struct Point {
    std::string label;
    double x = 0, y = 0;
    bool highlighted = false;
};
std::string scatter_chart(const ChartText& text, const std::vector<Point>& points);

// Text made safe for HTML and SVG.
std::string escape(const std::string& text);
// A number for people: thousands separated, `decimals` places.
std::string human(double value, int decimals = 0);

}  // namespace pcnsim::viz
