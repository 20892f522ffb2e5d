#pragma once
// Value of information of a comparison with PSA draws (`pcnsim compare ... --psa D --voi`): EVPI per
// decision and for a population, and EVPPI for each varied parameter and for named groups of
// parameters (sim/stats/voi.hpp for the estimators), written to voi.csv.
//
// The decision: coach as each compared scenario does, or not at all. Sample s is PSA draw s: the
// net benefit of a scenario is its value of an economics measure (economics.hpp; already the
// scenario minus its own paired no-coaching run) averaged over the draw's replications, and the
// "no coaching" option has net benefit 0. Averaging replications removes part of the simulation
// noise from every sample; the EVPPI regressions remove the rest, the EVPI does not (voi.hpp).
// The parameters are those the PSA varied in every compared scenario with the same value in each
// (scenarios share PSA draws: a parameter one scenario sets itself is part of that option, not an
// uncertainty).
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/ensemble.hpp"
#include "sim/stats/voi.hpp"

namespace pcnsim {

// The net benefit measure by default: net monetary benefit at GBP 20,000 per QALY, NHS perspective.
inline constexpr const char* kVoiMeasure = "nmb_20000";

// Who takes the decision, for the population rows: `pcns` populations like the simulated one,
// deciding afresh each year for `years` years, discounted at `discount_rate`. The per-decision
// value covers the simulated horizon, so a year's value is taken as that over the horizon's years
// (value of information accrues as evenly as the runs' net benefit does): population =
// per decision / horizon years x population_evpi_factor(pcns, years, discount_rate).
struct VoiPopulation {
    double pcns = 1;
    int years = 5;
    double discount_rate = 0.035;
};

// A named group of parameters: those whose names start with `prefix` and contain `contains` (empty:
// any). A parameter may match rules of several groups.
struct VoiGroupRule {
    const char* group;
    const char* prefix;
    const char* contains;
};
const std::vector<VoiGroupRule>& voi_group_rules();
// The groups in the order of their first rule.
std::vector<std::string> voi_group_names();
bool in_voi_group(std::string_view group, std::string_view parameter);

struct VoiRow {
    std::string measure;             // evpi or evppi
    std::string net_benefit_measure;
    std::string scope;               // per_decision or population
    std::string parameter_or_group;  // "all" for EVPI
    std::vector<std::string> parameters;
    std::optional<VoiEstimate> estimate = {};  // none where there are too few draws for the group
    std::string unit;
    int draws = 0;
    bool group = false;
    std::string note = {};  // why there is no estimate
};

// Net benefit per draw: draws x (1 + runs), column 0 "no coaching" (0). Throws std::invalid_argument
// when the runs have fewer than 2 draws or different numbers, or the measure is unknown or
// undefined in a replication (e.g. ROI without coaching costs).
Eigen::MatrixXd voi_net_benefit(const std::vector<RunResult>& runs, const std::string& measure);

// EVPI, then each group, then each parameter from the highest EVPPI down; every row per decision
// and for the population. Throws as voi_net_benefit.
std::vector<VoiRow> voi_table(const std::vector<RunResult>& runs, const std::string& measure, const VoiPopulation& population);

void write_voi_csv(const std::vector<VoiRow>& rows, const std::filesystem::path& path);
// A short table: EVPI and the groups, and the parameters with the highest EVPPI (above 0), per
// decision and for the population.
void print_voi(const std::vector<VoiRow>& rows, std::ostream& out, std::size_t top_parameters = 5);

}  // namespace pcnsim
