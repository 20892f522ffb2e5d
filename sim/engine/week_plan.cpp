#include "sim/engine/week_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sim/core/catalogue.hpp"
#include "sim/processes/module.hpp"

namespace pcnsim {

namespace {

using Segment = std::vector<std::unique_ptr<Process>>;

// The modules of one placement that the scenario includes, in week order.
std::vector<const Module*> modules_at(Placement placement, const Scenario& scenario) {
    std::vector<const Module*> out;
    for (const auto* m : model_modules())
        if (m->placement == placement && (!m->included || m->included(scenario))) out.push_back(m);
    std::stable_sort(out.begin(), out.end(), [](const Module* a, const Module* b) { return a->week_order < b->week_order; });
    return out;
}

// The modules of one arm's week, shared ones included, in the order they run.
std::vector<const Module*> arm_modules(const Scenario& scenario, bool coaching) {
    auto week = modules_at(Placement::each_arm, scenario);
    if (coaching) {
        auto extra = modules_at(Placement::coaching_arm, scenario);
        week.insert(week.end(), extra.begin(), extra.end());
        std::stable_sort(week.begin(), week.end(), [](const Module* a, const Module* b) { return a->week_order < b->week_order; });
    }
    return week;
}

Segment build(const std::vector<const Module*>& modules, ArmSetup& setup) {
    Segment out;
    for (const auto* m : modules) {
        if (!m->make) throw ContractError(fmt::format("module '{}' runs in the week but builds no process", m->declaration.name));
        auto p = m->make(setup);
        p->module = &m->declaration;
        out.push_back(std::move(p));
    }
    return out;
}

// A field of the week must be written earlier in the same week than any module reads it.
void check_fields(const std::vector<const Segment*>& week, std::string_view arm, std::vector<std::string>& problems) {
    std::set<std::string_view> written;
    for (const auto* segment : week)
        for (const auto& p : *segment) {
            for (const auto field : p->module->reads)
                if (!written.count(field))
                    problems.push_back(fmt::format("{}: module '{}' reads '{}' before any module writes it this week", arm,
                                                   p->module->name, field));
            written.insert(p->module->writes.begin(), p->module->writes.end());
        }
}

// Slots other than acute care are filled for the segment's first per-agent pass only; the acute-care
// word is carried to later passes of the same segment (weekly_uniforms.hpp).
void check_slots(const Segment& segment, std::vector<std::string>& problems) {
    // Which processes make up the first per-agent pass (fused consecutive per-agent processes).
    std::vector<char> first_pass(segment.size(), 0);
    std::size_t k = 0;
    while (k < segment.size() && segment[k]->kind() != Process::Kind::per_agent) ++k;
    const std::size_t first = k;
    for (; k < segment.size() && segment[k]->kind() == Process::Kind::per_agent; ++k) first_pass[k] = 1;
    bool fills = false;
    for (std::size_t i = 0; i < segment.size(); ++i) fills = fills || (first_pass[i] && segment[i]->reads_weekly_uniforms());
    for (std::size_t i = 0; i < segment.size(); ++i)
        for (const auto slot : segment[i]->module->slots) {
            const auto& name = segment[i]->module->name;
            if (slot != Slot::acute_care && !first_pass[i])
                problems.push_back(fmt::format("module '{}' draws uniform slot {} outside the week's first per-agent pass, the only one that fills it",
                                               name, static_cast<int>(slot)));
            if (slot == Slot::acute_care && (!fills || i < first))
                problems.push_back(fmt::format("module '{}' draws the carried acute-care slot before any pass fills it", name));
        }
}

}  // namespace

WeekPlan week_plan(const ModelSetup& setup) {
    const auto& scenario = setup.scenario;
    WeekPlan plan;
    ArmSetup shared{setup, false, nullptr, false};
    plan.shared_first = build(modules_at(Placement::before_arms, scenario), shared);
    const bool coaching = has_coaching_pathway(scenario);
    ArmSetup scenario_arm{setup, coaching, coaching ? make_coaching_service(scenario) : nullptr, false};
    plan.scenario_arm = build(arm_modules(scenario, coaching), scenario_arm);
    ArmSetup counterfactual_arm{setup, false, nullptr, true};
    plan.counterfactual_arm = build(arm_modules(scenario, false), counterfactual_arm);
    plan.shared_last = build(modules_at(Placement::after_arms, scenario), shared);

    const auto problems = week_contract_problems(plan);
    if (!problems.empty()) {
        std::string message = "the week's order breaks a module's contract:";
        for (const auto& p : problems) message += "\n  " + p;
        throw ContractError(message);
    }
    return plan;
}

std::vector<std::string> week_contract_problems(const WeekPlan& plan) {
    std::vector<std::string> problems;
    check_fields({&plan.shared_first, &plan.scenario_arm}, "scenario arm", problems);
    check_fields({&plan.shared_first, &plan.counterfactual_arm}, "counterfactual arm", problems);
    // After the arms, a field of this week holds whichever arm ran last: only fields written
    // before the arms (shared by both) may be read there.
    check_fields({&plan.shared_first, &plan.shared_last}, "after the arms", problems);
    for (const auto* segment : {&plan.shared_first, &plan.scenario_arm, &plan.counterfactual_arm, &plan.shared_last})
        check_slots(*segment, problems);
    return problems;
}

std::vector<std::string> week_order_names(const Scenario& scenario, bool coaching_arm) {
    std::vector<std::string> names;
    const bool coaching = coaching_arm && has_coaching_pathway(scenario);
    for (const auto& list : {modules_at(Placement::before_arms, scenario), arm_modules(scenario, coaching),
                             modules_at(Placement::after_arms, scenario)})
        for (const auto* m : list) names.emplace_back(m->declaration.name);
    return names;
}

}  // namespace pcnsim
