#include "viz/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pcnsim::viz {
namespace {

constexpr double kWidth = 720, kLeft = 70, kRight = 150, kTop = 16, kBottom = 44;
// Series are told apart by dash pattern, fill pattern and marker as well as by these colours,
// which stay distinguishable in greyscale print.
constexpr const char* kColours[] = {"#1b4f72", "#a04000", "#1e8449", "#6c3483", "#7b7d7d", "#b7950b"};
constexpr const char* kPatterns[] = {"solid", "hatch", "dots", "cross", "solid", "hatch"};

const char* colour(std::size_t i) { return kColours[i % std::size(kColours)]; }

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
std::vector<double> ticks(Range r) {
    if (!std::isfinite(r.low)) r = {0, 1};
    r.low = std::min(r.low, 0.0), r.high = std::max(r.high, 0.0);
    if (r.high - r.low < 1e-12) r.high = r.low + 1;
    const double raw = (r.high - r.low) / 5, magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double step = magnitude * (raw / magnitude < 1.5 ? 1 : raw / magnitude < 3.5 ? 2 : raw / magnitude < 7.5 ? 5 : 10);
    std::vector<double> out;
    for (double t = std::floor(r.low / step) * step; t <= r.high + step * 1e-9; t += step) out.push_back(std::abs(t) < step * 1e-9 ? 0 : t);
    if (out.back() < r.high) out.push_back(out.back() + step);
    return out;
}

std::string open_svg(const ChartText& text, double height) {
    return fmt::format(
        "<figure class=\"chart\"><figcaption>{0}</figcaption>\n"
        "<svg data-chart=\"{1}\" role=\"img\" aria-labelledby=\"{1}-t {1}-d\" viewBox=\"0 0 {2} {3}\" width=\"100%\" "
        "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{1}-t\">{0}</title><desc id=\"{1}-d\">{4}</desc>\n",
        escape(text.title), escape(text.id), kWidth, height, escape(text.description));
}

std::string close_svg(const ChartText& text) { return fmt::format("</svg><p class=\"chart-note\">{}</p></figure>\n", escape(text.description)); }

std::string patterns() {
    std::string out = "<defs>";
    for (std::size_t i = 0; i < std::size(kColours); ++i) {
        const std::string id = fmt::format("p{}", i), c = colour(i);
        const std::string_view kind = kPatterns[i];
        out += fmt::format("<pattern id=\"{}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">", id);
        out += fmt::format("<rect width=\"6\" height=\"6\" fill=\"{}\" fill-opacity=\"{}\"/>", c, kind == "solid" ? 0.85 : 0.25);
        if (kind == "hatch") out += fmt::format("<path d=\"M0,6 L6,0\" stroke=\"{}\" stroke-width=\"1.5\"/>", c);
        if (kind == "dots") out += fmt::format("<circle cx=\"3\" cy=\"3\" r=\"1.4\" fill=\"{}\"/>", c);
        if (kind == "cross") out += fmt::format("<path d=\"M0,0 L6,6 M0,6 L6,0\" stroke=\"{}\" stroke-width=\"1\"/>", c);
        out += "</pattern>";
    }
    return out + "</defs>\n";
}

// Linear map from data to pixels.
struct Scale {
    double d0, d1, p0, p1;
    double operator()(double v) const { return d1 == d0 ? p0 : p0 + (v - d0) / (d1 - d0) * (p1 - p0); }
};

std::string y_axis(const std::vector<double>& ts, const Scale& y, double plot_right, const std::string& label, int decimals) {
    std::string out;
    for (double t : ts)
        out += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" class=\"grid\"/><text x=\"{3}\" y=\"{4:.1f}\" "
                           "text-anchor=\"end\" class=\"tick\">{5}</text>\n",
                           kLeft, plot_right, y(t), kLeft - 6, y(t) + 4, human(t, decimals));
    out += fmt::format("<text transform=\"translate(14,{:.1f}) rotate(-90)\" text-anchor=\"middle\" class=\"axis\">{}</text>\n",
                       (y.p0 + y.p1) / 2, escape(label));
    return out;
}

std::string polyline(const std::vector<double>& values, const Scale& x, const Scale& y) {
    std::string points;
    for (std::size_t w = 0; w < values.size(); ++w) points += fmt::format("{:.1f},{:.1f} ", x(static_cast<double>(w)), y(values[w]));
    return points;
}

std::string band(const std::vector<double>& low, const std::vector<double>& high, const Scale& x, const Scale& y, const char* c,
                 double opacity) {
    if (low.empty() || low.size() != high.size()) return "";
    std::string points = polyline(high, x, y);
    for (std::size_t w = low.size(); w-- > 0;) points += fmt::format("{:.1f},{:.1f} ", x(static_cast<double>(w)), y(low[w]));
    return fmt::format("<polygon points=\"{}\" fill=\"{}\" fill-opacity=\"{}\" stroke=\"none\"/>\n", points, c, opacity);
}

int decimals_for(const std::vector<double>& ts) {
    const double step = ts.size() > 1 ? ts[1] - ts[0] : 1;
    return step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3;
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

std::string human(double value, int decimals) {
    if (!std::isfinite(value)) return "-";
    std::string digits = fmt::format("{:.{}f}", std::abs(value), decimals);
    const auto point = digits.find('.');
    std::string whole = digits.substr(0, point), grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
        grouped += whole[i];
    }
    const bool negative = value < 0 && digits.find_first_not_of("0.") != std::string::npos;
    return (negative ? "-" : "") + grouped + (point == std::string::npos ? "" : digits.substr(point));
}

std::string band_chart(const ChartText& text, const std::vector<BandSeries>& series) {
    const double height = 300, plot_right = kWidth - kRight, plot_bottom = height - kBottom;
    Range yr;
    std::size_t weeks = 0;
    for (const auto& s : series) {
        yr.add(s.median), yr.add(s.p2_5), yr.add(s.p97_5);
        weeks = std::max(weeks, s.median.size());
    }
    const auto ts = ticks(yr);
    const Scale x{0, static_cast<double>(std::max<std::size_t>(weeks, 2) - 1), kLeft, plot_right};
    const Scale y{ts.front(), ts.back(), plot_bottom, kTop};
    std::string out = open_svg(text, height) + y_axis(ts, y, plot_right, text.y_label, decimals_for(ts));
    for (std::size_t w = 0; w < weeks; w += 26)
        out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" class=\"tick\">{}</text>\n", x(static_cast<double>(w)),
                           plot_bottom + 16, w);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"axis\">{}</text>\n", (kLeft + plot_right) / 2, height - 6,
                       escape(text.x_label));
    for (std::size_t i = 0; i < series.size(); ++i) {
        const auto& s = series[i];
        out += band(s.p2_5, s.p97_5, x, y, colour(i), 0.12) + band(s.p25, s.p75, x, y, colour(i), 0.25);
    }
    for (std::size_t i = 0; i < series.size(); ++i) {
        const auto& s = series[i];
        if (s.median.empty()) continue;
        out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}><title>{}</title></polyline>\n",
                           polyline(s.median, x, y), colour(i), s.dashed ? " stroke-dasharray=\"6 4\"" : "", escape(s.label));
        // The label at the end of the line names it without a colour key; odd series' labels sit
        // lower so that two lines ending close together stay readable.
        const double end_y = y(s.median.back()) + 4 + (i % 2 ? 12.0 : 0.0);
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"label\" fill=\"{}\">{}{}</text>\n", plot_right + 6,
                           std::clamp(end_y, kTop + 8, plot_bottom), colour(i), s.dashed ? "- - " : "— ", escape(s.label));
    }
    return out + close_svg(text);
}

