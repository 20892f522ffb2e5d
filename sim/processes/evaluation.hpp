#pragma once
// Evaluation realism (MODEL.md section 8): the names of the whole-run totals the evaluation module
// (evaluation.cpp) reports, which the output layer turns into evaluation.csv and
// evaluation_balance.csv. Every total is an integer sum over coached cases (fixed point where a
// value is not whole), so runs of several PCNs, MPI ranks and resumed units add up exactly.
#include <array>
#include <string>
#include <string_view>

namespace pcnsim {

inline constexpr std::array<std::string_view, 4> kEvaluationMetrics = {"gp_appointments", "ae_attendances", "emergency_admissions",
                                                                       "pam_score"};
inline constexpr std::array<std::string_view, 3> kEvaluationEstimates = {"naive_before_after", "matched_did", "true_paired_effect"};
// Covariates of the balance table, at the referral week: the first eight are what practice records
// show (the matching uses them, coarsened); the PAM score is reported, not matched.
inline constexpr std::array<std::string_view, 9> kBalanceCovariates = {
    "age", "female", "imd_quintile", "conditions", "frailty_any", "gp_appointments_12m", "ae_attendances_12m",
    "emergency_admissions_12m", "pam_score"};
inline constexpr std::array<std::string_view, 3> kBalanceSamples = {"cases", "pool", "controls"};

// Fixed-point scales: a case's estimate x 1000 (its square x 10^6), a covariate x 100 (its square x 10^4).
inline constexpr double kEstimateScale = 1000.0;
inline constexpr double kCovariateScale = 100.0;

// "evaluation.<a>.<b>.<c>": e.g. evaluation.naive_before_after.gp_appointments.sum.
inline std::string evaluation_total(std::string_view a, std::string_view b = {}, std::string_view c = {}) {
    std::string name = "evaluation.";
    name += a;
    for (const auto part : {b, c})
        if (!part.empty()) (name += '.') += part;
    return name;
}

}  // namespace pcnsim
