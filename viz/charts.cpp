#include "viz/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "sim/output/readable.hpp"
#include "viz/palette.hpp"

namespace pcnsim::viz {
namespace {

constexpr double kLeft = 70, kRight = 170, kTop = 16, kBottom = 44;

struct Range {
    double low = std::numeric_limits<double>::infinity(), high = -std::numeric_limits<double>::infinity();
    void add(double v) {
        if (std::isfinite(v)) low = std::min(low, v), high = std::max(high, v);
    }
    void add(const std::vector<double>& vs) {
        for (double v : vs) add(v);
    }
};

// Round tick positions (1, 2 or 5 times a power of ten) covering the range, zero included.
std::vector<double> ticks(Range r, bool include_zero = true, int intervals = 5) {
    if (!std::isfinite(r.low)) r = {0, 1};
    if (include_zero) r.low = std::min(r.low, 0.0), r.high = std::max(r.high, 0.0);
    if (r.high - r.low < 1e-12) r.high = r.low + 1;
    const double raw = (r.high - r.low) / intervals, magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double step = magnitude * (raw / magnitude < 1.5 ? 1 : raw / magnitude < 3.5 ? 2 : raw / magnitude < 7.5 ? 5 : 10);
    std::vector<double> out;
    for (double t = std::floor(r.low / step) * step; t <= r.high + step * 1e-9; t += step) out.push_back(std::abs(t) < step * 1e-9 ? 0 : t);
    if (out.back() < r.high) out.push_back(out.back() + step);
    return out;
}

int decimals_for(const std::vector<double>& ts, double scale = 1) {
    const double step = ts.size() > 1 ? (ts[1] - ts[0]) * scale : 1;
    return step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3;
}

// Shares on an axis as percentages with the decimals their ticks need ("21.8%", not "22%" four times).
Formatter percent_ticks(const std::vector<double>& ts) {
    const int decimals = decimals_for(ts, 100);
    return [decimals](double v) { return grouped(100 * v, decimals, kHtmlStyle) + "%"; };
}

// The reference series (no coaching): grey, outside the palette.
constexpr SeriesStyle kNeutral{"#6e6e6e", MarkerShape::circle, false, "6 4"};

// Vertical grid lines with their labels under a horizontal axis at `axis_y`, and the axis title.
std::string x_axis(const std::vector<double>& ts, const std::function<double(double)>& x, double top, double axis_y, const Formatter& f,
                   const std::string& label, double label_x) {
    std::string out;
    for (double t : ts)
        out += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2:.1f}\" class=\"grid\"/><text x=\"{0:.1f}\" y=\"{3:.1f}\" "
                           "text-anchor=\"middle\" class=\"tick\">{4}</text>\n",
                           x(t), top, axis_y, axis_y + 14, escape(f(t)));
    return out + fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" class=\"axis\">{}</text>\n", label_x, axis_y + 30, escape(label));
}

Formatter or_default(const Formatter& f, const std::vector<double>& ts) {
    if (f) return f;
    const int decimals = decimals_for(ts);
    return [decimals](double v) { return grouped(v, decimals, kHtmlStyle); };
}

std::string open_svg(const ChartText& text, double width, double height) {
    return fmt::format(
        "<figure class=\"chart\" id=\"fig-{1}\"><figcaption>{0}</figcaption>\n"
        "<svg data-chart=\"{1}\" role=\"img\" aria-labelledby=\"{1}-t {1}-d\" viewBox=\"0 0 {2} {3}\" width=\"100%\" "
        "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{1}-t\">{0}</title><desc id=\"{1}-d\">{4}</desc>\n",
        escape(text.title), escape(text.id), width, height, escape(text.description));
}

std::string close_svg(const ChartText& text) { return fmt::format("</svg><p class=\"chart-note\">{}</p></figure>\n", escape(text.description)); }

// Fill patterns for bars: the series' colour, solid, hatched, dotted or crossed in turn. Their ids
// carry the chart's, so that the page never holds two elements of one id.
std::string pattern_id(const ChartText& text, std::size_t i) { return fmt::format("{}-p{}", text.id, i); }

