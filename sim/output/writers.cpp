#include "sim/output/writers.hpp"

#include <fmt/format.h>
#include <fmt/os.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <ctime>
#include <algorithm>
#include <tuple>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <unistd.h>

#include "pcnsim_version.hpp"
#include "sim/engine/groups.hpp"
#include "sim/output/economics.hpp"
#include "sim/output/metrics.hpp"
#include "sim/scenario/psa.hpp"

namespace pcnsim {
namespace fs = std::filesystem;

std::vector<GroupKey> output_group_keys(const std::vector<std::string>& practice_codes, const std::vector<std::string>& pcn_codes) {
    return pcn_codes.size() > 1 ? group_keys(pcn_codes, "pcn") : group_keys(practice_codes);
}

std::vector<GroupKey> run_group_keys(const RunResult& run) { return output_group_keys(run.practice_codes, run.pcn_codes); }

std::string format_number(double v) {
    if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
    return fmt::format("{}", v);
}

namespace {

// An empty CSV field where a value is undefined.
std::string format_optional(const std::optional<double>& v) { return v ? format_number(*v) : std::string(); }

// The parameters replication `rep` ran with (its PSA draw's, or the scenario's).
const Parameters& parameters_of(const RunResult& run, const ReplicationResult& rep) {
    const auto d = static_cast<std::size_t>(rep.draw);
    return d < run.psa_parameters.size() ? run.psa_parameters[d] : run.scenario.parameters;
}


bool reported_for(const MetricInfo& m, const GroupKey& k) {
    switch (m.scope) {
        case MetricScope::groups: return true;
        case MetricScope::practice: return is_practice_group(k);
        case MetricScope::pcn: return k.group_by == "all" || k.group_by == "pcn";
    }
    return true;
}

// A metric's value in one week of one replication, for an arm or the difference between them.
double view_value(const MetricInfo& m, const ReplicationResult& rep, std::size_t week, std::size_t group, View view,
                  const Parameters& params) {
    const auto value = [&](Arm a) { return metric_value(m, rep.arm(a)[week][group], 1, params); };
    switch (view) {
        case View::scenario: return value(Arm::scenario);
        case View::counterfactual: return value(Arm::counterfactual);
        case View::difference: return value(Arm::scenario) - value(Arm::counterfactual);
    }
    return 0.0;
}

// Calls f(week, metric, group) for every cell timeseries.csv reports, in its row order.
template <class F>
void for_each_reported_cell(std::size_t weeks, const std::vector<GroupKey>& keys, F&& f) {
    for (std::size_t w = 0; w < weeks; ++w)
        for (const auto& m : metric_catalogue())
            for (std::size_t g = 0; g < keys.size(); ++g)
                if (reported_for(m, keys[g])) f(w, m, g);
}

void write_timeseries(const RunResult& run, const fs::path& path) {
    auto out = fmt::output_file(path.string());
    out.print("scenario,arm,replication,week,metric,group_by,group,value\n");
    const auto keys = run_group_keys(run);
    for (const View view : kViews)
        for (std::size_t r = 0; r < run.replications.size(); ++r) {
            const auto& rep = run.replications[r];
            for_each_reported_cell(rep.weeks.size(), keys, [&](std::size_t w, const MetricInfo& m, std::size_t g) {
                out.print("{},{},{},{},{},{},{},{}\n", run.scenario.name, view_name(view), r, w, m.name, keys[g].group_by,
                          keys[g].group, format_number(view_value(m, rep, w, g, view, parameters_of(run, rep))));
            });
        }
    out.close();  // inside the caller's try: a failed flush is an error, not std::terminate
}

// --timeseries-bands: the same cells, each summarised over every run (replications, or PSA draws x
// replications) instead of listed run by run.
void write_timeseries_bands(const RunResult& run, const fs::path& path) {
    auto out = fmt::output_file(path.string());
    out.print("scenario,arm,week,metric,group_by,group,mean,p2_5,p25,median,p75,p97_5\n");
    const auto keys = run_group_keys(run);
    const std::size_t weeks = run.replications.empty() ? 0 : run.replications.front().weeks.size();
    std::vector<double> values(run.replications.size());
    for (const View view : kViews)
        for_each_reported_cell(weeks, keys, [&](std::size_t w, const MetricInfo& m, std::size_t g) {
            for (std::size_t r = 0; r < values.size(); ++r)
                values[r] = view_value(m, run.replications[r], w, g, view, parameters_of(run, run.replications[r]));
            const auto s = spread_of(values);
            out.print("{},{},{},{},{},{},{},{},{},{},{},{}\n", run.scenario.name, view_name(view), w, m.name, keys[g].group_by,
                      keys[g].group, format_number(s.mean), format_number(s.p2_5), format_number(s.p25), format_number(s.median),
                      format_number(s.p75), format_number(s.p97_5));
        });
    out.close();
}

void write_summary(const RunResult& run, const fs::path& path) {
    auto out = fmt::output_file(path.string());
    out.print("scenario,arm,metric,group_by,group,total,per_1000_per_year,total_p2_5,total_median,total_p97_5\n");
    for (const auto& row : summarise(run))
        out.print("{},{},{},{},{},{},{},{},{},{}\n", run.scenario.name, row.arm, row.metric, row.group_by, row.group,
                  format_number(row.total), row.has_rate ? format_number(row.per_1000_per_year) : "", format_number(row.total_p2_5),
                  format_number(row.total_median), format_number(row.total_p97_5));
    out.close();
}

void write_economics(const RunResult& run, const fs::path& path) {
    auto out = fmt::output_file(path.string());
    out.print("scenario,measure,group_by,group,value,p2_5,median,p97_5,unit\n");
    for (const auto& row : economics_over_replications(run))
        out.print("{},{},{},{},{},{},{},{},\"{}\"\n", run.scenario.name, row.measure, row.group_by, row.group, format_optional(row.value),
                  format_optional(row.p2_5), format_optional(row.median), format_optional(row.p97_5), row.unit);
    out.close();
}

nlohmann::ordered_json parameters_json(const Parameters& p) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    const auto& decls = parameter_declarations();
    for (std::size_t i = 0; i < decls.size(); ++i) {
        out[std::string(decls[i].name)] = {{"value", p.value(static_cast<int>(i))},
                                            {"default", decls[i].default_value},
                                            {"unit", decls[i].unit}};
    }
    return out;
}

}  // namespace

