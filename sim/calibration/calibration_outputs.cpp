#include "sim/calibration/calibration_outputs.hpp"

#include <fmt/format.h>

#include "sim/core/digest.hpp"
#include "sim/core/file_io.hpp"
#include "sim/core/file_text.hpp"
#include "sim/output/format.hpp"
#include "sim/output/manifest.hpp"

namespace pcnsim {
namespace fs = std::filesystem;
namespace {

std::string measure_of(const CalibrationTarget& t) { return t.per_1000_per_year ? "per_1000_per_year" : "total"; }

void write_posterior(const CalibrationConfig& c, const CalibrationResult& r, const fs::path& path) {
    OutputFile out(path);
    out.print("sample,weight");
    for (const auto& p : c.parameters) out.print(",{}", p.name);
    out.print("\n");
    for (Eigen::Index i = 0; i < r.samples.rows(); ++i) {
        out.print("{},{}", i, format_number(r.weights[i]));
        for (Eigen::Index k = 0; k < r.samples.cols(); ++k) out.print(",{}", format_number(r.samples(i, k)));
        out.print("\n");
    }
    out.close();
}

void write_posterior_summary(const CalibrationConfig& c, const CalibrationResult& r, const fs::path& path) {
    OutputFile out(path);
    out.print("parameter,prior,prior_p5,prior_p95,posterior_mean,posterior_p5,posterior_median,posterior_p95,truth,truth_inside_90\n");
    for (std::size_t k = 0; k < r.parameters.size(); ++k) {
        const auto& p = c.parameters[k];
        const auto& s = r.parameters[k];
        out.print("{},\"{}\",{},{},{},{},{},{},{},{}\n", p.name, p.prior.describe(), format_number(s.prior_p5), format_number(s.prior_p95),
                  format_number(s.mean), format_number(s.p5), format_number(s.median), format_number(s.p95),
                  p.truth ? format_number(*p.truth) : "", s.truth_inside_90 ? (*s.truth_inside_90 ? "yes" : "no") : "");
    }
    out.close();
}

void write_diagnostics(const CalibrationResult& r, const fs::path& path) {
    OutputFile out(path);
    for (std::size_t j = 0; j < r.diagnostics.columns.size(); ++j) out.print("{}{}", j ? "," : "", r.diagnostics.columns[j]);
    out.print("\n");
    for (const auto& row : r.diagnostics.rows) {
        for (std::size_t j = 0; j < row.size(); ++j) out.print("{}{}", j ? "," : "", format_number(row[j]));
        out.print("\n");
    }
    out.close();
}

void write_predictive_check(const CalibrationConfig& c, const CalibrationResult& r, const fs::path& path) {
    OutputFile out(path);
    out.print("metric,group_by,group,reference_group,measure,first_week,last_week,observed,observed_sd,simulated_mean,simulated_p2_5,"
              "simulated_p97_5,predictive_p2_5,predictive_p97_5,z,inside_95\n");
    for (std::size_t i = 0; i < r.predictive.size(); ++i) {
        const auto& t = c.targets[i];
        const auto& p = r.predictive[i];
        out.print("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", t.metric, t.group_by, t.group, t.reference_group, measure_of(t),
                  t.first_week, t.last_week, format_number(t.value), format_number(t.sd), format_number(p.simulated_mean),
                  format_number(p.simulated_p2_5), format_number(p.simulated_p97_5), format_number(p.predictive_p2_5),
                  format_number(p.predictive_p97_5), format_number(p.z), p.inside ? "yes" : "no");
    }
    out.close();
}

// Provenance, the calibration and its scenario: the start of every calibration folder's manifest.
nlohmann::ordered_json calibration_manifest(const CalibrationConfig& c, const OutputOptions& options) {
    auto m = provenance(options);
    m["calibration"] = {{"name", c.name}, {"file", c.path}, {"targets", c.targets_path},
                        {"method", c.method == CalibrationMethod::abc_smc ? "abc-smc" : "history-matching"},
                        {"replications_per_evaluation", c.replications}, {"common_random_numbers", c.common_random_numbers},
                        {"seed", c.seed}, {"text", c.text}};
    m["scenario"] = {{"name", c.scenario.name}, {"files", c.scenario.files}, {"text", c.scenario.text}};
    return m;
}

// The digest of posterior.csv as written, which --posterior checks (sim/scenario/posterior.hpp).
nlohmann::ordered_json posterior_digest(const fs::path& posterior) {
    const auto text = read_file_text(posterior);
    if (!text.ok()) throw std::runtime_error(fmt::format("{}: cannot read it back: {}", posterior.string(), text.error));
    return {{"file", posterior.filename().string()}, {"bytes", text.text.size()}, {"sha256", sha256_hex(text.text)}};
}

void write_manifest(const CalibrationConfig& c, const CalibrationResult& r, double wall_seconds, const OutputOptions& options,
                    const fs::path& folder) {
    auto m = calibration_manifest(c, options);
    m["posterior"] = posterior_digest(folder / "posterior.csv");
    m["evaluations"] = r.evaluations;
    m["posterior_samples"] = r.samples.rows();
    m["note"] = r.note;
    m["wall_seconds"] = wall_seconds;
    write_json_file(m, folder / "manifest.json");
}

void write_coverage(const CoverageResult& r, const fs::path& path) {
    OutputFile out(path);
    out.print("recovery,parameter,truth,posterior_mean,q05,q25,q75,q95,inside_50,inside_90,rank\n");
    for (const auto& row : r.rows)
        out.print("{},{},{},{},{},{},{},{},{},{},{}\n", row.recovery, row.parameter, format_number(row.truth), format_number(row.mean),
                  format_number(row.q05), format_number(row.q25), format_number(row.q75), format_number(row.q95), row.inside_50 ? "yes" : "no",
                  row.inside_90 ? "yes" : "no", row.rank >= 0 ? std::to_string(row.rank) : "");
    out.close();
}

void write_coverage_summary(const CoverageResult& r, const fs::path& path) {
    OutputFile out(path);
    out.print("parameter,recoveries,inside_50,band_50_lower,band_50_upper,inside_90,band_90_lower,band_90_upper,mean_rank,mean_rank_lower,"
              "mean_rank_upper,verdict\n");
    for (const auto& s : r.summary)
        out.print("{},{},{},{},{},{},{},{},{},{},{},\"{}\"\n", s.parameter, s.recoveries, format_number(s.inside_50), format_number(s.band_50_lower),
                  format_number(s.band_50_upper), format_number(s.inside_90), format_number(s.band_90_lower), format_number(s.band_90_upper),
                  format_number(s.mean_rank), format_number(s.mean_rank_lower), format_number(s.mean_rank_upper), s.verdict);
    out.close();
}

}  // namespace

void write_coverage_outputs(const CalibrationConfig& config, const CoverageResult& result, const CoverageSettings& settings,
                            double wall_seconds, const OutputOptions& options) {
    write_folder_atomically(options, [&](const fs::path& folder) {
        write_coverage(result, folder / "coverage.csv");
        write_coverage_summary(result, folder / "coverage_summary.csv");
        auto m = calibration_manifest(config, options);
        m["coverage"] = {{"recoveries", settings.recoveries}, {"relative_sd", settings.relative_sd}, {"rank_draws", settings.rank_draws},
                         {"notes", result.notes}};
        m["evaluations"] = result.evaluations;
        m["wall_seconds"] = wall_seconds;
        write_json_file(m, folder / "manifest.json");
    });
}

void write_targets(const std::vector<CalibrationTarget>& targets, const std::string& path) {
    OutputFile out(path);
    out.print("metric,group_by,group,reference_group,measure,first_week,last_week,value,sd\n");
    for (const auto& t : targets)
        out.print("{},{},{},{},{},{},{},{},{}\n", t.metric, t.group_by, t.group, t.reference_group, measure_of(t), t.first_week, t.last_week,
                  format_number(t.value), format_number(t.sd));
    out.close();
}

void write_calibration_outputs(const CalibrationConfig& config, const CalibrationResult& result, double wall_seconds,
                               const OutputOptions& options) {
    write_folder_atomically(options, [&](const fs::path& folder) {
        write_posterior(config, result, folder / "posterior.csv");
        write_posterior_summary(config, result, folder / "posterior_summary.csv");
        write_diagnostics(result, folder / "diagnostics.csv");
        write_predictive_check(config, result, folder / "predictive_check.csv");
        write_manifest(config, result, wall_seconds, options, folder);
    });
}

}  // namespace pcnsim