std::string bar_chart(const ChartText& text, const std::vector<std::string>& series, const std::vector<BarGroup>& groups, int decimals) {
    const double bar = 14, gap = 10, plot_right = kWidth - kRight;
    const double height = kTop + static_cast<double>(groups.size()) * (static_cast<double>(series.size()) * bar + gap) + kBottom +
                          static_cast<double>(series.size()) * 16;
    Range r;
    for (const auto& g : groups)
        for (const auto& b : g.bars) r.add(b.value), r.add(b.low.value_or(b.value)), r.add(b.high.value_or(b.value));
    const auto ts = ticks(r);
    const double label_width = 110;
    const Scale x{ts.front(), ts.back(), kLeft + label_width, plot_right};
    const double axis_y = height - kBottom - static_cast<double>(series.size()) * 16;
    std::string out = open_svg(text, height) + patterns();
    for (double t : ts)
        out += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2:.1f}\" class=\"grid\"/><text x=\"{0:.1f}\" y=\"{3:.1f}\" "
                           "text-anchor=\"middle\" class=\"tick\">{4}</text>\n",
                           x(t), kTop, axis_y, axis_y + 14, human(t, decimals_for(ts)));
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" class=\"axis\">{}</text>\n", (x.p0 + x.p1) / 2, axis_y + 30,
                       escape(text.x_label));
    double top = kTop;
    for (const auto& g : groups) {
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"tick\">{}</text>\n", kLeft + label_width - 6,
                           top + static_cast<double>(g.bars.size()) * bar / 2 + 4, escape(g.label));
        for (std::size_t i = 0; i < g.bars.size(); ++i, top += bar) {
            const auto& b = g.bars[i];
            const double x0 = x(std::min(0.0, b.value)), x1 = x(std::max(0.0, b.value));
            out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" fill=\"url(#p{})\" stroke=\"{}\"><title>{}: {}</title></rect>\n",
                               x0, top + 1, std::max(0.5, x1 - x0), bar - 2, i % std::size(kColours), colour(i),
                               escape(i < series.size() ? series[i] : ""), human(b.value, decimals));
            if (b.low && b.high)
                out += fmt::format("<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" class=\"whisker\"/>\n", x(*b.low), x(*b.high),
                                   top + bar / 2, top + bar / 2);
            out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"value\">{}</text>\n", std::max(x1, x(b.high.value_or(b.value))) + 4,
                               top + bar - 3, human(b.value, decimals));
        }
        top += gap;
    }
    // Key: the pattern and the name of each series.
    for (std::size_t i = 0; i < series.size(); ++i) {
        const double ky = axis_y + 40 + static_cast<double>(i) * 16;
        out += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"18\" height=\"11\" fill=\"url(#p{})\" stroke=\"{}\"/><text x=\"{}\" y=\"{:.1f}\" "
                           "class=\"label\">{}</text>\n",
                           kLeft + label_width, ky - 9, i % std::size(kColours), colour(i), kLeft + label_width + 24, ky, escape(series[i]));
    }
    return out + close_svg(text);
}

