#pragma once
// A resolved scenario: run settings, population source, workforce switches and parameter values,
// after `extends` chains, file overrides and --set overrides have been applied and validated.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/problems.hpp"
#include "sim/scenario/parameters.hpp"

namespace pcnsim {

struct RunSettings {
    int weeks = 156;         // simulated and reported weeks, after the warm-up
    int warmup_weeks = 52;   // fills rolling 12-month histories; not reported
    std::uint64_t seed = 20261123;
    int replications = 1;
    int threads = 0;         // 0 = all cores
};

enum class PopulationSourceKind { synthetic, practice_files };

struct SyntheticPopulation {
    int list_size = 45000;
    int practices = 6;
    // PCN-wide IMD quintile shares (1 = most deprived); practices vary around them.
    std::array<double, 5> imd_quintile_shares{0.2, 0.2, 0.2, 0.2, 0.2};
    double practice_imd_spread = 0.5;  // 0 = every practice has the PCN mix; 1 = strongly sorted
};

struct PracticeFiles {
    std::string registered_patients;  // NHS Digital 5-year age-band CSV (absolute path once resolved)
    std::string prevalence;           // optional
    std::string deprivation;          // optional
    std::vector<std::string> org_codes;
};

struct PopulationSource {
    PopulationSourceKind kind = PopulationSourceKind::synthetic;
    SyntheticPopulation synthetic;
    PracticeFiles files;
};

struct Scenario {
    std::string name = "baseline";
    std::string description;
    std::vector<std::string> files;   // the extends chain, root first
    std::string text;                 // every file's text, root first, for the manifest
    RunSettings run;
    PopulationSource population;
    bool demography = true;
    bool gp_capacity_unlimited = false;
    Parameters parameters;
    std::vector<std::pair<std::string, std::string>> overrides;  // (key, where it was set), in order
};

// Loads and validates a scenario file and its `extends` chain, then applies `--set key=value`
// overrides. Problems are collected (all of them), never thrown.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& set_overrides,
                       Problems& problems);

// Scenario from defaults only (tests, benchmarks).
Scenario default_scenario();

}  // namespace pcnsim
