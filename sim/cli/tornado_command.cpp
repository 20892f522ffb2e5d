#include "sim/cli/tornado_command.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <iostream>

#include "sim/cli/describe.hpp"
#include "sim/cli/flag_checks.hpp"
#include "sim/output/format.hpp"
#include "sim/output/readable.hpp"
#include "sim/scenario/tornado.hpp"

namespace pcnsim {
namespace {

constexpr const char* kTornadoMethod =
    "Method (docs/economics.md, 'Break-even and one-way sensitivity'): a base run at the scenario's values, then, for each "
    "parameter the PSA would vary (a prior that is not fixed and a value the scenario does not set), a run at the prior's "
    "5th percentile and one at its 95th (truncated to the declared range), every other parameter at the scenario's value. "
    "Every run has the scenario's seed and replications ({} unless --replications; common random numbers), so the change "
    "from the base is the parameter's own. Bars are sorted by swing, |measure at the 95th - measure at the 5th percentile|. "
    "1 + 2 x parameters runs.";

std::string optional_field(double v) { return std::isnan(v) ? std::string() : format_number(v); }

std::string tornado_csv(const Tornado& t, const std::string& measure) {
    std::string out =
        "rank,parameter,unit,low_value,high_value,measure,base,measure_at_low,measure_at_low_p2_5,measure_at_low_p97_5,"
        "measure_at_high,measure_at_high_p2_5,measure_at_high_p97_5,swing\n";
    int rank = 0;
    for (const auto& bar : t.bars) {
        const auto& d = parameter_declarations()[static_cast<std::size_t>(bar.parameter)];
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", ++rank, d.name, csv_text(d.unit), format_number(bar.low_value),
                           format_number(bar.high_value), measure, optional_field(t.base.mean), optional_field(bar.at_low.mean),
                           optional_field(bar.at_low.p2_5), optional_field(bar.at_low.p97_5), optional_field(bar.at_high.mean),
                           optional_field(bar.at_high.p2_5), optional_field(bar.at_high.p97_5), optional_field(bar.swing()));
    }
    return out;
}

std::string change(double v, double base) {
    if (std::isnan(v) || std::isnan(base)) return "undefined";
    return (v >= base ? "+" : "") + readable(v - base);
}

void print_top(const Tornado& t, const MeasureRuns& runs, const std::string& measure, int top, std::ostream& out) {
    const auto& s = runs.base();
    out << fmt::format("Tornado of {} for {}: base {} (95% band {} to {}); {} replications, seed {}; {} parameters, {} runs, {:.0f} s\n",
                       measure, s.name, readable(t.base.mean), readable(t.base.p2_5), readable(t.base.p97_5), s.run.replications,
                       s.run.seed, t.bars.size(), runs.runs(), runs.wall_seconds());
    out << fmt::format("  {:>4}  {:<44} {:>10} {:>10} {:>14} {:>14} {:>12}\n", "rank", "parameter", "5th pct", "95th pct", "change at 5th",
                       "change at 95th", "swing");
    for (std::size_t k = 0; k < t.bars.size() && k < static_cast<std::size_t>(top); ++k) {
        const auto& bar = t.bars[k];
        out << fmt::format("  {:>4}  {:<44} {:>10} {:>10} {:>14} {:>14} {:>12}\n", k + 1,
                           parameter_declarations()[static_cast<std::size_t>(bar.parameter)].name, significant(bar.low_value), significant(bar.high_value),
                           change(bar.at_low.mean, t.base.mean), change(bar.at_high.mean, t.base.mean), readable(bar.swing()));
    }
    if (t.bars.size() > static_cast<std::size_t>(top)) out << fmt::format("  ({} more in tornado.csv)\n", t.bars.size() - static_cast<std::size_t>(top));
}

// The parameter a run moves away from the base, for its progress line.
std::string moved(const Parameters& base, const Parameters& at) {
    for (std::size_t i = 0; i < at.size(); ++i)
        if (at.value(static_cast<int>(i)) != base.value(static_cast<int>(i)))
            return fmt::format("{} = {:.4g}", parameter_declarations()[i].name, at.value(static_cast<int>(i)));
    return "base";
}

}  // namespace

struct TornadoAnalysis::State {
    std::string measure;
    std::vector<std::string> names;
    int top = 10;
    std::string parameters_flag, measure_flag;
    std::unique_ptr<MeasureRuns> runs;  // once run
    Tornado result;
};

TornadoAnalysis::TornadoAnalysis(std::string measure, std::vector<std::string> parameters, int top, std::string parameters_flag,
                                 std::string measure_flag)
    : state_(std::make_unique<State>(
          State{std::move(measure), std::move(parameters), top, std::move(parameters_flag), std::move(measure_flag), nullptr, {}})) {}

TornadoAnalysis::~TornadoAnalysis() = default;

void TornadoAnalysis::check(const Scenario& scenario, Problems& problems) const {
    const auto& s = *state_;
    check_measure(s.measure, scenario, problems, s.measure_flag);
    if (problems.empty()) tornado_parameters(scenario, s.names, problems, s.parameters_flag);
}

void TornadoAnalysis::run(Scenario scenario, Interruption interruption, bool quiet) {
    auto& s = *state_;
    Problems checked;  // by check(): none
    const auto parameters = tornado_parameters(scenario, s.names, checked, s.parameters_flag);
    s.runs = std::make_unique<MeasureRuns>(std::move(scenario), s.measure, "tornado", interruption, quiet);
    const auto& base = s.runs->base().parameters;
    s.result = tornado(base, parameters, [&](const Parameters& at) { return s.runs->at(at, moved(base, at)); });
}

void TornadoAnalysis::write(const std::filesystem::path& folder, const OutputOptions& output) const {
    const auto& s = *state_;
    const nlohmann::ordered_json analysis{{"measure", s.measure},
                                          {"low_quantile", kTornadoLowQuantile},
                                          {"high_quantile", kTornadoHighQuantile},
                                          {"parameters", s.result.bars.size()}};
    write_file_atomically(folder / "tornado.csv", tornado_csv(s.result, s.measure));
    s.runs->write_manifest(output, folder / "manifest.json", "tornado", analysis);
}

void TornadoAnalysis::print(const std::string& dir, std::ostream& out) const {
    const auto& s = *state_;
    print_top(s.result, *s.runs, s.measure, s.top, out);
    out << fmt::format("tornado.csv in {}/\n", dir);
}

CLI::App* add_tornado_command(CLI::App& app, TornadoArgs& a, OutputOptions& output) {
    auto* cmd = add_sensitivity_command(app, "tornado",
                                        "one-way sensitivity: each parameter with a prior at its 5th and 95th percentile (tornado.csv)",
                                        fmt::format(kTornadoMethod, kDefaultTornadoReplications), a.scenario, a.measure, a.quiet, output);
    cmd->add_option("--parameters", a.parameters, "only these parameters: a,b,c")->delimiter(',');
    cmd->add_option("--top", a.top, "bars to print (default 10; tornado.csv has every one)")->check(pcnsim::whole_number(0, 100000));
    return cmd;
}

int tornado_command(const TornadoArgs& args, const OutputOptions& output, Interruption interruption) {
    TornadoAnalysis analysis(args.measure, args.parameters, args.top);
    return run_sensitivity_command(analysis, args.scenario, output, "out/tornado", interruption, args.quiet);
}

}  // namespace pcnsim
