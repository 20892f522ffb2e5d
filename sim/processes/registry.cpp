#include "sim/processes/coaching_service.hpp"
#include "sim/processes/processes.hpp"

namespace pcnsim {

namespace {
// The counterfactual arm never has a coaching pathway. The scenario arm has one when the scenario
// has a [coaching] section (coaches, referral, case finding) or only trains clinicians in coaching
// skills or brief interventions (contact gains without referral: CoachingService::offers_coaching).
bool has_coaching_pathway(const Scenario& s) {
    return s.coaching.present || s.parameters.get("skills.share_clinicians_trained") > 0 ||
           s.parameters.get("brief_intervention.share_of_appointments") > 0;
}
}  // namespace

WeekPlan week_plan(const ModelSetup& setup) {
    WeekPlan plan;
    if (setup.scenario.demography) plan.shared_first.push_back(make_demography(setup));
    const auto& network = setup.scenario.network;
    for (auto* arm : {&plan.scenario_arm, &plan.counterfactual_arm}) {
        auto& week = *arm;
        const bool coaching = arm == &plan.scenario_arm && has_coaching_pathway(setup.scenario);
        week.push_back(make_activation_drift(setup, coaching && network.buddies));
        week.push_back(make_gp_demand(setup));
        week.push_back(make_gp_capacity(setup));
        if (coaching) {
            auto service = std::make_shared<CoachingService>(setup.scenario, setup.scenario.parameters);
            week.push_back(make_risk_stratification(service));
            week.push_back(make_gp_contacts(setup, service));     // referral at appointments, self-referral
            if (setup.scenario.targeting.case_finding) week.push_back(make_case_finding(setup, service));  // monthly invitations
            week.push_back(make_coaching_delivery(setup, service));
            if (network.buddies) week.push_back(make_buddy_pairing(setup));
        }
        week.push_back(make_acute_care(setup));
        week.push_back(make_accounting(setup));
    }
    plan.shared_last.push_back(make_service_propensity(setup));  // next week's propensity
    return plan;
}

}  // namespace pcnsim
