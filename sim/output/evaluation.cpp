#include "sim/output/evaluation.hpp"

#include <cmath>

#include "sim/core/file_io.hpp"
#include "sim/output/economics.hpp"
#include "sim/output/format.hpp"
#include "sim/output/run_values.hpp"
#include "sim/processes/evaluation.hpp"
#include "sim/stats/descriptive.hpp"
#include "sim/stats/regression.hpp"

namespace pcnsim {
namespace {

double total(const RunTotals& totals, const std::string& name) {
    const auto it = totals.find(name);
    return it == totals.end() ? 0.0 : static_cast<double>(it->second);
}

// Unit costs of the three counted services, in kEvaluationMetrics order (PAM has none).
constexpr const char* kUnitCosts[] = {"cost.gp_appointment", "cost.ae_attendance", "cost.emergency_admission"};
constexpr std::size_t kCountedMetrics = 3;

// One run's view of the totals: each estimate's mean per case and the coaching cost per started patient.
struct RunEstimates {
    std::vector<std::optional<double>> mean;  // estimate-major, then metric, then "all_services"
    std::optional<double> cost_per_started;
    std::vector<double> unit_cost;
};

std::size_t cases_of(const RunTotals& t, std::size_t estimate, const char* name = nullptr) {
    return static_cast<std::size_t>(total(t, evaluation_total(name ? name : estimate == 1 ? "matched_cases" : "cases")));
}

RunEstimates run_estimates(const RunResult& run, std::size_t r, const std::vector<EconomicsRow>& economics) {
    const auto& rep = run.replications[r];
    RunEstimates out;
    const auto& params = parameters_of(run, rep);
    for (const auto* name : kUnitCosts) out.unit_cost.push_back(params.get(name));
    const auto cost = economics_value(economics, "cost_nhs"), started = economics_value(economics, "coaching_started");
    if (cost && started && *started > 0 && *cost > 0) out.cost_per_started = *cost / *started;
    for (std::size_t e = 0; e < kEvaluationEstimates.size(); ++e) {
        const double n = static_cast<double>(cases_of(rep.totals, e));
        double cost_change = 0;
        for (std::size_t m = 0; m < kEvaluationMetrics.size(); ++m) {
            if (n <= 0) {
                out.mean.emplace_back();
                continue;
            }
            const double mean = total(rep.totals, evaluation_total(kEvaluationEstimates[e], kEvaluationMetrics[m], "sum")) / kEstimateScale / n;
            out.mean.emplace_back(mean);
            if (m < kCountedMetrics) cost_change += mean * out.unit_cost[m];
        }
        out.mean.push_back(n > 0 ? std::optional<double>(cost_change) : std::nullopt);
    }
    return out;
}

void set_spread(const std::vector<double>& values, std::optional<double>& mean, std::optional<double>& lower, std::optional<double>& upper) {
    if (values.empty()) return;
    const auto s = spread_of(values);
    mean = s.mean, lower = s.p2_5, upper = s.p97_5;
}

// mean +- 1.96 SD / sqrt(n) from the sum and sum of squares of the cases' values (fixed point).
void set_case_interval(EvaluationRow& row, double sum, double sumsq, double n) {
    if (n < 2) return;
    const double mean = sum / kEstimateScale / n;
    const double var = std::max(0.0, (sumsq / (kEstimateScale * kEstimateScale) - n * mean * mean) / (n - 1));
    const double half = 1.96 * std::sqrt(var / n);
    row.case_lower_95 = mean - half, row.case_upper_95 = mean + half;
}

// Mean and variance of a (possibly weighted) sample from its fixed-point sums.
struct Moments {
    std::optional<double> mean;
    double var = 0;
};
Moments moments(const RunTotals& t, std::string_view covariate, std::string_view sample) {
    const double n = total(t, evaluation_total("balance", sample, "n"));
    if (n <= 0) return {};
    const double mean = total(t, evaluation_total("balance", covariate, std::string(sample) + ".sum")) / kCovariateScale / n;
    const double sq = total(t, evaluation_total("balance", covariate, std::string(sample) + ".sumsq")) / (kCovariateScale * kCovariateScale) / n;
    return {mean, std::max(0.0, sq - mean * mean)};
}

std::optional<double> smd(const Moments& t, const Moments& c) {
    if (!t.mean || !c.mean) return std::nullopt;
    return standardised_mean_difference(*t.mean, t.var, *c.mean, c.var);
}

RunTotals all_totals(const RunResult& run) {
    RunTotals all;
    for (const auto& rep : run.replications) add_run_totals(all, rep.totals);
    return all;
}

}  // namespace

bool has_evaluation(const RunResult& run) {
    for (const auto& rep : run.replications)
        if (rep.totals.count(evaluation_total("cases")) || rep.totals.count(evaluation_total("censored"))) return true;
    return false;
}

std::vector<EvaluationRow> evaluation_rows(const RunResult& run) {
    std::vector<RunEstimates> runs;
    const auto economics = economics_by_replication(run);
    for (std::size_t r = 0; r < run.replications.size(); ++r) runs.push_back(run_estimates(run, r, economics[r]));
    const auto all = all_totals(run);
    const double replications = static_cast<double>(std::max<std::size_t>(1, run.replications.size()));
    const std::size_t per_estimate = kEvaluationMetrics.size() + 1;
    std::vector<EvaluationRow> rows;
    for (std::size_t e = 0; e < kEvaluationEstimates.size(); ++e)
        for (std::size_t m = 0; m < per_estimate; ++m) {
            EvaluationRow row;
            row.estimate = kEvaluationEstimates[e];
            row.metric = m < kEvaluationMetrics.size() ? std::string(kEvaluationMetrics[m]) : "all_services";
            row.unit = m == 3 ? "PAM points (after minus before)" : m == 4 ? "GBP per coached patient-year" : "per coached patient-year";
            std::vector<double> values, rois;
            for (const auto& run_e : runs) {
                const auto& v = run_e.mean[e * per_estimate + m];
                if (!v) continue;
                values.push_back(*v);
                if (m == 3 || !run_e.cost_per_started) continue;
                const double saving = m == 4 ? -*v : -*v * run_e.unit_cost[m];
                rois.push_back(saving / *run_e.cost_per_started);
            }
            set_spread(values, row.value, row.lower_95, row.upper_95);
            set_spread(rois, row.roi, row.roi_lower_95, row.roi_upper_95);
            if (m < kEvaluationMetrics.size())
                set_case_interval(row, total(all, evaluation_total(row.estimate, row.metric, "sum")),
                                  total(all, evaluation_total(row.estimate, row.metric, "sumsq")), static_cast<double>(cases_of(all, e)));
            row.cases = total(all, evaluation_total("cases")) / replications;
            row.matched_cases = total(all, evaluation_total("matched_cases")) / replications;
            row.censored = total(all, evaluation_total("censored")) / replications;
            row.lost = total(all, evaluation_total("lost")) / replications;
            rows.push_back(row);
        }
    return rows;
}

std::vector<BalanceRow> balance_rows(const RunResult& run) {
    const auto all = all_totals(run);
    std::vector<BalanceRow> rows;
    for (const auto covariate : kBalanceCovariates) {
        const auto cases = moments(all, covariate, kBalanceSamples[0]);
        const auto pool = moments(all, covariate, kBalanceSamples[1]);
        const auto controls = moments(all, covariate, kBalanceSamples[2]);
        rows.push_back({std::string(covariate), cases.mean, pool.mean, controls.mean, smd(cases, pool), smd(cases, controls)});
    }
    return rows;
}

void write_evaluation(const RunResult& run, const std::filesystem::path& path) {
    OutputFile out(path);
    out.print("scenario,metric,estimate,unit,value,lower_95,upper_95,case_level_lower_95,case_level_upper_95,roi,roi_lower_95,roi_upper_95,"
              "cases,matched_cases,censored,lost\n");
    for (const auto& r : evaluation_rows(run))
        out.print("{},{},{},\"{}\",{},{},{},{},{},{},{},{},{},{},{},{}\n", run.scenario.name, r.metric, r.estimate, r.unit, format_optional(r.value),
                  format_optional(r.lower_95), format_optional(r.upper_95), format_optional(r.case_lower_95), format_optional(r.case_upper_95),
                  format_optional(r.roi), format_optional(r.roi_lower_95), format_optional(r.roi_upper_95), format_number(r.cases),
                  format_number(r.matched_cases), format_number(r.censored), format_number(r.lost));
    out.close();
}

void write_evaluation_balance(const RunResult& run, const std::filesystem::path& path) {
    OutputFile out(path);
    out.print("scenario,covariate,matched,mean_cases,mean_pool,mean_matched_controls,smd_before_matching,smd_after_matching\n");
    for (const auto& r : balance_rows(run))
        out.print("{},{},{},{},{},{},{},{}\n", run.scenario.name, r.covariate, r.covariate == "pam_score" ? "no" : "yes",
                  format_optional(r.mean_cases), format_optional(r.mean_pool), format_optional(r.mean_controls), format_optional(r.smd_before),
                  format_optional(r.smd_after));
    out.close();
}

}  // namespace pcnsim
