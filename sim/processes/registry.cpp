#include "sim/processes/processes.hpp"

namespace pcnsim {

WeekPlan week_plan(const ModelSetup& setup) {
    WeekPlan plan;
    if (setup.scenario.demography) plan.shared_first.push_back(make_demography(setup));
    for (auto* arm : {&plan.scenario_arm, &plan.counterfactual_arm}) {
        auto& week = *arm;
        week.push_back(make_activation_drift(setup));
        week.push_back(make_gp_demand(setup));
        week.push_back(make_gp_capacity(setup));
        week.push_back(make_acute_care(setup));
        week.push_back(make_accounting(setup));
    }
    plan.shared_last.push_back(make_service_propensity(setup));  // next week's propensity
    return plan;
}

}  // namespace pcnsim