std::string patterns(const ChartText& text, std::size_t n) {
    std::string out = "<defs>";
    for (std::size_t i = 0; i < n; ++i) {
        const char* c = series_style(i).colour;
        const std::size_t kind = i % 4;
        out += fmt::format("<pattern id=\"{}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">", pattern_id(text, i));
        out += fmt::format("<rect width=\"6\" height=\"6\" fill=\"{}\" fill-opacity=\"{}\"/>", c, kind == 0 ? 0.85 : 0.3);
        if (kind == 1) out += fmt::format("<path d=\"M0,6 L6,0\" stroke=\"{}\" stroke-width=\"1.5\"/>", c);
        if (kind == 2) out += fmt::format("<circle cx=\"3\" cy=\"3\" r=\"1.4\" fill=\"{}\"/>", c);
        if (kind == 3) out += fmt::format("<path d=\"M0,0 L6,6 M0,6 L6,0\" stroke=\"{}\" stroke-width=\"1\"/>", c);
        out += "</pattern>";
    }
    return out + "</defs>\n";
}

// Linear map from data to pixels.
struct Scale {
    double d0, d1, p0, p1;
    double operator()(double v) const { return d1 == d0 ? p0 : p0 + (v - d0) / (d1 - d0) * (p1 - p0); }
};

std::string y_axis(const std::vector<double>& ts, const Scale& y, double left, double right, const std::string& label, const Formatter& f) {
    std::string out;
    for (double t : ts)
        out += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" class=\"grid\"/><text x=\"{3}\" y=\"{4:.1f}\" "
                           "text-anchor=\"end\" class=\"tick\">{5}</text>\n",
                           left, right, y(t), left - 6, y(t) + 4, escape(f(t)));
    out += fmt::format("<text transform=\"translate(12,{:.1f}) rotate(-90)\" text-anchor=\"middle\" class=\"axis\">{}</text>\n",
                       (y.p0 + y.p1) / 2, escape(label));
    return out;
}

std::string points_of(const std::vector<double>& xs, const std::vector<double>& ys, const Scale& x, const Scale& y) {
    std::string points;
    for (std::size_t i = 0; i < ys.size() && i < xs.size(); ++i)
        if (std::isfinite(ys[i])) points += fmt::format("{:.1f},{:.1f} ", x(xs[i]), y(ys[i]));
    return points;
}

std::string band(const std::vector<double>& xs, const LineSeries& s, const Scale& x, const Scale& y) {
    if (s.low.empty() || s.low.size() != s.high.size()) return "";
    std::string points = points_of(xs, s.high, x, y);
    for (std::size_t w = s.low.size(); w-- > 0;)
        if (std::isfinite(s.low[w]) && w < xs.size()) points += fmt::format("{:.1f},{:.1f} ", x(xs[w]), y(s.low[w]));
    return fmt::format("<polygon points=\"{}\" fill=\"{}\" fill-opacity=\"0.15\" stroke=\"none\"/>\n", points, series_style(s.style).colour);
}

// Label positions at the right-hand end of the lines, pushed apart so that none overlaps.
std::vector<double> spread_labels(std::vector<std::pair<double, std::size_t>> wanted, double top, double bottom, double gap) {
    std::sort(wanted.begin(), wanted.end());
    std::vector<double> at(wanted.size());
    double previous = top - gap;
    for (const auto& [y, i] : wanted) previous = at[i] = std::max(y, previous + gap);
    // Labels pushed below the bottom move back up as a block.
    double overflow = previous - bottom;
    for (std::size_t k = wanted.size(); overflow > 0 && k-- > 0;) {
        auto& y = at[wanted[k].second];
        y -= overflow;
        overflow = k > 0 ? at[wanted[k - 1].second] + gap - y : 0;
    }
    return at;
}

std::vector<double> x_values(const LineChartOptions& o, const std::vector<LineSeries>& series) {
    if (!o.x.empty()) return o.x;
    std::size_t n = 0;
    for (const auto& s : series) n = std::max(n, s.y.size());
    std::vector<double> xs(n);
    for (std::size_t i = 0; i < n; ++i) xs[i] = static_cast<double>(i + 1);
    return xs;
}

// Ticks at the end of each half-year (or quarter, or 4 weeks), and at the last week.
std::vector<double> week_ticks(std::size_t weeks) {
    std::vector<double> out{1};
    const std::size_t step = weeks > 130 ? 26 : weeks > 52 ? 13 : 4;
    for (std::size_t w = step; w + step / 2 < weeks; w += step) out.push_back(static_cast<double>(w));
    if (weeks > 1) out.push_back(static_cast<double>(weeks));
    return out;
}