// The posterior file the PSA drew from: which file, and its content's size and digest, so a folder
// can be matched to the exact posterior even after the file moved or changed.
nlohmann::ordered_json posterior_json(const PosteriorSamples& p) {
    return {{"path", p.path}, {"bytes", p.bytes}, {"fnv1a64", p.digest}, {"samples", p.rows.size()}, {"parameters", p.names}};
}

nlohmann::ordered_json provenance(const OutputOptions& options) {
    nlohmann::ordered_json m;
    m["pcnsim_version"] = version;
    m["git_commit"] = git_commit;
    m["command"] = options.command_line;
    return m;
}

namespace {

void write_manifest(const RunResult& run, const OutputOptions& options, const fs::path& path) {
    const auto& s = run.scenario;
    auto m = provenance(options);
    m["scenario"] = {{"name", s.name}, {"description", s.description}, {"files", s.files}, {"text", s.text}};
    m["run"] = {{"weeks", s.run.weeks}, {"warmup_weeks", s.run.warmup_weeks}, {"seed", s.run.seed},
                {"replications", s.run.replications}, {"psa_draws", s.run.psa_draws}, {"threads", run.threads}};
    m["completed"] = !run.cancelled;
    m["population"] = {{"source", s.population.kind == PopulationSourceKind::synthetic ? "synthetic" : "practice_files"},
                       {"agents", run.agents}, {"practices", run.practice_codes}, {"list_sizes", run.practice_list_sizes},
                       {"pcns", run.pcn_codes}, {"pcn_list_sizes", run.pcn_list_sizes},
                       {"demography", s.demography}};
    m["gp_capacity_unlimited"] = s.gp_capacity_unlimited;
    m["price_year"] = "2023/24";
    nlohmann::ordered_json overrides = nlohmann::ordered_json::array();
    for (const auto& [key, where] : s.overrides) overrides.push_back({{"key", key}, {"set_in", where}});
    m["overrides"] = overrides;
    m["parameters"] = parameters_json(s.parameters);
    if (s.posterior) m["posterior"] = posterior_json(*s.posterior);
    m["wall_seconds"] = run.wall_seconds;
    m["bytes_per_agent"] = run.bytes_per_agent;
    std::ofstream file(path);
    file << m.dump(2) << "\n";
    file.close();
    if (!file) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

std::pair<double, double> metric_over_weeks(const MetricInfo& m, const std::vector<std::vector<CounterSet>>& weeks, std::size_t first,
                                            std::size_t end, std::size_t group, const Parameters& params) {
    CounterSet sums;
    for (std::size_t w = first; w < end && w < weeks.size(); ++w) sums += weeks[w][group];
    const int n = static_cast<int>(std::min(end, weeks.size()) - std::min(first, end));
    if (n <= 0) return {0.0, 0.0};
    const double total = metric_value(m, sums, n, params);
    const double population = static_cast<double>(sums[Counter::population]) / n;
    return {total, population > 0 ? total / population * 1000.0 * 52.0 / n : 0.0};
}

namespace {
// Whole-horizon total and rate per 1,000 patient-years of one arm in one replication.
std::pair<double, double> horizon_figures(const MetricInfo& m, const std::vector<std::vector<CounterSet>>& weeks,
                                          std::size_t group, const Parameters& params) {
    return metric_over_weeks(m, weeks, 0, weeks.size(), group, params);
}
}  // namespace

namespace {
double quantile_of_sorted(const std::vector<double>& sorted, double p) {
    const double h = (static_cast<double>(sorted.size()) - 1) * p;
    const auto below = static_cast<std::size_t>(std::floor(h));
    const auto above = std::min(sorted.size() - 1, below + 1);
    return sorted[below] + (h - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}
}  // namespace

double quantile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    return quantile_of_sorted(values, p);
}

Spread spread_of(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    double sum = 0;
    for (const double v : values) sum += v;
    return {sum / static_cast<double>(values.size()), quantile_of_sorted(values, 0.025), quantile_of_sorted(values, 0.5),
            quantile_of_sorted(values, 0.975), quantile_of_sorted(values, 0.25), quantile_of_sorted(values, 0.75)};
}

namespace {
// Rows over the given replications: means, and percentiles of the totals.
std::vector<SummaryRow> summarise_over(const RunResult& run, std::size_t first, std::size_t end) {
    const auto keys = run_group_keys(run);
    std::vector<SummaryRow> rows;
    const double replications = static_cast<double>(end - first);
    for (const View view : kViews)
        for (const auto& m : metric_catalogue())
            for (std::size_t g = 0; g < keys.size(); ++g) {
                if (!reported_for(m, keys[g])) continue;
                SummaryRow row{view_name(view), std::string(m.name), keys[g].group_by, keys[g].group};
                row.has_rate = m.kind == MetricKind::flow;
                std::vector<double> totals;
                for (std::size_t r = first; r < end; ++r) {
                    const auto& rep = run.replications[r];
                    const auto& params = parameters_of(run, rep);
                    auto [total, rate] = horizon_figures(m, rep.arm(view == View::counterfactual ? Arm::counterfactual : Arm::scenario), g, params);
                    if (view == View::difference) {
                        const auto [cf_total, cf_rate] = horizon_figures(m, rep.arm(Arm::counterfactual), g, params);
                        total -= cf_total;
                        rate -= cf_rate;
                    }
                    row.total += total / replications;
                    row.per_1000_per_year += rate / replications;
                    totals.push_back(total);
                }
                if (!totals.empty()) {
                    const auto spread = spread_of(totals);
                    row.total_p2_5 = spread.p2_5, row.total_median = spread.median, row.total_p97_5 = spread.p97_5;
                }
                rows.push_back(row);
            }
    return rows;
}
}  // namespace

const SummaryRow* find_summary_row(const std::vector<SummaryRow>& rows, const std::string& arm, const std::string& metric,
                                   const std::string& group_by, const std::string& group) {
    for (const auto& r : rows)
        if (r.arm == arm && r.metric == metric && r.group_by == group_by && r.group == group) return &r;
    return nullptr;
}

std::vector<SummaryRow> summarise(const RunResult& run) { return summarise_over(run, 0, run.replications.size()); }

std::vector<SummaryRow> summarise_replication(const RunResult& run, std::size_t replication) {
    return summarise_over(run, replication, replication + 1);
}

namespace {
}  // namespace

fs::path output_path(const std::string& dir) {
    fs::path p = fs::absolute(dir).lexically_normal();
    if (!p.has_filename()) p = p.parent_path();  // "out/" and "." name the folder itself
    return p;
}

void check_output_folder(const OutputOptions& options) {
    const fs::path dir = output_path(options.dir);
    std::error_code ec;
    const fs::path cwd = fs::weakly_canonical(fs::current_path(), ec);
    const fs::path target = fs::weakly_canonical(dir, ec);
    const auto [end, _] = std::mismatch(target.begin(), target.end(), cwd.begin(), cwd.end());
    if (dir == dir.root_path() || end == target.end())
        throw std::runtime_error(fmt::format("{}: refusing to write outputs over the working folder or a folder containing it",
                                             options.dir));
    if (fs::exists(dir) && !options.force)
        throw std::runtime_error(fmt::format("{}: output folder exists; use --force to replace it", options.dir));
    // --force replaces an earlier run's folder (it has a manifest) or an empty one, nothing else.
    if (fs::exists(dir) && !(fs::is_directory(dir) && (fs::exists(dir / "manifest.json") || fs::is_empty(dir))))
        throw std::runtime_error(
            fmt::format("{}: exists and is not a pcnsim output folder; --force replaces only earlier outputs", options.dir));
}

void write_folder_atomically(const OutputOptions& options, const std::function<void(const fs::path&)>& write_files) {
    check_output_folder(options);
    const fs::path dir = output_path(options.dir);
    const fs::path tmp = dir.parent_path() / fmt::format(".{}.tmp-{}", dir.filename().string(), ::getpid());
    std::error_code ec;
    fs::create_directories(dir.parent_path(), ec);
    fs::remove_all(tmp, ec);
    if (!fs::create_directory(tmp, ec))
        throw std::runtime_error(fmt::format("{}: cannot create output folder ({})", options.dir, ec.message()));
    try {
        write_files(tmp);
    } catch (const std::exception& e) {
        fs::remove_all(tmp, ec);
        throw std::runtime_error(fmt::format("{}: writing outputs failed: {}", options.dir, e.what()));
    }
    if (fs::exists(dir)) fs::remove_all(dir);
    fs::rename(tmp, dir);
}

namespace {

// The parameter values of each PSA draw, for the parameters the PSA varied.
void write_psa_draws(const RunResult& run, const fs::path& path) {
    auto out = fmt::output_file(path.string());
    out.print("draw,parameter,value\n");
    const auto& decls = parameter_declarations();
    for (std::size_t d = 0; d < run.psa_parameters.size(); ++d)
        for (std::size_t j = 0; j < decls.size(); ++j)
            if (psa_varies(run.scenario, static_cast<int>(j)))
                out.print("{},{},{}\n", d, decls[j].name, format_number(run.psa_parameters[d].value(static_cast<int>(j))));
    out.close();
}

void write_run_files(const RunResult& run, const OutputOptions& options, const fs::path& folder) {
    if (run.scenario.run.psa_draws > 0) write_psa_draws(run, folder / "psa_draws.csv");
    if (options.timeseries) (options.timeseries_bands ? write_timeseries_bands : write_timeseries)(run, folder / "timeseries.csv");
    write_summary(run, folder / "summary.csv");
    write_economics(run, folder / "economics.csv");
    write_manifest(run, options, folder / "manifest.json");
}
}  // namespace

void write_run_outputs(const RunResult& run, const OutputOptions& options) {
    write_folder_atomically(options, [&](const fs::path& folder) { write_run_files(run, options, folder); });
}

std::vector<bool> cost_effectiveness_frontier(const std::vector<std::optional<double>>& cost,
                                              const std::vector<std::optional<double>>& benefit, const std::vector<std::string>& group) {
    const auto same_group = [&group](std::size_t i, std::size_t j) { return group.empty() || group[i] == group[j]; };
    std::vector<bool> on(cost.size(), false);
    for (std::size_t i = 0; i < cost.size(); ++i) {
        if (!cost[i] || !benefit[i]) continue;
        bool dominated = false;
        for (std::size_t j = 0; j < cost.size() && !dominated; ++j) {
            if (j == i || !same_group(i, j) || !cost[j] || !benefit[j]) continue;
            const bool no_worse = *cost[j] <= *cost[i] && *benefit[j] >= *benefit[i];
            dominated = no_worse && (*cost[j] < *cost[i] || *benefit[j] > *benefit[i]);
        }
        on[i] = !dominated;
    }
    return on;
}

namespace {
void write_sweep_table(const std::vector<RunResult>& runs, const std::vector<ComparisonRow>& table, const SweepGrid& grid,
                       const fs::path& path) {
    const auto& measures = comparison_measures();
    const auto column = [&measures](const char* name) {
        return static_cast<std::size_t>(std::find(measures.begin(), measures.end(), name) - measures.begin());
    };
    // Rows in grid order (the table is ranked): find each run's row by name.
    std::vector<const ComparisonRow*> rows;
    for (const auto& run : runs)
        for (const auto& row : table)
            if (row.scenario == run.scenario.name) rows.push_back(&row);
    std::vector<std::optional<double>> cost, gp, admissions;
    for (const auto* row : rows) {
        cost.push_back(row->values[column("coaching_cost")]);
        gp.push_back(row->values[column("gp_appointments_released")]);
        admissions.push_back(row->values[column("emergency_admissions_avoided")]);
    }
    const auto gp_frontier = cost_effectiveness_frontier(cost, gp, grid.frontier_group);
    const auto admissions_frontier = cost_effectiveness_frontier(cost, admissions, grid.frontier_group);
    auto out = fmt::output_file(path.string());
    std::vector<std::string> columns;  // each measure with its interval over the point's runs
    for (const auto& m : measures) columns.insert(columns.end(), {m, m + "_p2_5", m + "_p97_5"});
    out.print("point,scenario_file,{},{},rank,prob_best,frontier_gp_appointments,frontier_admissions\n", fmt::join(grid.axis_keys, ","),
              fmt::join(columns, ","));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        out.print("{},{},{}", runs[i].scenario.name, grid.scenario_files[i], fmt::join(grid.axis_values[i], ","));
        for (std::size_t k = 0; k < measures.size(); ++k)
            out.print(",{},{},{}", format_optional(rows[i]->values[k]), format_optional(rows[i]->p2_5[k]), format_optional(rows[i]->p97_5[k]));
        out.print(",{},{},{},{}\n", rows[i]->rank, format_number(rows[i]->prob_best), gp_frontier[i] ? "yes" : "no",
                  admissions_frontier[i] ? "yes" : "no");
    }
    out.close();
}

void write_differences(const std::vector<RunResult>& runs, const fs::path& path) {
    auto out = fmt::output_file(path.string());
    out.print("scenario,reference,measure,mean,p2_5,median,p97_5,prob_positive,pairs,unit\n");
    for (const auto& row : paired_differences(runs)) {
        const auto field = [&row](double Spread::*f) { return row.spread ? format_number(*row.spread.*f) : std::string(); };
        out.print("{},{},{},{},{},{},{},{},{},\"{}\"\n", row.scenario, row.reference, row.measure, field(&Spread::mean),
                  field(&Spread::p2_5), field(&Spread::median), field(&Spread::p97_5),
                  row.spread ? format_number(row.prob_positive) : std::string(), row.pairs, row.unit);
    }
    out.close();
}
}  // namespace

void write_comparison_outputs(const std::vector<RunResult>& runs, const std::vector<ComparisonRow>& table,
                              const std::string& rank_by, const OutputOptions& options, const SweepGrid* grid) {
    write_folder_atomically(options, [&](const fs::path& folder) {
        for (const auto& run : runs) {
            fs::create_directory(folder / run.scenario.name);
            write_run_files(run, options, folder / run.scenario.name);
        }
        auto out = fmt::output_file((folder / "comparison.csv").string());
        out.print("rank,scenario,targeting,{},rank_by,rank_p2_5,rank_p97_5,prob_best\n", fmt::join(comparison_measures(), ","));
        for (const auto& row : table) {
            out.print("{},{},{}", row.rank, row.scenario, row.targeting);
            for (const auto& v : row.values) out.print(",{}", format_optional(v));
            out.print(",{},{},{},{}\n", rank_by, format_optional(row.rank_p2_5), format_optional(row.rank_p97_5), format_number(row.prob_best));
        }
        out.close();
        if (grid) write_sweep_table(runs, table, *grid, folder / "sweep.csv");
        else write_differences(runs, folder / "differences.csv");
        std::ofstream manifest(folder / "manifest.json");
        auto m = provenance(options);
        m["scenarios"] = nlohmann::ordered_json::array();
        for (const auto& run : runs) m["scenarios"].push_back(run.scenario.name);
        if (!runs.empty() && runs.front().scenario.posterior) m["posterior"] = posterior_json(*runs.front().scenario.posterior);
        m["completed"] = true;
        manifest << m.dump(2) << "\n";
        manifest.close();
        if (!manifest) throw std::runtime_error("cannot write manifest.json");
    });
}

const std::vector<std::string>& comparison_measures() {
    static const std::vector<std::string> measures{
        "coaching_started", "coaching_completed", "gp_appointments_released", "ae_attendances_avoided",
        "emergency_admissions_avoided", "coaching_cost", "savings_total", "roi", "net_benefit",
        "gp_appointments_released_per_coach_wte_year"};
    return measures;
}

namespace {
// Per scenario, the economics of each of its runs (replication, or PSA draw x replication).
using RunsEconomics = std::vector<std::vector<std::vector<EconomicsRow>>>;

RunsEconomics economics_of_runs(const std::vector<RunResult>& runs) {
    RunsEconomics out;
    for (const auto& run : runs) out.push_back(economics_by_replication(run));
    return out;
}

// One measure in each run of each scenario.
std::vector<std::vector<std::optional<double>>> per_run_values(const RunsEconomics& economics, const std::string& measure) {
    std::vector<std::vector<std::optional<double>>> values;
    for (const auto& scenario : economics) {
        auto& v = values.emplace_back();
        for (const auto& rep : scenario) v.push_back(economics_value(rep, measure));
    }
    return values;
}

// Share of runs in which each scenario has the highest defined value (ties share the run).
std::vector<double> probability_best(const std::vector<std::vector<std::optional<double>>>& values) {
    std::vector<double> best(values.size(), 0.0);
    const std::size_t runs = values.empty() ? 0 : values.front().size();
    for (std::size_t r = 0; r < runs; ++r) {
        std::optional<double> top;
        for (const auto& v : values)
            if (r < v.size() && v[r] && (!top || *v[r] > *top)) top = v[r];
        if (!top) continue;
        std::vector<std::size_t> winners;
        for (std::size_t i = 0; i < values.size(); ++i)
            if (r < values[i].size() && values[i][r] && *values[i][r] == *top) winners.push_back(i);
        for (const auto i : winners) best[i] += 1.0 / static_cast<double>(winners.size() * runs);
    }
    return best;
}
}  // namespace

std::vector<ComparisonRow> compare_runs(const std::vector<RunResult>& runs, const std::string& rank_by) {
    const auto per_run = economics_of_runs(runs);
    const auto values = per_run_values(per_run, rank_by);
    const auto best = probability_best(values);
    std::vector<std::vector<std::vector<std::optional<double>>>> by_measure;  // [measure][run][replication]
    for (const auto& m : comparison_measures()) by_measure.push_back(per_run_values(per_run, m));
    // The 2.5th and 97.5th percentiles of the defined values.
    const auto interval = [](const std::vector<std::optional<double>>& of_runs) -> std::pair<std::optional<double>, std::optional<double>> {
        std::vector<double> defined;
        for (const auto& v : of_runs)
            if (v) defined.push_back(*v);
        if (defined.empty()) return {};
        return {quantile(defined, 0.025), quantile(defined, 0.975)};
    };
    std::vector<ComparisonRow> rows;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& run = runs[i];
        const auto econ = economics(summarise(run));
        ComparisonRow row{0, run.scenario.name, run.scenario.coaching.present ? run.scenario.targeting.name : "none", {}, {}, {}, {}, {}, {}, best[i]};
        for (std::size_t k = 0; k < comparison_measures().size(); ++k) {
            row.values.push_back(economics_value(econ, comparison_measures()[k]));
            const auto [low, high] = interval(by_measure[k][i]);
            row.p2_5.push_back(low);
            row.p97_5.push_back(high);
        }
        row.rank_value = economics_value(econ, rank_by);
        std::tie(row.rank_p2_5, row.rank_p97_5) = interval(values[i]);
        rows.push_back(row);
    }
    // Highest first; undefined values last; ties keep the order given.
    std::stable_sort(rows.begin(), rows.end(), [](const ComparisonRow& a, const ComparisonRow& b) {
        if (a.rank_value.has_value() != b.rank_value.has_value()) return a.rank_value.has_value();
        return a.rank_value && *a.rank_value > *b.rank_value;
    });
    for (std::size_t k = 0; k < rows.size(); ++k) rows[k].rank = static_cast<int>(k + 1);
    return rows;
}

std::vector<DifferenceRow> paired_differences(const std::vector<RunResult>& runs) {
    const auto economics = economics_of_runs(runs);
    std::vector<DifferenceRow> rows;
    for (std::size_t i = 1; i < runs.size(); ++i)
        for (const auto& measure : comparison_measures()) {
            const auto values = per_run_values(economics, measure);
            const auto* reference = economics[0].empty() ? nullptr : find_economics_row(economics[0][0], measure);
            DifferenceRow row{runs[i].scenario.name, runs[0].scenario.name, measure, reference ? reference->unit : "", 0, {}, 0};
            std::vector<double> differences;
            for (std::size_t k = 0; k < values[i].size() && k < values[0].size(); ++k)
                if (values[i][k] && values[0][k]) differences.push_back(*values[i][k] - *values[0][k]);
            row.pairs = differences.size();
            if (!differences.empty()) {
                row.spread = spread_of(differences);
                const auto positive = std::count_if(differences.begin(), differences.end(), [](double d) { return d > 0; });
                row.prob_positive = static_cast<double>(positive) / static_cast<double>(differences.size());
            }
            rows.push_back(row);
        }
    return rows;
}

}  // namespace pcnsim
