#include "sim/stats/break_even.hpp"

#include <boost/math/tools/roots.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <stdexcept>

namespace pcnsim {
namespace {

// The measure, evaluated once per parameter value: the mean's finder and the percentiles' finders
// share every evaluation.
class CachedCurve {
public:
    explicit CachedCurve(const MeasureCurve& measure) : measure_(measure) {}
    const MeasureBand& at(double x) {
        auto it = points_.find(x);
        if (it == points_.end()) it = points_.emplace(x, measure_(x)).first;
        return it->second;
    }
    const std::map<double, MeasureBand>& points() const { return points_; }

private:
    const MeasureCurve& measure_;
    std::map<double, MeasureBand> points_;
};

using Component = double MeasureBand::*;

enum class Pick { first, last };

// Adjacent evaluated points between which component - target changes sign (or a point where it is
// 0, as a bracket of one point): the first or the last in parameter order.
std::optional<std::pair<double, double>> bracket(const std::map<double, MeasureBand>& points, Component c, double target, Pick pick) {
    std::optional<std::pair<double, double>> found;
    for (auto it = points.begin(); it != points.end(); ++it) {
        const double g = it->second.*c - target;
        const auto next = std::next(it);
        if (g == 0)
            found = {it->first, it->first};
        else if (next != points.end() && g * (next->second.*c - target) < 0)
            found = {it->first, next->first};
        if (found && pick == Pick::first) break;
    }
    return found;
}

// Where component crosses the target, to within `tolerance`, starting from the evaluations made.
std::optional<double> crossing(CachedCurve& curve, Component c, double target, double tolerance, int max_iterations, Pick pick) {
    const auto found = bracket(curve.points(), c, target, pick);
    if (!found) return std::nullopt;
    const auto [a, b] = *found;
    if (a == b) return a;
    const auto g = [&](double x) { return curve.at(x).*c - target; };
    auto iterations = static_cast<std::uintmax_t>(max_iterations);
    const auto close_enough = [tolerance](double l, double u) { return u - l <= tolerance; };
    const auto r = boost::math::tools::toms748_solve(g, a, b, g(a), g(b), close_enough, iterations);
    return 0.5 * (r.first + r.second);
}

// The interval: from the first to the last crossing of either percentile curve (the widest, should
// noise make the curves cross more than once); an end is open where the target is already within the
// band at that end of the range.
std::optional<std::pair<IntervalEnd, IntervalEnd>> interval_of(CachedCurve& curve, double target, const BreakEvenOptions& options) {
    std::vector<double> crossings;
    for (const Component c : {&MeasureBand::p2_5, &MeasureBand::p97_5})
        for (const Pick pick : {Pick::first, Pick::last})
            if (const auto x = crossing(curve, c, target, options.interval_tolerance, options.max_iterations, pick))
                crossings.push_back(*x);
    const auto inside = [target](const MeasureBand& b) { return b.p2_5 <= target && target <= b.p97_5; };
    const bool open_low = inside(curve.points().begin()->second), open_high = inside(curve.points().rbegin()->second);
    if (crossings.empty()) return open_low ? std::optional{std::pair{IntervalEnd{}, IntervalEnd{}}} : std::nullopt;
    const auto [low, high] = std::minmax_element(crossings.begin(), crossings.end());
    return std::pair{open_low ? IntervalEnd{} : IntervalEnd{*low}, open_high ? IntervalEnd{} : IntervalEnd{*high}};
}

}  // namespace

BreakEven find_break_even(const MeasureCurve& measure, double lo, double hi, double target, BreakEvenOptions options) {
    if (!(lo < hi)) throw std::invalid_argument("find_break_even: the range must have lo < hi");
    const double width = hi - lo;
    if (options.tolerance <= 0) options.tolerance = 1e-3 * width;
    if (options.interval_tolerance <= 0) options.interval_tolerance = 1e-2 * width;
    CachedCurve curve(measure);
    curve.at(lo);
    curve.at(hi);
    BreakEven out{lo, hi, target, {}, {}, {}};
    out.root = crossing(curve, &MeasureBand::mean, target, options.tolerance, options.max_iterations, Pick::first);
    out.interval = interval_of(curve, target, options);
    out.evaluations.assign(curve.points().begin(), curve.points().end());
    return out;
}

MeasureCurve piecewise_linear(std::vector<std::pair<double, MeasureBand>> points) {
    std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return [points = std::move(points)](double x) -> MeasureBand {
        const auto above = std::upper_bound(points.begin(), points.end(), x, [](double v, const auto& p) { return v < p.first; });
        if (above == points.begin()) return points.front().second;
        if (above == points.end()) return points.back().second;
        const auto& [x0, a] = *std::prev(above);
        const auto& [x1, b] = *above;
        const double t = (x - x0) / (x1 - x0);
        const auto mix = [t](double u, double v) { return u + t * (v - u); };
        return {mix(a.mean, b.mean), mix(a.p2_5, b.p2_5), mix(a.p97_5, b.p97_5)};
    };
}

std::vector<double> grid_values(double lo, double hi, int n) {
    if (n <= 1) return {lo};
    std::vector<double> out;
    for (int k = 0; k < n; ++k) out.push_back(k + 1 == n ? hi : lo + (hi - lo) * k / (n - 1));
    return out;
}

}  // namespace pcnsim
