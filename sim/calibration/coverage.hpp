#pragma once
// Calibration coverage by simulation-based calibration (Talts et al. 2018): recoveries at truths
// drawn from the calibration's own priors, each from synthetic targets made at its truth, and for
// every free parameter whether the truth lies inside the posterior's central 50% and 90% intervals
// and its rank among draws from the posterior. When the method is exact, the truth is one more draw
// from the posterior, so the intervals cover 50% and 90% of truths and the ranks are uniform; the
// shares of K recoveries then scatter as Binomial(K, p) / K. Knows no files: the command writes.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/calibration/calibration.hpp"

namespace pcnsim {

struct CoverageSettings {
    int recoveries = 20;     // K
    double relative_sd = 0.03;  // the synthetic targets' observation error, as --synthesize
    int rank_draws = 99;     // L: posterior draws a truth is ranked among (ranks 0 to L)
};

// One free parameter in one recovery. With no posterior (no parameter set left non-implausible) the
// posterior figures are NaN, the truth counts as outside both intervals and it has no rank (-1).
struct CoverageRow {
    int recovery = 0;  // 1 to K
    std::string parameter;
    double truth = 0, mean = 0, q05 = 0, q25 = 0, q75 = 0, q95 = 0;
    bool inside_50 = false, inside_90 = false;
    int rank = -1;  // posterior draws below the truth, of rank_draws
};

// Per free parameter over the K recoveries, beside what an exact method would give by chance
// (central 95% ranges: Binomial(K, p) / K for the shares; for the mean normalised rank, rank / L,
// 0.5 +- 1.96 sqrt((L + 2) / (12 L K)), the mean of K discrete uniform ranks).
struct CoverageSummary {
    std::string parameter;
    int recoveries = 0;
    double inside_50 = 0, band_50_lower = 0, band_50_upper = 0;
    double inside_90 = 0, band_90_lower = 0, band_90_upper = 0;
    double mean_rank = 0, mean_rank_lower = 0, mean_rank_upper = 0;
    std::string verdict;  // "consistent", or what lies outside its band
};

struct CoverageResult {
    std::vector<CoverageRow> rows;  // recovery by recovery, parameters in the config's order
    std::vector<CoverageSummary> summary;
    long evaluations = 0;
    std::vector<std::string> notes;  // recoveries that stopped early, and why
    bool cancelled = false;
};

// Recovery k's calibration: truths drawn from the priors (keyed by the config's seed and k), the
// targets one run at those truths gives (data seed: the config's seed + 2^32 + k) with their
// observation error, and the calibration itself on seed + k, so neither the data nor the
// calibration of one recovery shares random numbers with another's. The posterior predictive check
// is skipped (predictive_draws = 0): coverage needs only the posterior.
CalibrationConfig recovery_config(const CalibrationConfig& config, int recovery, double relative_sd);

// The rows of one recovery from its calibration's posterior.
std::vector<CoverageRow> coverage_rows(const CalibrationConfig& recovery_config, int recovery, const CalibrationResult& result,
                                       int rank_draws);

std::vector<CoverageSummary> summarise_coverage(const std::vector<CoverageRow>& rows, const CalibrationConfig& config,
                                                const CoverageSettings& settings);

// K recoveries in turn (each calibration's evaluations run side by side through control.executor).
// `on_recovery` hears of each one done: its number, its rows and its calibration's result.
CoverageResult calibration_coverage(const CalibrationConfig& config, const CoverageSettings& settings, const CalibrationControl& control,
                                    const std::function<void(int, const std::vector<CoverageRow>&, const CalibrationResult&)>& on_recovery = {});

}  // namespace pcnsim
