#include "sim/processes/processes.hpp"

namespace pcnsim {

std::vector<std::unique_ptr<Process>> week_processes(const ModelSetup& setup) {
    std::vector<std::unique_ptr<Process>> week;
    if (setup.scenario.demography) week.push_back(make_demography(setup));
    week.push_back(make_activation_drift(setup));
    week.push_back(make_gp_demand(setup));
    week.push_back(make_gp_capacity(setup));
    week.push_back(make_acute_care(setup));
    week.push_back(make_accounting(setup));
    week.push_back(make_service_propensity(setup));  // next week's propensity
    return week;
}

}  // namespace pcnsim
