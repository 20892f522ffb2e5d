#include "sim/output/comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <utility>

#include "sim/output/economics.hpp"
#include "sim/stats/paired.hpp"

namespace pcnsim {
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

// The 2.5th and 97.5th percentiles of the defined values (none without any).
std::pair<std::optional<double>, std::optional<double>> interval_95(const std::vector<std::optional<double>>& of_runs) {
    const auto defined = defined_values(of_runs);
    if (defined.empty()) return {};
    return {quantile(defined, 0.025), quantile(defined, 0.975)};
}

// Highest first; undefined values last; ties keep the order given. Numbers the ranks from 1.
void rank(std::vector<ComparisonRow>& rows) {
    std::stable_sort(rows.begin(), rows.end(), [](const ComparisonRow& a, const ComparisonRow& b) {
        if (a.rank_value.has_value() != b.rank_value.has_value()) return a.rank_value.has_value();
        return a.rank_value && *a.rank_value > *b.rank_value;
    });
    for (std::size_t k = 0; k < rows.size(); ++k) rows[k].rank = static_cast<int>(k + 1);
}

}  // namespace

std::vector<std::string> comparison_measures(const EconomicSettings& settings) { return headline_measures(settings); }

std::string interval_source_text(std::size_t draws, std::size_t replications_per_draw, bool posterior) {
    const auto of = [](std::size_t n, const char* what) { return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s"); };
    if (draws > 0) return fmt::format("{} x {}{}", of(draws, "PSA draw"), of(replications_per_draw, "replication"), posterior ? " (posterior)" : "");
    return of(replications_per_draw, "replication") + ", no parameter uncertainty";
}

std::string interval_source(const RunResult& run) {
    const std::size_t draws = run.scenario.run.psa_draws > 0 ? run.psa_parameters.size() : 0;
    return interval_source_text(draws, run.replications.size() / std::max<std::size_t>(1, draws), run.scenario.posterior != nullptr);
}

std::vector<ComparisonRow> compare_runs(const std::vector<RunResult>& runs, const std::string& rank_by) {
    const auto per_run = economics_of_runs(runs);
    const auto values = per_run_values(per_run, rank_by);
    const auto best = probability_best(values);
    const auto measures = comparison_measures(economic_settings(runs.front().scenario));
    std::vector<std::vector<std::vector<std::optional<double>>>> by_measure;  // [measure][scenario][run]
    for (const auto& m : measures) by_measure.push_back(per_run_values(per_run, m));
    std::vector<ComparisonRow> rows;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& run = runs[i];
        const auto econ = economics_over_replications(run);
        ComparisonRow row{0, run.scenario.name, run.scenario.coaching.present ? run.scenario.targeting.name : "none", {}, {}, {}, {}, {}, {},
                          best[i], interval_source(run)};
        for (std::size_t k = 0; k < measures.size(); ++k) {
            row.values.push_back(economics_value(econ, measures[k]));
            const auto [low, high] = interval_95(by_measure[k][i]);
            row.p2_5.push_back(low);
            row.p97_5.push_back(high);
        }
        row.rank_value = economics_value(econ, rank_by);
        std::tie(row.rank_p2_5, row.rank_p97_5) = interval_95(values[i]);
        rows.push_back(row);
    }
    rank(rows);
    return rows;
}

std::vector<DifferenceRow> paired_differences(const std::vector<RunResult>& runs) {
    const auto economics = economics_of_runs(runs);
    std::vector<DifferenceRow> rows;
    const auto measures = comparison_measures(economic_settings(runs.front().scenario));
    for (std::size_t i = 1; i < runs.size(); ++i)
        for (const auto& measure : measures) {
            const auto values = per_run_values(economics, measure);
            const auto* reference = economics[0].empty() ? nullptr : find_economics_row(economics[0][0], measure);
            DifferenceRow row{runs[i].scenario.name, runs[0].scenario.name, measure, reference ? reference->unit : "", 0, {}, 0};
            const auto differences = defined_differences(values[i], values[0]);
            row.pairs = differences.size();
            if (!differences.empty()) {
                row.spread = spread_of(differences);
                row.prob_positive = share_positive(differences);
            }
            rows.push_back(row);
        }
    return rows;
}

}  // namespace pcnsim
