#pragma once
// The week's processes. Each lives in its own file, named after it; registry.cpp orders them.
#include <cmath>
#include <memory>
#include <vector>

#include "sim/core/process.hpp"
#include "sim/population/population.hpp"
#include "sim/scenario/scenario.hpp"

namespace pcnsim {

// What a process may read when it is built: the resolved scenario, the attribute model (for new
// registrations), the initial population (for normalising rates) and the social network.
struct SocialNetwork;
struct PatientExtractRows;
struct ConfoundingFits;

struct ModelSetup {
    const Scenario& scenario;
    const PopulationModel& model;
    const Population& population;
    const SocialNetwork* network = nullptr;  // when the scenario builds one ([network] enabled)
    PatientExtractRows* patient_extract = nullptr;  // when the run writes the patient extract (patient_extract.hpp)
    // The activation-use trait's loading per service (activation_confounding.hpp), derived once per
    // run from the parameters and shared by both arms' rates.
    const ConfoundingFits* confounding = nullptr;
};


// Weekly probability equivalent to an annual one (constant hazard within the year).
inline double weekly_probability(double annual) { return 1.0 - std::pow(1.0 - annual, 1.0 / 52.0); }
// Weekly AR(1) coefficient giving `annual` autocorrelation at lag 52 weeks.
inline double weekly_autocorrelation(double annual) { return std::pow(annual, 1.0 / 52.0); }

}  // namespace pcnsim
