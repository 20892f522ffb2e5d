#include "sim/calibration/coverage.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/calibration/substreams.hpp"
#include "sim/core/rng.hpp"
#include "sim/scenario/posterior.hpp"
#include "sim/stats/binomial.hpp"
#include "sim/stats/weighted.hpp"

namespace pcnsim {
namespace {

constexpr std::uint64_t kDataSeedOffset = std::uint64_t{1} << 32;  // data seeds apart from calibration seeds

void set_seed(CalibrationConfig& c, std::uint64_t seed) { c.seed = c.abc.seed = c.history_matching.seed = seed; }

// The rank statistic: how many of L posterior draws (stratified weighted resampling, keyed by the
// recovery's seed) lie below the truth.
int rank_among_draws(const Eigen::VectorXd& values, const Eigen::VectorXd& weights, double truth, std::uint64_t seed, int draws) {
    int below = 0;
    for (const int row : resample_posterior(std::vector<double>(weights.begin(), weights.end()), seed, draws))
        below += values[row] < truth ? 1 : 0;
    return below;
}

std::string verdict_of(const CoverageSummary& s) {
    std::string out;
    const auto add = [&](bool bad, const std::string& what) {
        if (bad) out += (out.empty() ? "" : "; ") + what;
    };
    add(s.inside_50 < s.band_50_lower, "50% intervals cover too few");
    add(s.inside_50 > s.band_50_upper, "50% intervals cover too many (too wide)");
    add(s.inside_90 < s.band_90_lower, "90% intervals cover too few");
    add(s.inside_90 > s.band_90_upper, "90% intervals cover too many (too wide)");
    add(s.mean_rank < s.mean_rank_lower, "truths sit low in the posterior (it overestimates)");
    add(s.mean_rank > s.mean_rank_upper, "truths sit high in the posterior (it underestimates)");
    return out.empty() ? "consistent" : out;
}

}  // namespace

CalibrationConfig recovery_config(const CalibrationConfig& config, int recovery, double relative_sd) {
    CalibrationConfig c = config;
    const auto params = free_parameters(config);
    Draws d(RunKey{config.seed, 0, 0}, static_cast<std::uint32_t>(recovery), 0, Stream::calibration, calibration_substream::coverage_truth);
    for (std::size_t k = 0; k < params.size(); ++k) c.parameters[k].truth = params[k].quantile(d.uniform());
    c.targets = synthetic_targets(c, config.seed + kDataSeedOffset + static_cast<std::uint64_t>(recovery), relative_sd);
    set_seed(c, config.seed + static_cast<std::uint64_t>(recovery));
    c.predictive_draws = 0;
    return c;
}

std::vector<CoverageRow> coverage_rows(const CalibrationConfig& c, int recovery, const CalibrationResult& r, int rank_draws) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<CoverageRow> rows;
    for (std::size_t k = 0; k < c.parameters.size(); ++k) {
        CoverageRow row{recovery, c.parameters[k].name, *c.parameters[k].truth, nan, nan, nan, nan, nan, false, false, -1};
        if (r.samples.rows() > 0) {
            const Eigen::VectorXd x = r.samples.col(static_cast<Eigen::Index>(k));
            const auto q = [&](double p) { return weighted_quantile(x, r.weights, p); };
            row.mean = r.weights.dot(x), row.q05 = q(0.05), row.q25 = q(0.25), row.q75 = q(0.75), row.q95 = q(0.95);
            row.inside_50 = row.truth >= row.q25 && row.truth <= row.q75;
            row.inside_90 = row.truth >= row.q05 && row.truth <= row.q95;
            row.rank = rank_among_draws(x, r.weights, row.truth, c.seed, rank_draws);
        }
        rows.push_back(row);
    }
    return rows;
}

std::vector<CoverageSummary> summarise_coverage(const std::vector<CoverageRow>& rows, const CalibrationConfig& config,
                                                const CoverageSettings& settings) {
    std::vector<CoverageSummary> out;
    const double l = settings.rank_draws;
    for (const auto& p : config.parameters) {
        CoverageSummary s;
        s.parameter = p.name;
        double ranks = 0;
        int ranked = 0;
        for (const auto& row : rows) {
            if (row.parameter != p.name) continue;
            ++s.recoveries;
            s.inside_50 += row.inside_50 ? 1 : 0, s.inside_90 += row.inside_90 ? 1 : 0;
            if (row.rank >= 0) ranks += row.rank / l, ++ranked;
        }
        if (s.recoveries == 0) continue;
        const double k = s.recoveries;
        s.inside_50 /= k, s.inside_90 /= k;
        const auto [lo50, hi50] = binomial_central_range(s.recoveries, 0.5, 0.95);
        const auto [lo90, hi90] = binomial_central_range(s.recoveries, 0.9, 0.95);
        s.band_50_lower = lo50 / k, s.band_50_upper = hi50 / k, s.band_90_lower = lo90 / k, s.band_90_upper = hi90 / k;
        const double half = ranked > 0 ? 1.96 * std::sqrt((l + 2) / (12 * l * ranked)) : 0;
        s.mean_rank = ranked > 0 ? ranks / ranked : std::numeric_limits<double>::quiet_NaN();
        s.mean_rank_lower = 0.5 - half, s.mean_rank_upper = 0.5 + half;
        s.verdict = verdict_of(s);
        out.push_back(s);
    }
    return out;
}

CoverageResult calibration_coverage(const CalibrationConfig& config, const CoverageSettings& settings, const CalibrationControl& control,
                                    const std::function<void(int, const std::vector<CoverageRow>&, const CalibrationResult&)>& on_recovery) {
    CoverageResult out;
    for (int k = 1; k <= settings.recoveries; ++k) {
        CalibrationConfig c;
        try {
            c = recovery_config(config, k, settings.relative_sd);
        } catch (const std::invalid_argument& e) {  // a target of 0 at this truth has no relative SD
            out.notes.push_back(fmt::format("recovery {}: skipped: {}", k, e.what()));
            continue;
        }
        const auto r = calibrate(c, control);
        out.evaluations += r.evaluations;
        if (r.cancelled) {
            out.cancelled = true;
            break;
        }
        if (!r.note.empty()) out.notes.push_back(fmt::format("recovery {}: {}", k, r.note));
        const auto rows = coverage_rows(c, k, r, settings.rank_draws);
        out.rows.insert(out.rows.end(), rows.begin(), rows.end());
        if (on_recovery) on_recovery(k, rows, r);
    }
    out.summary = summarise_coverage(out.rows, config, settings);
    return out;
}

}  // namespace pcnsim
