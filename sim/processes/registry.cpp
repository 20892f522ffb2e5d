// The model's modules, in catalogue order. Adding a pathway: write its module file (see
// docs/architecture.md) and add one line to the list below. Parameters,
// streams and metrics are assembled in this order and a parameter's position keys its PSA draws,
// so a new module goes at the end; where it runs in the week is its own declaration (week_order).
#include <algorithm>
#include <stdexcept>

#include "sim/core/catalogue.hpp"
#include "sim/network/social_network.hpp"
#include "sim/population/population_shapes.hpp"
#include "sim/processes/module.hpp"

namespace pcnsim {

// The list: one line per module, in catalogue order (a new module goes at the end). Each line
// declares the module's function (NAME_module(), defined in its own file) and puts it in the list.
#define PCNSIM_MODEL_MODULES(MODULE) \
    MODULE(run_settings)             \
    MODULE(demography)               \
    MODULE(activation_drift)         \
    MODULE(service_propensity)       \
    MODULE(gp_demand)                \
    MODULE(gp_capacity)              \
    MODULE(acute_care)               \
    MODULE(unit_costs)               \
    MODULE(gp_contacts)              \
    MODULE(case_finding)             \
    MODULE(coaching_uptake)          \
    MODULE(coaching_delivery)        \
    MODULE(social_network_as)        \
    MODULE(buddy_pairing)            \
    MODULE(spillover)                \
    MODULE(risk_stratification)      \
    MODULE(accounting)               \
    MODULE(population_shapes_as)     \
    MODULE(coaching_review)          \
    MODULE(coaching_cohort)          \
    MODULE(patient_extract)          \
    MODULE(evaluation)               \
    MODULE(valuation)

#define PCNSIM_DECLARE_MODULE(name) const Module& name##_module();
PCNSIM_MODEL_MODULES(PCNSIM_DECLARE_MODULE)

namespace {
std::vector<const Module*>& module_list() {
#define PCNSIM_LIST_MODULE(name) &name##_module(),
    static std::vector<const Module*> list = {PCNSIM_MODEL_MODULES(PCNSIM_LIST_MODULE)};
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
    try {
        rebuild_catalogue();
    } catch (const ContractError&) {
        // Only when registrations end out of order and a later module used this one's counters: the
        // catalogue in force stays (the module's declaration is static, so it stays valid), and a
        // destructor must not throw.
    }
}

// The scenario arm has a coaching pathway when the scenario has a [coaching] section (coaches,
// referral, case finding) or only trains clinicians in coaching skills or brief interventions
// (contact gains without referral: CoachingService::offers_coaching).
bool has_coaching_pathway(const Scenario& s) {
    return s.coaching.present || s.parameters.get("skills.share_clinicians_trained") > 0 ||
           s.parameters.get("brief_intervention.share_of_appointments") > 0;
}

}  // namespace pcnsim
