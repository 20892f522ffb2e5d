#include "sim/output/comparison_folder.hpp"

#include <fmt/ranges.h>

#include <algorithm>

#include "sim/core/file_io.hpp"
#include "sim/output/ceac.hpp"
#include "sim/output/format.hpp"
#include "sim/output/manifest.hpp"
#include "sim/output/run_folder.hpp"
#include "sim/stats/frontier.hpp"

namespace pcnsim {
namespace fs = std::filesystem;
namespace {

void write_comparison_table(const std::vector<ComparisonRow>& table, const std::vector<std::string>& measures, const std::string& rank_by,
                            const fs::path& path) {
    OutputFile out(path);
    out.print("rank,scenario,targeting,{},rank_by,rank_p2_5,rank_p97_5,prob_best,interval_source\n", fmt::join(measures, ","));
    for (const auto& row : table) {
        out.print("{},{},{}", row.rank, row.scenario, row.targeting);
        for (const auto& v : row.values) out.print(",{}", format_optional(v));
        out.print(",{},{},{},{},{}\n", rank_by, format_optional(row.rank_p2_5), format_optional(row.rank_p97_5), format_number(row.prob_best),
                  csv_text(row.interval_source));
    }
    out.close();
}

// Each run's comparison row, in run (grid) order: the table is ranked.
std::vector<const ComparisonRow*> rows_in_run_order(const std::vector<RunResult>& runs, const std::vector<ComparisonRow>& table) {
    std::vector<const ComparisonRow*> rows;
    for (const auto& run : runs)
        for (const auto& row : table)
            if (row.scenario == run.scenario.name) rows.push_back(&row);
    return rows;
}

// One measure of each row.
std::vector<std::optional<double>> measure_of(const std::vector<const ComparisonRow*>& rows, const std::vector<std::string>& measures,
                                              const char* measure) {
    const auto column = static_cast<std::size_t>(std::find(measures.begin(), measures.end(), measure) - measures.begin());
    std::vector<std::optional<double>> values;
    for (const auto* row : rows) values.push_back(row->values[column]);
    return values;
}

void write_sweep_table(const std::vector<RunResult>& runs, const std::vector<ComparisonRow>& table, const std::vector<std::string>& measures,
                       const SweepGrid& grid, const fs::path& path) {
    const auto rows = rows_in_run_order(runs, table);
    const auto cost = measure_of(rows, measures, "cost_nhs");
    const auto gp_frontier = cost_effectiveness_frontier(cost, measure_of(rows, measures, "gp_appointments_released"), grid.frontier_group);
    const auto admissions_frontier =
        cost_effectiveness_frontier(cost, measure_of(rows, measures, "emergency_admissions_avoided"), grid.frontier_group);
    OutputFile out(path);
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
    OutputFile out(path);
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
                              const std::string& rank_by, const OutputOptions& options, const SweepGrid* grid,
                              const std::function<void(const fs::path&)>& more_files, const nlohmann::ordered_json& more_manifest) {
    write_folder_atomically(options, [&](const fs::path& folder) {
        for (const auto& run : runs) {
            create_folders(folder / run.scenario.name);
            write_run_files(run, options, folder / run.scenario.name);
        }
        const auto measures = comparison_measures(economic_settings(runs.front().scenario));
        write_comparison_table(table, measures, rank_by, folder / "comparison.csv");
        write_ceac(runs, folder / "ceac.csv");
        if (grid) write_sweep_table(runs, table, measures, *grid, folder / "sweep.csv");
        else write_differences(runs, folder / "differences.csv");
        if (more_files) more_files(folder);
        write_comparison_manifest(runs, options, folder / "manifest.json", more_manifest);
    });
}

}  // namespace pcnsim