// "52 (yr 1)" at the end of each year.
std::string week_label(double w) {
    const auto week = static_cast<long>(std::lround(w));
    return week % 52 == 0 ? fmt::format("{} (yr {})", week, week / 52) : std::to_string(week);
}

}  // namespace

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string line_chart(const ChartText& text, const std::vector<LineSeries>& series, const LineChartOptions& o) {
    const double right_margin = o.direct_labels ? kRight : 40;  // room for the last week's label
    const double plot_right = o.width - right_margin, plot_bottom = o.height - kBottom;
    const auto xs = x_values(o, series);
    Range yr, xr;
    for (const auto& s : series) yr.add(s.y), yr.add(s.low), yr.add(s.high);
    if (o.reference) yr.add(*o.reference);
    xr.add(xs);
    if (o.y_span) yr.add(o.y_span->first), yr.add(o.y_span->second);
    const auto ts = ticks(yr, false);
    const Scale x{xr.low, std::max(xr.high, xr.low + 1), kLeft, plot_right}, y{ts.front(), ts.back(), plot_bottom, kTop};
    const auto yf = o.percent ? percent_ticks(ts) : or_default(o.y_format, ts);
    std::string out = open_svg(text, o.width, o.height) + y_axis(ts, y, kLeft, plot_right, text.y_label, yf);
    const auto xt = o.x.empty() ? week_ticks(xs.size()) : ticks(xr, false);
    const auto xf = o.x_format ? o.x_format : o.x.empty() ? Formatter(week_label) : or_default({}, xt);
    for (double t : xt)
        out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" class=\"tick\">{}</text>\n", x(t), plot_bottom + 16, escape(xf(t)));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"axis\">{}</text>\n", (kLeft + plot_right) / 2, o.height - 6,
                       escape(text.x_label));
    if (o.reference)
        out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" class=\"reference\"/>\n", kLeft, plot_right, y(*o.reference),
                           y(*o.reference));
    for (const auto& s : series) out += band(xs, s, x, y);
    std::vector<std::pair<double, std::size_t>> ends;
    for (std::size_t i = 0; i < series.size(); ++i) {
        const auto& s = series[i];
        const auto& style = s.neutral ? kNeutral : series_style(s.style);
        const char* dash = s.dashed ? "6 4" : style.dash;
        out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}><title>{}</title></polyline>\n",
                           points_of(xs, s.y, x, y), style.colour, *dash ? fmt::format(" stroke-dasharray=\"{}\"", dash) : "", escape(s.label));
        // A marker every sixth of the way tells lines apart where colours are close.
        const std::size_t every = std::max<std::size_t>(1, s.y.size() / 6);
        for (std::size_t k = (i * every / std::max<std::size_t>(series.size(), 1)) % every; !s.neutral && k < s.y.size() && k < xs.size(); k += every)
            if (std::isfinite(s.y[k])) out += marker_svg(style, x(xs[k]), y(s.y[k]), 7);
        double last = std::nan("");
        for (std::size_t k = s.y.size(); k-- > 0;)
            if (std::isfinite(s.y[k])) {
                last = s.y[k];
                break;
            }
        ends.emplace_back(std::isfinite(last) ? y(last) + 4 : plot_bottom, i);
    }
    if (o.direct_labels) {
        const auto at = spread_labels(ends, kTop + 8, plot_bottom, 12);
        for (std::size_t i = 0; i < series.size(); ++i) {
            const auto& style = series[i].neutral ? kNeutral : series_style(series[i].style);
            out += marker_svg(style, plot_right + 10, at[i] - 4, 7);
            out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"label\">{}</text>\n", plot_right + 18, at[i], escape(series[i].label));
        }
    }
    return out + close_svg(text);
}

