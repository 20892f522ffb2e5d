#pragma once
// Inline SVG charts for the HTML report: no scripts, no external resources. Every chart has a
// <title> and <desc> (screen readers, tooltips) and tells its series apart by colour, marker, dash
// or pattern and a direct text label (viz/palette.hpp), never by colour alone.
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pcnsim::viz {

struct ChartText {
    std::string id;           // data-chart attribute, for tests and links
    std::string title;        // shown above the chart and as the SVG <title>
    std::string description;  // the SVG <desc>: what the chart shows, in words
    std::string x_label, y_label;
};

using Formatter = std::function<std::string(double)>;

// Lines over x (weeks by default), each with an optional band (low, high) shaded around it.
struct LineSeries {
    std::string label;
    std::vector<double> y, low, high;  // low and high empty: no band
    std::size_t style = 0;             // palette index
    bool dashed = false;               // dashed whatever the palette says (a counterfactual)
    bool neutral = false;              // grey, no markers: the no-coaching reference, outside the palette
};
struct LineChartOptions {
    std::vector<double> x;                 // x of each point; empty: reported weeks, the first at 1 (weeks elapsed at its end)
    Formatter x_format, y_format;          // tick labels; empty: thousands-separated numbers
    std::optional<double> reference;       // a horizontal line (0 for differences, 1 for ROI)
    std::optional<std::pair<double, double>> y_span;  // a fixed y range (0 to 1 for shares); empty: from the data
    bool percent = false;                  // y values are shares: percentage ticks
    bool direct_labels = true;             // name each line at its end (otherwise the caller puts a series_key beside it)
    double height = 300, width = 720;
};
std::string line_chart(const ChartText& text, const std::vector<LineSeries>& series, const LineChartOptions& options = {});

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
                      const Formatter& format = {});

// A forest plot: one row per option, a point with its 95% interval, grouped under headings (what
// the options vary), a line at zero, and the value with its interval written in a column of its own
// to the right, so that whiskers never cross the text.
struct ForestRow {
    std::string label, group;
    double value = 0;
    std::optional<double> low, high;
    std::string value_text;  // written in the right-hand column
    std::size_t style = 0;
};
std::string forest_plot(const ChartText& text, const std::vector<ForestRow>& rows, const Formatter& format);

// A tornado: for each parameter, a bar from the measure at its low value to the measure at its high
// value, about a vertical line at the base case; largest swing first.
struct TornadoRow {
    std::string label;
    double at_low = 0, at_high = 0;
    std::string low_value, high_value;  // the parameter's low and high values, as text
};
std::string tornado_chart(const ChartText& text, double base, const std::vector<TornadoRow>& rows, const Formatter& format);

// Points (e.g. cost against benefit); highlighted points (the frontier) are filled diamonds joined
// by a line, the others open circles; every point is labelled.
struct Point {
    std::string label;
    double x = 0, y = 0;
    bool highlighted = false;
};
std::string scatter_chart(const ChartText& text, const std::vector<Point>& points);

// A key (marker, dash and name of each series) to sit beside small multiples.
std::string series_key(const std::vector<std::string>& names);

// Text made safe for HTML and SVG.
std::string escape(const std::string& text);

}  // namespace pcnsim::viz
