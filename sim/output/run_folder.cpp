#include "sim/output/run_folder.hpp"

#include "sim/core/file_io.hpp"
#include "sim/output/ceac.hpp"
#include "sim/output/economics.hpp"
#include "sim/output/evaluation.hpp"
#include "sim/output/format.hpp"
#include "sim/output/manifest.hpp"
#include "sim/output/patient_extract.hpp"
#include "sim/output/summary.hpp"
#include "sim/output/timeseries.hpp"
#include "sim/scenario/psa.hpp"

namespace pcnsim {
namespace fs = std::filesystem;
namespace {

void write_summary(const RunResult& run, const fs::path& path) {
    OutputFile out(path);
    out.print("scenario,arm,metric,group_by,group,total,per_1000_per_year,total_p2_5,total_median,total_p97_5\n");
    for (const auto& row : summarise(run))
        out.print("{},{},{},{},{},{},{},{},{},{}\n", run.scenario.name, row.arm, row.metric, row.group_by, row.group,
                  format_number(row.total), row.has_rate ? format_number(row.per_1000_per_year) : "", format_number(row.total_p2_5),
                  format_number(row.total_median), format_number(row.total_p97_5));
    out.close();
}

void write_economics(const RunResult& run, const fs::path& path) {
    OutputFile out(path);
    out.print("scenario,measure,group_by,group,value,p2_5,median,p97_5,unit\n");
    for (const auto& row : economics_over_replications(run))
        out.print("{},{},{},{},{},{},{},{},\"{}\"\n", run.scenario.name, row.measure, row.group_by, row.group, format_optional(row.value),
                  format_optional(row.p2_5), format_optional(row.median), format_optional(row.p97_5), row.unit);
    out.close();
}

// Running totals by reported week, one row per total and week after the columns of `header`.
void write_running_totals(const RunResult& run, const std::vector<RunningTotal>& totals, const std::string& header, const fs::path& path) {
    OutputFile out(path);
    out.print("{},week,mean,p2_5,p97_5\n", header);
    for (const auto& total : totals)
        for (std::size_t w = 0; w < total.mean.size(); ++w)
            out.print("{},{},{},{},{},{}\n", run.scenario.name, total.key, w, format_number(total.mean[w]), format_number(total.p2_5[w]),
                      format_number(total.p97_5[w]));
    out.close();
}

// The parameter values of each PSA draw, for the parameters the PSA varied.
void write_psa_draws(const RunResult& run, const fs::path& path) {
    OutputFile out(path);
    out.print("draw,parameter,value\n");
    const auto& decls = parameter_declarations();
    for (std::size_t d = 0; d < run.psa_parameters.size(); ++d)
        for (std::size_t j = 0; j < decls.size(); ++j)
            if (psa_varies(run.scenario, static_cast<int>(j)))
                out.print("{},{},{}\n", d, decls[j].name, format_number(run.psa_parameters[d].value(static_cast<int>(j))));
    out.close();
}

}  // namespace

void write_run_files(const RunResult& run, const OutputOptions& options, const fs::path& folder) {
    if (run.scenario.run.psa_draws > 0) write_psa_draws(run, folder / "psa_draws.csv");
    if (options.timeseries) (options.timeseries_bands ? write_timeseries_bands : write_timeseries)(run, folder / "timeseries.csv");
    write_summary(run, folder / "summary.csv");
    write_economics(run, folder / "economics.csv");
    const auto totals = running_totals(run);
    write_running_totals(run, totals.net_benefit, "scenario,perspective,value", folder / "net_benefit_by_week.csv");
    write_running_totals(run, totals.activity, "scenario,measure", folder / "activity_by_week.csv");
    write_ceac({run}, folder / "ceac.csv");
    if (run.scenario.run.patient_extract) write_patient_extract(run, folder / kPatientExtractFile);
    if (has_evaluation(run)) {
        write_evaluation(run, folder / "evaluation.csv");
        write_evaluation_balance(run, folder / "evaluation_balance.csv");
    }
    write_run_manifest(run, options, folder / "manifest.json");
}

void write_run_outputs(const RunResult& run, const OutputOptions& options) {
    write_folder_atomically(options, [&](const fs::path& folder) { write_run_files(run, options, folder); });
}

}  // namespace pcnsim