std::string bar_chart(const ChartText& text, const std::vector<std::string>& series, const std::vector<BarGroup>& groups, const Formatter& format) {
    const double width = 720, bar = 12, gap = 10, label_width = 110, value_width = 70, plot_right = width - kRight - value_width;
    const double height = kTop + static_cast<double>(groups.size()) * (static_cast<double>(series.size()) * bar + gap) + kBottom;
    Range r;
    for (const auto& g : groups)
        for (const auto& b : g.bars) r.add(b.value), r.add(b.low.value_or(b.value)), r.add(b.high.value_or(b.value));
    const auto ts = ticks(r);
    const auto f = or_default(format, ts);
    const Scale x{ts.front(), ts.back(), kLeft + label_width, plot_right};
    const double axis_y = height - kBottom;
    std::string out = open_svg(text, width, height) + patterns(text, series.size());
    out += x_axis(ts, x, kTop, axis_y, f, text.x_label, (x.p0 + x.p1) / 2);
    double top = kTop;
    for (const auto& g : groups) {
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"tick\">{}</text>\n", kLeft + label_width - 6,
                           top + static_cast<double>(g.bars.size()) * bar / 2 + 4, escape(g.label));
        for (std::size_t i = 0; i < g.bars.size(); ++i, top += bar) {
            const auto& b = g.bars[i];
            const double x0 = x(std::min(0.0, b.value)), x1 = x(std::max(0.0, b.value));
            const std::string name = i < series.size() ? series[i] : "";
            out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" fill=\"url(#{})\" stroke=\"{}\"><title>{}: {}</title></rect>\n",
                               x0, top + 1, std::max(0.5, x1 - x0), bar - 2, pattern_id(text, i), series_style(i).colour, escape(name), escape(f(b.value)));
            if (b.low && b.high)
                out += fmt::format("<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" class=\"whisker\"/>\n", x(*b.low), x(*b.high),
                                   top + bar / 2, top + bar / 2);
            // Values in a column of their own: whiskers never run through them.
            out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"value\" text-anchor=\"end\">{}</text>\n", plot_right + value_width,
                               top + bar - 3, escape(f(b.value)));
            if (groups.size() == 1 || &g == &groups.front())
                out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"label\">{}</text>\n", plot_right + value_width + 8, top + bar - 3,
                                   escape(name));
        }
        top += gap;
    }
    return out + close_svg(text);
}

std::string forest_plot(const ChartText& text, const std::vector<ForestRow>& rows, const Formatter& format) {
    const double width = 720, row_height = 20, label_width = 190, value_width = 200;
    std::vector<std::string> group_order;
    for (const auto& r : rows)
        if (std::find(group_order.begin(), group_order.end(), r.group) == group_order.end()) group_order.push_back(r.group);
    const double height = kTop + static_cast<double>(rows.size() + group_order.size()) * row_height + kBottom;
    Range range;
    for (const auto& r : rows) range.add(r.value), range.add(r.low.value_or(r.value)), range.add(r.high.value_or(r.value));
    const auto ts = ticks(range);
    const double plot_left = label_width, plot_right = width - value_width;
    const Scale x{ts.front(), ts.back(), plot_left, plot_right};
    const double axis_y = height - kBottom + 4;
    std::string out = open_svg(text, width, height);
    out += x_axis(ts, x, kTop, axis_y, format, text.x_label, (plot_left + plot_right) / 2);
    out += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2:.1f}\" class=\"reference\"/>\n", x(0), kTop, axis_y);
    double y = kTop;
    for (const auto& group : group_order) {
        out += fmt::format("<text x=\"4\" y=\"{:.1f}\" class=\"group\">{}</text>\n", y + 14, escape(group));
        y += row_height;
        for (const auto& r : rows) {
            if (r.group != group) continue;
            const double mid = y + row_height / 2;
            const auto& style = series_style(r.style);
            out += fmt::format("<text x=\"14\" y=\"{:.1f}\" class=\"tick\">{}</text>\n", mid + 4, escape(r.label));
            if (r.low && r.high)
                out += fmt::format("<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"2\"/>\n", x(*r.low),
                                   x(*r.high), mid, mid, style.colour);
            out += marker_svg(style, x(r.value), mid, 9);
            out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"value\">{}</text>\n", plot_right + 10, mid + 4, escape(r.value_text));
            y += row_height;
        }
    }
    return out + close_svg(text);
}

