// The model's modules, in catalogue order. Adding a pathway: write its module file (see
// docs/architecture.md), declare its module function below and add it to the list. Parameters,
// streams and metrics are assembled in this order and a parameter's position keys its PSA draws,
// so a new module goes at the end; where it runs in the week is its own declaration (week_order).
#include <algorithm>
#include <stdexcept>

#include "sim/core/catalogue.hpp"
#include "sim/network/social_network.hpp"
#include "sim/population/population_shapes.hpp"
#include "sim/processes/module.hpp"

namespace pcnsim {

const Module& run_settings_module();
const Module& demography_module();
const Module& activation_drift_module();
const Module& service_propensity_module();
const Module& gp_demand_module();
const Module& gp_capacity_module();
const Module& acute_care_module();
const Module& unit_costs_module();
const Module& gp_contacts_module();
const Module& case_finding_module();
const Module& coaching_uptake_module();
const Module& coaching_delivery_module();
const Module& social_network_as_module();
const Module& buddy_pairing_module();
const Module& spillover_module();
const Module& risk_stratification_module();
const Module& accounting_module();
const Module& population_shapes_as_module();
const Module& coaching_review_module();

namespace {
std::vector<const Module*>& module_list() {
    static std::vector<const Module*> list = {
        &run_settings_module(),
        &demography_module(),
        &activation_drift_module(),
        &service_propensity_module(),
        &gp_demand_module(),
        &gp_capacity_module(),
        &acute_care_module(),
        &unit_costs_module(),
        &gp_contacts_module(),
        &case_finding_module(),
        &coaching_uptake_module(),
        &coaching_delivery_module(),
        &social_network_as_module(),
        &buddy_pairing_module(),
        &spillover_module(),
        &risk_stratification_module(),
        &accounting_module(),
        // Declarations that were named constants (issue 13): appended, so no earlier PSA draw moves.
        &population_shapes_as_module(),
        &coaching_review_module(),
    };
    return list;
}
}  // namespace

// [run]: belongs to the engine and the ensemble rather than to a process.
const Module& run_settings_module() {
    static const Module m{.declaration = {
        .name = "run",
        .purpose = "run settings: horizon, warm-up, seed, replications, PSA draws and threads",
        .sections = {{"run", "run settings", {
            {"weeks", KeyType::integer, "reported weeks, after the warm-up"},
            {"warmup_weeks", KeyType::integer, "weeks simulated before reporting (fills 12-month histories)"},
            {"seed", KeyType::integer, "the random-number seed"},
            {"replications", KeyType::integer, "paired replications"},
            {"psa_draws", KeyType::integer, "parameter draws from the priors (0: the scenario's values only)"},
            {"threads", KeyType::integer, "0 = all cores"},
        }}},
    }};
    return m;
}

// The network lives in sim/network, below the processes; its declaration joins the list here.
const Module& social_network_as_module() {
    static const Module m{.declaration = social_network_module()};
    return m;
}

// The population model's shapes live in sim/population, below the processes, like the network.
const Module& population_shapes_as_module() {
    static const Module m{.declaration = population_shapes_module()};
    return m;
}

const std::vector<const Module*>& model_modules() { return module_list(); }

std::vector<const ModuleDeclaration*> model_module_declarations() {
    std::vector<const ModuleDeclaration*> out;
    for (const auto* m : module_list()) out.push_back(&m->declaration);
    return out;
}

ModuleRegistration::ModuleRegistration(const Module& module) : module_(&module) {
    module_list().push_back(module_);
    try {
        rebuild_catalogue();
    } catch (...) {
        module_list().pop_back();
        rebuild_catalogue();
        throw;
    }
}

ModuleRegistration::~ModuleRegistration() {
    auto& list = module_list();
    list.erase(std::remove(list.begin(), list.end(), module_), list.end());
    rebuild_catalogue();
}

// The scenario arm has a coaching pathway when the scenario has a [coaching] section (coaches,
// referral, case finding) or only trains clinicians in coaching skills or brief interventions
// (contact gains without referral: CoachingService::offers_coaching).
bool has_coaching_pathway(const Scenario& s) {
    return s.coaching.present || s.parameters.get("skills.share_clinicians_trained") > 0 ||
           s.parameters.get("brief_intervention.share_of_appointments") > 0;
}

}  // namespace pcnsim
