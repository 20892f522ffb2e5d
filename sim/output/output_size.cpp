#include "sim/output/output_size.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/output/run_values.hpp"

namespace pcnsim {
namespace {

constexpr std::uint64_t kNumberBytes = 10;       // a formatted value with its comma
constexpr std::uint64_t kPatientRowBytes = 100;  // a patients.csv row (docs/metrics.md, "Patient extract")
constexpr double kGb = 1e9;

// Bytes of the cells of one week of timeseries.csv, without the columns before the metric.
std::uint64_t week_cells_bytes(const std::vector<GroupKey>& keys, std::uint64_t numbers_per_row, std::uint64_t& cells) {
    std::uint64_t bytes = 0;
    for (const auto& m : metric_catalogue())
        for (const auto& k : keys)
            if (reported_for(m, k)) {
                ++cells;
                bytes += m.name.size() + k.group_by.size() + k.group.size() + 3 + numbers_per_row * kNumberBytes;
            }
    return bytes;
}

}  // namespace

OutputEstimate estimate_outputs(const Scenario& s, const std::vector<PcnProfile>& pcns, const OutputOptions& options) {
    std::vector<std::string> practice_codes, pcn_codes;
    for (const auto& pcn : pcns) {
        pcn_codes.push_back(pcn.code);
        for (const auto& p : pcn.practices) practice_codes.push_back(p.code);
    }
    const auto weeks = static_cast<std::uint64_t>(std::max(0, s.run.weeks));
    const auto runs = static_cast<std::uint64_t>(std::max(1, s.run.psa_draws)) * static_cast<std::uint64_t>(std::max(0, s.run.replications));
    OutputEstimate e;
    if (options.timeseries) {
        // Bands: one row per arm, week and cell with six numbers; otherwise one per run with one number.
        const bool bands = options.timeseries_bands;
        std::uint64_t cells = 0;
        const std::uint64_t cell_bytes = week_cells_bytes(output_group_keys(practice_codes, pcn_codes), bands ? 6 : 1, cells);
        const std::uint64_t prefix = s.name.size() + 16 + (bands ? 0 : 6);  // scenario, arm, replication, week
        e.timeseries_bytes = 2 * weeks * (bands ? 1 : runs) * (cell_bytes + cells * prefix);
    }
    if (s.run.patient_extract) {
        const std::uint64_t years = (weeks + 51) / 52;
        e.patient_extract_bytes = population_size(pcns).patients * years * 2 * runs * kPatientRowBytes;
    }
    return e;
}

std::optional<std::string> output_too_large(const OutputEstimate& e, std::uint64_t max_bytes) {
    if (e.total() <= max_bytes) return std::nullopt;
    return fmt::format("the outputs would take about {:.1f} GB (timeseries.csv {:.1f} GB, patients.csv {:.1f} GB), more than the limit "
                       "of {:.1f} GB. To reduce them: fewer practices or PCNs (the scenario's population), fewer weeks, replications or "
                       "PSA draws (--weeks, --replications, --psa), --timeseries-bands (one row per week instead of one per run), no --patient-extract; or raise the "
                       "limit with --max-output-gb {}",
                       e.total() / kGb, e.timeseries_bytes / kGb, e.patient_extract_bytes / kGb, max_bytes / kGb,
                       (e.total() + static_cast<std::uint64_t>(kGb) - 1) / static_cast<std::uint64_t>(kGb));
}

}  // namespace pcnsim
