#pragma once
// Cost-effectiveness acceptability curves (ceac.csv): at each threshold (GBP per QALY, 0 to 50,000
// in steps of 1,000) the share of runs (PSA draws x replications, or replications) in which each
// scenario is cost-effective against its own no-coaching counterfactual (net monetary benefit above
// 0, NHS perspective), and in which it has the highest net monetary benefit of all the options
// compared, "no coaching" included (its net monetary benefit is 0 by construction). Run k of every
// scenario shares its population, random numbers and PSA draw, so the options are compared run by run.
#include <filesystem>
#include <string>
#include <vector>

#include "sim/engine/ensemble.hpp"

namespace pcnsim {

struct CeacRow {
    double threshold = 0;
    std::string option;  // a scenario's name, or "no coaching"
    double prob_cost_effective = 0;  // for "no coaching": the share of runs in which no scenario is
    double prob_highest_nmb = 0;
};

inline constexpr const char* kNoCoaching = "no coaching";

// Rows threshold by threshold, options in the order given, then "no coaching".
std::vector<CeacRow> ceac(const std::vector<RunResult>& runs);

void write_ceac(const std::vector<RunResult>& runs, const std::filesystem::path& path);

}  // namespace pcnsim
