#include "sim/engine/simulation.hpp"

#include <algorithm>
#include <memory>

#include "sim/core/parallel.hpp"
#include "sim/engine/groups.hpp"
#include "sim/engine/week_plan.hpp"

namespace pcnsim {

struct Simulation::Impl {
    // Consecutive per-agent processes are fused into one pass over each block of agents (the block
    // stays in cache); a per-practice or per-PCN process is a barrier.
    struct Phase {
        Process::Kind kind;
        std::vector<Process*> processes;
    };
    struct Segment {
        std::vector<std::unique_ptr<Process>> owned;
        std::vector<Phase> phases;

        explicit Segment(std::vector<std::unique_ptr<Process>> week) : owned(std::move(week)) {
            for (auto& p : owned) {
                if (phases.empty() || phases.back().kind != p->kind() || p->kind() != Process::Kind::per_agent)
                    phases.push_back({p->kind(), {}});
                phases.back().processes.push_back(p.get());
            }
        }
    };
    using Scratches = PerThread<ThreadScratch>;

    Segment shared_first, scenario_arm, counterfactual_arm, shared_last;
    Scratches shared_workers, scenario_workers, counterfactual_workers;
    std::vector<std::uint32_t> carried_uniforms;  // weekly_uniforms.hpp: the acute-care word per patient
    ArmState parked;                              // the arm whose state is not in the store

    Impl(WeekPlan plan, std::size_t practices)
        : shared_first(std::move(plan.shared_first)),
          scenario_arm(std::move(plan.scenario_arm)),
          counterfactual_arm(std::move(plan.counterfactual_arm)),
          shared_last(std::move(plan.shared_last)),
          shared_workers([practices] { return ThreadScratch(practices); }),
          scenario_workers([practices] { return ThreadScratch(practices); }),
          counterfactual_workers([practices] { return ThreadScratch(practices); }) {}

    void run(const Segment& segment, Scratches& scratches, const WeekContext& ctx) {
        bool first_pass = true;
        auto& agents = ctx.agents;
        for (const auto& phase : segment.phases) {
            if (phase.kind == Process::Kind::per_agent) {
                const bool fill = first_pass && std::any_of(phase.processes.begin(), phase.processes.end(),
                                                            [](const Process* p) { return p->reads_weekly_uniforms(); });
                parallel_for_blocks(agents.size(), kAgentBlock, [&](std::size_t, std::size_t begin, std::size_t end) {
                    auto& scratch = scratches.local();
                    const AgentRange range{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end), -1};
                    scratch.uniforms.start(ctx.key, static_cast<std::uint32_t>(ctx.week), range.begin, range.end, carried_uniforms.data());
                    if (fill) scratch.uniforms.fill();
                    for (auto* p : phase.processes) p->step(ctx, range, scratch);
                });
                first_pass = false;
            } else if (phase.kind == Process::Kind::per_practice) {
                parallel_for_index(std::size_t{0}, ctx.practices.size(), [&](std::size_t practice) {
                    const auto& profile = ctx.practices[practice];
                    const AgentRange range{profile.first_agent, profile.first_agent + profile.list_size, static_cast<int>(practice)};
                    auto& scratch = scratches.local();
                    for (auto* p : phase.processes) p->step(ctx, range, scratch);
                });
            } else {
                auto& scratch = scratches.local();
                for (auto* p : phase.processes) p->step(ctx, AgentRange{0, static_cast<std::uint32_t>(agents.size()), -1}, scratch);
            }
        }
    }

    // A patient registered this week is the same person in both arms.
    void share_new_registrations(const AgentStore& agents, int week) {
        parallel_for_blocks(agents.size(), kAgentBlock, [&](std::size_t, std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i)
                if (agents.registered_week[i] == week) agents.copy_arm_state_to(parked, i);
        });
    }
};

Simulation::Simulation(const Scenario& scenario, const std::vector<PracticeProfile>& practices, std::uint32_t replication,
                       std::uint32_t pcn)
    : scenario_(scenario),
      model_(scenario.parameters),
      population_(synthesise_population(practices, model_, RunKey{scenario.run.seed, replication, pcn})),
      key_{scenario.run.seed, replication, pcn},
      network_(scenario.network.enabled ? std::make_unique<SocialNetwork>(build_social_network(
                                              population_, NetworkModel(scenario.parameters), key_))
                                        : nullptr),
      extract_(scenario.run.patient_extract ? std::make_unique<PatientExtractRows>() : nullptr),
      confounding_(fit_confounding(scenario.parameters, model_)),
      impl_(new Impl(week_plan(ModelSetup{scenario_, model_, population_, network_.get(), extract_.get(), &confounding_}),
                     practices.size())) {
    impl_->carried_uniforms.resize(population_.agents.size());  // the list size never changes
    impl_->parked = population_.agents.arm_state();               // both arms start from the same list
}

Simulation::~Simulation() { delete impl_; }

PatientExtractRows Simulation::take_patient_rows() { return extract_ ? std::move(*extract_) : PatientExtractRows{}; }

void Simulation::step_week() {
    auto& impl = *impl_;
    for (auto* scratches : {&impl.shared_workers, &impl.scenario_workers, &impl.counterfactual_workers})
        scratches->for_each([](ThreadScratch& w) { w.tally.clear(), w.counterfactual_tally.clear(); });
    auto& agents = population_.agents;
    WeekContext ctx{week_, week_ - scenario_.run.warmup_weeks, key_, agents, population_.practices};
    WeekContext shared_ctx = ctx;
    shared_ctx.counterfactual = &impl.parked;
    impl.run(impl.shared_first, impl.shared_workers, shared_ctx);
    if (!impl.shared_first.owned.empty()) impl.share_new_registrations(agents, week_);
    impl.run(impl.scenario_arm, impl.scenario_workers, ctx);
    if (!skip_counterfactual_) {
        std::swap(agents.arm_state(), impl.parked);
        impl.run(impl.counterfactual_arm, impl.counterfactual_workers, ctx);
        std::swap(agents.arm_state(), impl.parked);
    }
    impl.run(impl.shared_last, impl.shared_workers, shared_ctx);
    // Integer counters: the merge gives the same bits in any order.
    const std::size_t practices = population_.practices.size();
    for (int arm = 0; arm < 2; ++arm) {
        Tally total(practices);
        impl.shared_workers.for_each([&](const ThreadScratch& w) { total += arm == 0 ? w.tally : w.counterfactual_tally; });
        (arm == 0 ? impl.scenario_workers : impl.counterfactual_workers).for_each([&](const ThreadScratch& w) { total += w.tally; });
        last_groups_[static_cast<std::size_t>(arm)] = group_totals(total);
    }
    ++week_;
}

RunTotals Simulation::run_totals() const {
    RunTotals totals;
    for (const auto* segment : {&impl_->shared_first, &impl_->scenario_arm, &impl_->counterfactual_arm, &impl_->shared_last})
        for (const auto& p : segment->owned) p->add_run_totals(totals);
    return totals;
}

}  // namespace pcnsim
