#pragma once
// patients.csv (`--patient-extract`): one row per patient per reported year per arm, every
// replication in one file (sim/processes/patient_extract.hpp; docs/metrics.md, "Patient extract").
// Synthetic microdata of a fictional population, and labelled so in its first line.
#include <filesystem>

#include "sim/engine/ensemble.hpp"

namespace pcnsim {

inline constexpr const char* kPatientExtractFile = "patients.csv";

// Rows in the order replication (PSA draw first), arm (scenario first), year, PCN, slot.
void write_patient_extract(const RunResult& run, const std::filesystem::path& path);

}  // namespace pcnsim
