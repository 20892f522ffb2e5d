#pragma once
// The week's plan, assembled from the model's modules (sim/processes/module.hpp): processes that do
// not depend on coaching (demography, the propensity update) run once and are shared by both arms;
// each arm has its own instances of the rest, the counterfactual's without the coaching pathway.
// Assembly checks the modules' contracts on the week's order: a field of the week read before any
// module writes it, or a uniform slot drawn outside the pass that fills it, is a ContractError.
#include <memory>
#include <string>
#include <vector>

#include "sim/core/process.hpp"
#include "sim/processes/processes.hpp"

namespace pcnsim {

struct WeekPlan {
    std::vector<std::unique_ptr<Process>> shared_first;
    std::vector<std::unique_ptr<Process>> scenario_arm;
    std::vector<std::unique_ptr<Process>> counterfactual_arm;
    std::vector<std::unique_ptr<Process>> shared_last;
};

// Throws ContractError listing week_contract_problems when there are any.
WeekPlan week_plan(const ModelSetup& setup);
// What in the plan's order breaks a module's declared contract (empty when nothing does).
std::vector<std::string> week_contract_problems(const WeekPlan& plan);

// The week's order for one arm as module names, for `pcnsim modules` and the docs.
std::vector<std::string> week_order_names(const Scenario& scenario, bool coaching_arm);

}  // namespace pcnsim