std::string scatter_chart(const ChartText& text, const std::vector<Point>& points) {
    const double height = 320, plot_right = kWidth - kRight, plot_bottom = height - kBottom;
    Range xr, yr;
    for (const auto& p : points) xr.add(p.x), yr.add(p.y);
    const auto xs = ticks(xr), ys = ticks(yr);
    const Scale x{xs.front(), xs.back(), kLeft, plot_right}, y{ys.front(), ys.back(), plot_bottom, kTop};
    std::string out = open_svg(text, height) + y_axis(ys, y, plot_right, text.y_label, decimals_for(ys));
    for (double t : xs)
        out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" class=\"tick\">{}</text>\n", x(t), plot_bottom + 16,
                           human(t, decimals_for(xs)));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"axis\">{}</text>\n", (kLeft + plot_right) / 2, height - 6,
                       escape(text.x_label));
    std::vector<Point> frontier;
    for (const auto& p : points)
        if (p.highlighted) frontier.push_back(p);
    std::sort(frontier.begin(), frontier.end(), [](const Point& a, const Point& b) { return a.x < b.x; });
    std::string line;
    for (const auto& p : frontier) line += fmt::format("{:.1f},{:.1f} ", x(p.x), y(p.y));
    if (frontier.size() > 1) out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>\n", line, colour(0));
    for (const auto& p : points) {
        const double px = x(p.x), py = y(p.y);
        out += p.highlighted ? fmt::format("<path d=\"M{0:.1f},{1:.1f} l6,6 l-6,6 l-6,-6 z\" transform=\"translate(0,-6)\" fill=\"{2}\">",
                                           px, py, colour(0))
                             : fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"white\" stroke=\"{}\" stroke-width=\"1.5\">", px, py,
                                           colour(4));
        out += fmt::format("<title>{}: {} / {}</title>{}\n", escape(p.label), human(p.x), human(p.y, 1), p.highlighted ? "</path>" : "</circle>");
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"point-label\">{}</text>\n", px + 7, py - 5, escape(p.label));
    }
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"label\">&#9670; on the frontier</text><text x=\"{}\" y=\"{}\" class=\"label\">"
                       "&#9675; not on it</text>\n",
                       plot_right + 8, kTop + 10, plot_right + 8, kTop + 26);
    return out + close_svg(text);
}

}  // namespace pcnsim::viz
