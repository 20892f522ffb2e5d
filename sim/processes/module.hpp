#pragma once
// A module of the model: its self-description (sim/core/module.hpp) and how it takes part in the
// week — in which arms, at which position, when the scenario includes it, and how its process is
// built. One module per file, named after it; the registry (registry.cpp) lists them.
#include <memory>
#include <string_view>
#include <vector>

#include "sim/core/module.hpp"
#include "sim/processes/processes.hpp"

namespace pcnsim {

struct CoachingService;

// Which arms run the module's process each week. The counterfactual never has a coaching pathway.
enum class Placement {
    declarations_only,  // declares parameters, columns or counters that other modules use; no process
    before_arms,        // once, shared by both arms, before them (demography)
    each_arm,           // in each arm, on that arm's state
    coaching_arm,       // in the scenario arm only, when the scenario has a coaching pathway
    after_arms,         // once, shared by both arms, after them (next week's propensity)
};

// What a module's process may read when it is built for one arm.
struct ArmSetup {
    const ModelSetup& model;
    bool coaching = false;  // this arm has a coaching pathway
    // The coaching pathway's shared state (waiting list, coach capacity), one per arm.
    std::shared_ptr<CoachingService> coaching_service;
    bool counterfactual = false;  // the no-coaching counterfactual arm
};

struct Module {
    ModuleDeclaration declaration = {};
    Placement placement = Placement::declarations_only;
    // Position in the week: modules run in increasing order within their placement. Gaps are left
    // so that a new module can go between two others.
    int week_order = 0;
    bool (*included)(const Scenario&) = nullptr;  // null: always, when its placement applies
    std::unique_ptr<Process> (*make)(const ArmSetup&) = nullptr;
};

// Every module of the model, in catalogue order (parameters, streams and metrics are assembled in
// this order; a parameter's position keys its PSA draws, so new modules go at the end).
const std::vector<const Module*>& model_modules();

// Whether the scenario arm has a coaching pathway (the coaching_arm placement).
bool has_coaching_pathway(const Scenario& scenario);
// The coaching pathway's shared state for one arm (coaching_service.hpp).
std::shared_ptr<CoachingService> make_coaching_service(const Scenario& scenario);

// Adds a module for as long as the registration lives (tests); the catalogue is rebuilt on both
// ends. Register before making Parameters, scenarios or simulations (they are sized by the
// catalogue in force), from one thread, with a Module of static lifetime, and end registrations in
// reverse order.
class ModuleRegistration {
public:
    explicit ModuleRegistration(const Module& module);
    ~ModuleRegistration();
    ModuleRegistration(const ModuleRegistration&) = delete;
    ModuleRegistration& operator=(const ModuleRegistration&) = delete;

private:
    const Module* module_;
};


}  // namespace pcnsim
