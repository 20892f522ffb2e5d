#pragma once
// The size of a run's largest files, estimated before the run starts, so a scenario that would write
// gigabytes (thousands of practices, many replications, the patient extract) is refused with the
// estimate and how to reduce it, instead of filling the disk after hours of running.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/output/output_folder.hpp"
#include "sim/population/population.hpp"

namespace pcnsim {

// The default limit on the estimated size of one command's outputs; --max-output-gb raises it. The
// shipped national scenario (1,250 PCNs, 5 years) writes about 2.6 GB.
inline constexpr std::uint64_t kDefaultMaxOutputGb = 10;

struct OutputEstimate {
    std::uint64_t timeseries_bytes = 0;       // timeseries.csv (one row per arm, run, week, metric, group)
    std::uint64_t patient_extract_bytes = 0;  // patients.csv (--patient-extract)
    std::uint64_t total() const { return timeseries_bytes + patient_extract_bytes; }
};

// Estimated from the population (its practices, PCNs and patients) and the run settings: rows times
// the bytes a row takes (the names it repeats, and about 10 bytes per number).
OutputEstimate estimate_outputs(const Scenario& scenario, const std::vector<PcnProfile>& pcns, const OutputOptions& options);

// The message refusing outputs estimated above `max_bytes` (with the estimate and how to reduce it),
// or nothing when they fit.
std::optional<std::string> output_too_large(const OutputEstimate& estimate, std::uint64_t max_bytes);

}  // namespace pcnsim
