#include "sim/cli/threshold_command.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "sim/cli/describe.hpp"
#include "sim/cli/flag_checks.hpp"
#include "sim/output/format.hpp"
#include "sim/stats/break_even.hpp"

namespace pcnsim {
namespace {

constexpr const char* kThresholdMethod =
    "Method (docs/economics.md, 'Break-even and one-way sensitivity'): every run has the scenario's seed and replications "
    "({} unless --replications; common random numbers), so runs differ only in the parameter. The measure is its value over "
    "the replications, as economics.csv gives it (scenario minus its own no-coaching counterfactual). It is evaluated at "
    "both ends of the range; when it lies on the same side of the target at both, the target is 'not reached within the "
    "parameter's range'. Otherwise a bracketing root finder (TOMS 748, Boost.Math) narrows the bracket to --tolerance of "
    "the range. The 95% interval holds the parameter values at which the target lies between the measure's 2.5th and 97.5th "
    "percentiles over replications: its ends are the first and last crossings of the target by those two percentile curves, "
    "found the same way (to 10 x --tolerance) from the runs already made, with further runs only where a bracket needs "
    "them; an end beyond the range is reported as such. The measure is taken to be monotone in the parameter over the "
    "range. With --parameter twice: a --points x --points grid of the measure (threshold_grid.csv) and, at each value of "
    "the first parameter, the break-even of the second read from the grid by linear interpolation.";

struct Axis {
    std::string name;
    double lo = 0, hi = 0;
};

std::optional<double> parse_number(const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

// The parameter's declared range, or --range within it. Shares of a whole that must sum to 1 are
// refused: moving one alone would break the sum.
Axis axis_of(const std::string& name, const double* range, Problems& problems, const std::string& flag) {
    const int index = Parameters::index_of(name);
    if (index < 0) return problems.push_back({flag, 0, name, unknown_parameter_message(name)}), Axis{};
    const auto& d = parameter_declarations()[static_cast<std::size_t>(index)];
    if (!(d.min < d.max) || !std::isfinite(d.min) || !std::isfinite(d.max))
        problems.push_back({flag, 0, name, fmt::format("has no range to search (declared [{:g}, {:g}])", d.min, d.max)});
    if (!d.share_of.empty())
        problems.push_back({flag, 0, name,
                            fmt::format("is one of the shares of {} that must sum to 1; moving it alone would break the sum", d.share_of)});
    Axis axis{name, d.min, d.max};
    if (!range) return axis;
    if (!(range[0] < range[1]) || range[0] < d.min || range[1] > d.max)
        problems.push_back({"--range", 0, name,
                            fmt::format("{:g} {:g}: expected LO < HI within the parameter's declared range [{:g}, {:g}]", range[0],
                                        range[1], d.min, d.max)});
    else
        axis.lo = range[0], axis.hi = range[1];
    return axis;
}

std::vector<Axis> axes_of(const ThresholdArgs& a, Problems& problems, const std::string& flag) {
    std::vector<Axis> axes;
    if (a.parameters.size() > 2) problems.push_back({flag, 0, "", "give one parameter (break-even) or two (a grid)"});
    if (a.parameters.size() == 2 && a.parameters[0] == a.parameters[1])
        problems.push_back({flag, 0, a.parameters[0], "given twice: a grid needs two different parameters"});
    const bool ranged = a.ranges.size() == 2 * a.parameters.size();
    if (!a.ranges.empty() && !ranged)
        problems.push_back({"--range", 0, "", "give LO HI once for each --parameter, in the same order, or not at all"});
    for (std::size_t k = 0; k < a.parameters.size() && k < 2; ++k)
        axes.push_back(axis_of(a.parameters[k], ranged ? &a.ranges[2 * k] : nullptr, problems, flag));
    return axes;
}

// One break-even: of the parameter alone, or of the second parameter given a value of the first.
struct ThresholdRow {
    std::string parameter, given;
    BreakEven found;
    int evaluations = 0;
    std::string how;  // added to the status
};

// "X to Y" of the interval, an open end as "below LO" or "above HI".
std::string interval_text(const BreakEven& b) {
    const auto end = [](const IntervalEnd& e, const char* beyond, double range_end) {
        return e.value ? fmt::format("{:.4g}", *e.value) : fmt::format("{} {:g}", beyond, range_end);
    };
    return end(b.interval->first, "below", b.lo) + " to " + end(b.interval->second, "above", b.hi);
}

constexpr const char* kOutsideBand = "the target lies outside the 95% band over replications throughout the range";

std::string status_of(const ThresholdRow& row) {
    const auto& b = row.found;
    if (!b.root)
        return fmt::format("not reached within the parameter's range [{:g}, {:g}]: the measure goes from {} to {}{}{}", b.lo, b.hi,
                           readable(b.at_lo().mean), readable(b.at_hi().mean),
                           b.interval ? "; the target is within the 95% band over replications from " + interval_text(b) : "", row.how);
    return (b.interval ? "reached; 95% interval " + interval_text(b) : std::string("reached; ") + kOutsideBand) + row.how;
}

std::string threshold_csv(const std::vector<ThresholdRow>& rows, const std::string& measure) {
    std::string out =
        "parameter,given,measure,target,range_low,range_high,root,interval_low,interval_high,measure_at_range_low,measure_at_range_high,"
        "evaluations,status\n";
    for (const auto& r : rows) {
        const auto& b = r.found;
        const auto end = [&b](bool first) -> std::optional<double> {
            if (!b.interval) return std::nullopt;
            return first ? b.interval->first.value : b.interval->second.value;
        };
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", r.parameter, r.given.empty() ? "" : csv_text(r.given), measure,
                           format_number(b.target), format_number(b.lo), format_number(b.hi), format_optional(b.root),
                           format_optional(end(true)), format_optional(end(false)), format_number(b.at_lo().mean),
                           format_number(b.at_hi().mean), r.evaluations, csv_text(status_of(r)));
    }
    return out;
}

std::string band_fields(const MeasureBand& b) {
    const auto field = [](double v) { return std::isnan(v) ? std::string() : format_number(v); };
    return fmt::format("{},{},{}", field(b.mean), field(b.p2_5), field(b.p97_5));
}

// The answer in one line.
std::string answer(const ThresholdRow& row, const std::string& measure) {
    const auto& b = row.found;
    const std::string given = row.given.empty() ? "" : " given " + row.given;
    if (!b.root) return fmt::format("{} = {:g}{}: {}", measure, b.target, given, status_of(row));
    return fmt::format("{} = {:g}{} at {} = {:.4g}{}", measure, b.target, given, row.parameter, *b.root,
                       b.interval ? " (95% interval over replications " + interval_text(b) + ")" : std::string("; ") + kOutsideBand);
}

// Parameters of the base scenario with some set.
Parameters with(const MeasureRuns& runs, std::initializer_list<std::pair<const std::string*, double>> values) {
    Parameters p = runs.base().parameters;
    for (const auto& [name, v] : values) p.set(*name, v);
    return p;
}

struct Search {
    std::vector<ThresholdRow> rows;
    std::string runs_file, runs_csv;  // threshold_runs.csv or threshold_grid.csv
};

Search one_way(const Axis& axis, double target, double tolerance, MeasureRuns& runs, const std::string& measure) {
    const auto curve = [&](double x) {
        const auto band = runs.at(with(runs, {{&axis.name, x}}), fmt::format("{} = {:.6g}", axis.name, x));
        if (std::isnan(band.mean))
            throw std::runtime_error(
                fmt::format("{} is undefined at {} = {:g} (a ratio with nothing to divide by)", measure, axis.name, x));
        return band;
    };
    const double width = axis.hi - axis.lo;
    auto found = find_break_even(curve, axis.lo, axis.hi, target, {tolerance * width, 10 * tolerance * width});
    Search s{{}, "threshold_runs.csv", "parameter,value,measure,mean,p2_5,p97_5\n"};
    for (const auto& [x, band] : found.evaluations)
        s.runs_csv += fmt::format("{},{},{},{}\n", axis.name, format_number(x), measure, band_fields(band));
    s.rows.push_back({axis.name, "", std::move(found), runs.runs(), ""});
    return s;
}

Search two_way(const Axis& a, const Axis& b, double target, int points, MeasureRuns& runs, const std::string& measure) {
    Search s{{}, "threshold_grid.csv", "parameter_1,value_1,parameter_2,value_2,measure,mean,p2_5,p97_5\n"};
    const auto along_b = grid_values(b.lo, b.hi, points);
    for (const double x : grid_values(a.lo, a.hi, points)) {
        std::vector<std::pair<double, MeasureBand>> line;
        bool defined = true;
        for (const double y : along_b) {
            const auto band =
                runs.at(with(runs, {{&a.name, x}, {&b.name, y}}), fmt::format("{} = {:.6g}, {} = {:.6g}", a.name, x, b.name, y));
            s.runs_csv +=
                fmt::format("{},{},{},{},{},{}\n", a.name, format_number(x), b.name, format_number(y), measure, band_fields(band));
            defined = defined && !std::isnan(band.mean);
            line.emplace_back(y, band);
        }
        if (!defined) continue;  // the grid file shows where it is undefined
        const double width = b.hi - b.lo;
        s.rows.push_back({b.name, fmt::format("{}={:g}", a.name, x),
                          find_break_even(piecewise_linear(line), b.lo, b.hi, target, {1e-6 * width, 1e-6 * width}), points,
                          fmt::format(" (read from the {}-point grid by linear interpolation)", points)});
    }
    return s;
}

}  // namespace

struct ThresholdAnalysis::State {
    ThresholdArgs args;
    double target = 0;
    std::vector<Axis> axes;
    std::unique_ptr<MeasureRuns> runs;  // once run
    Search search;
};

ThresholdAnalysis::ThresholdAnalysis(ThresholdArgs args, Problems& problems, std::string parameter_flag)
    : state_(std::make_unique<State>()) {
    const auto target = parse_number(args.target);
    if (!target) problems.push_back({"--target", 0, args.target, "not a number"});
    state_->target = target.value_or(0);
    state_->axes = axes_of(args, problems, parameter_flag);
    state_->args = std::move(args);
}

ThresholdAnalysis::~ThresholdAnalysis() = default;

void ThresholdAnalysis::check(const Scenario& scenario, Problems& problems) const { check_measure(state_->args.measure, scenario, problems); }

void ThresholdAnalysis::run(Scenario scenario, Interruption interruption, bool quiet) {
    auto& s = *state_;
    s.runs = std::make_unique<MeasureRuns>(std::move(scenario), s.args.measure, "threshold", interruption, quiet);
    s.search = s.axes.size() == 1 ? one_way(s.axes[0], s.target, s.args.tolerance, *s.runs, s.args.measure)
                                  : two_way(s.axes[0], s.axes[1], s.target, s.args.points, *s.runs, s.args.measure);
}

void ThresholdAnalysis::write(const std::filesystem::path& folder, const OutputOptions& output) const {
    const auto& s = *state_;
    nlohmann::ordered_json ranges = nlohmann::ordered_json::array();
    for (const auto& axis : s.axes) ranges.push_back({axis.lo, axis.hi});
    nlohmann::ordered_json analysis{{"parameters", s.args.parameters}, {"measure", s.args.measure}, {"target", s.target}, {"ranges", ranges}};
    if (s.axes.size() == 1)
        analysis["tolerance"] = s.args.tolerance;
    else
        analysis["points"] = s.args.points;
    write_file_atomically(folder / "threshold.csv", threshold_csv(s.search.rows, s.args.measure));
    write_file_atomically(folder / s.search.runs_file, s.search.runs_csv);
    s.runs->write_manifest(output, folder / "manifest.json", "threshold", analysis);
}

void ThresholdAnalysis::print(const std::string& dir, std::ostream& out) const {
    const auto& s = *state_;
    for (const auto& row : s.search.rows) out << answer(row, s.args.measure) << "\n";
    const auto& base = s.runs->base();
    out << fmt::format("{} runs of {} ({} replications each, seed {}), {:.1f} s; threshold.csv and {} in {}/\n", s.runs->runs(), base.name,
                       base.run.replications, base.run.seed, s.runs->wall_seconds(), s.search.runs_file, dir);
}

CLI::App* add_threshold_command(CLI::App& app, ThresholdArgs& a, OutputOptions& output) {
    auto* cmd = add_sensitivity_command(app, "threshold",
                                        "break-even: the parameter value at which an economics measure reaches a target (threshold.csv)",
                                        fmt::format(kThresholdMethod, kDefaultThresholdReplications), a.scenario, a.measure, a.quiet, output);
    cmd->add_option("--parameter", a.parameters, "the parameter to search; give it twice for a two-way grid")->required();
    cmd->add_option("--target", a.target, "the measure's value to reach (default 1)");
    cmd->add_option("--range", a.ranges, "LO HI: search [LO, HI] within the declared range (once per --parameter, in order)")
        ->expected(2)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->add_option("--points", a.points, "grid points per parameter with two --parameter (default 5)")->check(pcnsim::whole_number(2, 101));
    cmd->add_option("--tolerance", a.tolerance, "the root's precision, as a share of the range (default 0.001)")
        ->check(CLI::Range(1e-9, 0.1));
    return cmd;
}

int threshold_command(const ThresholdArgs& args, const OutputOptions& output, Interruption interruption) {
    Problems problems;
    ThresholdAnalysis analysis(args, problems);
    if (!problems.empty()) return report_problems(problems, std::cerr);
    return run_sensitivity_command(analysis, args.scenario, output, "out/threshold", interruption, args.quiet);
}

}  // namespace pcnsim
