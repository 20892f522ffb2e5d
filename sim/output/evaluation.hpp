#pragma once
// evaluation.csv and evaluation_balance.csv (MODEL.md section 8, docs/model.md "Evaluation
// realism"): from the evaluation module's whole-run totals (sim/processes/evaluation.hpp), each
// estimate per coached patient-year with its mean and 95% interval over runs (as summary.csv), a
// case-level interval from the spread between cases, and the ROI it would imply; the balance of
// the matched comparison as standardised mean differences.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/ensemble.hpp"

namespace pcnsim {

struct EvaluationRow {
    std::string metric, estimate, unit;
    std::optional<double> value, lower_95, upper_95;            // mean and 2.5th-97.5th percentiles over runs
    std::optional<double> case_lower_95, case_upper_95;         // mean +- 1.96 SD / sqrt(cases), cases of every run pooled
    std::optional<double> roi, roi_lower_95, roi_upper_95;      // savings it implies per pound of coaching, over runs
    double cases = 0, matched_cases = 0, censored = 0, lost = 0;  // per run
};

struct BalanceRow {
    std::string covariate;
    std::optional<double> mean_cases, mean_pool, mean_controls, smd_before, smd_after;
};

// Whether the run has an evaluation (a coaching scenario: the evaluation module ran).
bool has_evaluation(const RunResult& run);
std::vector<EvaluationRow> evaluation_rows(const RunResult& run);
std::vector<BalanceRow> balance_rows(const RunResult& run);

void write_evaluation(const RunResult& run, const std::filesystem::path& path);
void write_evaluation_balance(const RunResult& run, const std::filesystem::path& path);

}  // namespace pcnsim