std::string tornado_chart(const ChartText& text, double base, const std::vector<TornadoRow>& rows, const Formatter& format) {
    const double width = 720, row_height = 22, label_width = 260, value_room = 60;
    const double height = kTop + static_cast<double>(rows.size()) * row_height + kBottom;
    Range range;
    range.add(base);
    for (const auto& r : rows) range.add(r.at_low), range.add(r.at_high);
    const auto ts = ticks(range, false, 4);
    const Scale x{ts.front(), ts.back(), label_width + value_room, width - value_room};
    const double axis_y = height - kBottom + 4;
    std::string out = open_svg(text, width, height) + patterns(text, 2);
    out += x_axis(ts, x, kTop, axis_y, format, text.x_label, (label_width + width) / 2);
    double y = kTop;
    for (const auto& r : rows) {
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"tick\">{}</text>\n", label_width - 6, y + 15, escape(r.label));
        // The low value's bar is solid, the high value's hatched: the direction reads without colour.
        // The longer bar is drawn first so that the shorter stays visible. Ends on either side of
        // the base are labelled at their ends; ends on one side share one label "low | high" at the
        // outer end.
        struct End {
            double at;
            std::size_t fill;
        };
        std::array<End, 2> ends{End{r.at_low, 0}, End{r.at_high, 1}};
        if (std::abs(ends[0].at - base) < std::abs(ends[1].at - base)) std::swap(ends[0], ends[1]);
        for (const auto& e : ends) {
            const double x0 = x(std::min(base, e.at)), x1 = x(std::max(base, e.at));
            out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" fill=\"url(#{})\" stroke=\"{}\"><title>{} at {}: {}</title></rect>\n",
                               x0, y + 3, std::max(0.5, x1 - x0), row_height - 6, pattern_id(text, e.fill), series_style(e.fill).colour,
                               escape(r.label), escape(e.fill == 0 ? r.low_value : r.high_value), escape(format(e.at)));
        }
        const auto label = [&](double end, const std::string& value) {
            const bool left = end < base;
            return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" class=\"value\">{}</text>\n",
                               left ? x(end) - 3 : x(end) + 3, y + 15, left ? "end" : "start", escape(value));
        };
        if ((r.at_low < base) != (r.at_high < base)) out += label(r.at_low, r.low_value) + label(r.at_high, r.high_value);
        else out += label(ends[0].at, r.low_value + " | " + r.high_value);
        y += row_height;
    }
    out += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2:.1f}\" class=\"reference\"/>\n", x(base), kTop, axis_y);
    return out + close_svg(text);
}

std::string scatter_chart(const ChartText& text, const std::vector<Point>& points) {
    const double width = 720, height = 320, plot_right = width - kRight, plot_bottom = height - kBottom;
    Range xr, yr;
    for (const auto& p : points) xr.add(p.x), yr.add(p.y);
    const auto xs = ticks(xr), ys = ticks(yr);
    const Scale x{xs.front(), xs.back(), kLeft, plot_right}, y{ys.front(), ys.back(), plot_bottom, kTop};
    std::string out = open_svg(text, width, height) + y_axis(ys, y, kLeft, plot_right, text.y_label, or_default({}, ys));
    const auto xf = or_default({}, xs);
    for (double t : xs)
        out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" class=\"tick\">{}</text>\n", x(t), plot_bottom + 16, escape(xf(t)));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"axis\">{}</text>\n", (kLeft + plot_right) / 2, height - 6,
                       escape(text.x_label));
    std::vector<Point> frontier;
    for (const auto& p : points)
        if (p.highlighted) frontier.push_back(p);
    std::sort(frontier.begin(), frontier.end(), [](const Point& a, const Point& b) { return a.x < b.x; });
    std::string line;
    for (const auto& p : frontier) line += fmt::format("{:.1f},{:.1f} ", x(p.x), y(p.y));
    const char* colour = series_style(0).colour;
    if (frontier.size() > 1) out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>\n", line, colour);
    for (const auto& p : points) {
        const double px = x(p.x), py = y(p.y);
        out += p.highlighted ? fmt::format("<path d=\"M{0:.1f},{1:.1f} l6,6 l-6,6 l-6,-6 z\" transform=\"translate(0,-6)\" fill=\"{2}\">", px, py, colour)
                             : fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"white\" stroke=\"#555\" stroke-width=\"1.5\">", px, py);
        out += fmt::format("<title>{}: {} / {}</title>{}\n", escape(p.label), grouped(p.x, 0, kHtmlStyle), grouped(p.y, 1, kHtmlStyle),
                           p.highlighted ? "</path>" : "</circle>");
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"point-label\">{}</text>\n", px + 7, py - 5, escape(p.label));
    }
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"label\">&#9670; on the frontier</text><text x=\"{}\" y=\"{}\" class=\"label\">"
                       "&#9675; not on it</text>\n",
                       plot_right + 8, kTop + 10, plot_right + 8, kTop + 26);
    return out + close_svg(text);
}

std::string series_key(const std::vector<std::string>& names) {
    std::string out = "<ul class=\"key\">";
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto& style = series_style(i);
        out += fmt::format("<li><svg width=\"34\" height=\"12\" viewBox=\"0 0 34 12\" aria-hidden=\"true\"><line x1=\"1\" x2=\"33\" y1=\"6\" "
                           "y2=\"6\" stroke=\"{}\" stroke-width=\"2\"{}/>{}</svg> {}</li>",
                           style.colour, *style.dash ? fmt::format(" stroke-dasharray=\"{}\"", style.dash) : "", marker_svg(style, 17, 6, 7),
                           escape(names[i]));
    }
    return out + "</ul>\n";
}

}  // namespace pcnsim::viz
