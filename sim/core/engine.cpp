#include "sim/core/engine.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <chrono>
#include <memory>
#include <thread>

#include "sim/core/parallel.hpp"
#include "sim/output/groups.hpp"
#include "sim/processes/processes.hpp"

namespace pcnsim {

struct Simulation::Impl {
    // Consecutive per-agent processes are fused into one pass over each block of agents (the block
    // stays in cache); a per-practice process is a barrier.
    struct Phase {
        Process::Kind kind;
        std::vector<Process*> processes;
    };
    std::vector<std::unique_ptr<Process>> owned;
    std::vector<Phase> phases;
    tbb::enumerable_thread_specific<Worker> workers;
    std::vector<std::uint32_t> carried_uniforms;  // weekly_uniforms.hpp: the acute-care word per patient

    explicit Impl(std::size_t practices) : workers([practices] { return Worker(practices); }) {}

    void plan(std::vector<std::unique_ptr<Process>> week) {
        owned = std::move(week);
        for (auto& p : owned) {
            if (phases.empty() || phases.back().kind != p->kind() || p->kind() == Process::Kind::per_practice)
                phases.push_back({p->kind(), {}});
            phases.back().processes.push_back(p.get());
        }
    }
};

Simulation::Simulation(const Scenario& scenario, const std::vector<PracticeProfile>& practices, std::uint32_t replication)
    : scenario_(scenario),
      model_(scenario.parameters),
      population_(synthesise_population(practices, model_, RunKey{scenario.run.seed, replication})),
      key_{scenario.run.seed, replication},
      total_(practices.size()),
      impl_(new Impl(practices.size())) {
    impl_->plan(week_processes(ModelSetup{scenario_, model_, population_}));
    impl_->carried_uniforms.resize(population_.agents.size());  // the list size never changes
}

Simulation::~Simulation() { delete impl_; }

void Simulation::step_week() {
    for (auto& w : impl_->workers) w.tally.clear();
    WeekContext ctx{week_, week_ - scenario_.run.warmup_weeks, key_, population_.agents, population_.practices};
    bool first_pass = true;
    for (const auto& phase : impl_->phases) {
        if (phase.kind == Process::Kind::per_agent) {
            parallel_for_blocks(population_.agents.size(), kAgentBlock, [&](std::size_t, std::size_t begin, std::size_t end) {
                auto& worker = impl_->workers.local();
                const AgentRange range{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end), -1};
                worker.uniforms.start(key_, static_cast<std::uint32_t>(week_), range.begin, range.end,
                                      impl_->carried_uniforms.data());
                if (first_pass) worker.uniforms.fill();
                for (auto* p : phase.processes) p->step(ctx, range, worker);
            });
            first_pass = false;
        } else {
            tbb::parallel_for(std::size_t{0}, population_.practices.size(), [&](std::size_t practice) {
                const auto& profile = population_.practices[practice];
                const AgentRange range{profile.first_agent, profile.first_agent + profile.list_size, static_cast<int>(practice)};
                auto& worker = impl_->workers.local();
                for (auto* p : phase.processes) p->step(ctx, range, worker);
            });
        }
    }
    // Integer counters: the merge gives the same bits in any order.
    total_.clear();
    for (const auto& w : impl_->workers) total_ += w.tally;
    last_groups_ = group_totals(total_);
    ++week_;
}

int resolve_threads(int requested) {
    if (requested > 0) return requested;
    const unsigned hw = std::thread::hardware_concurrency();
    return hw > 0 ? static_cast<int>(hw) : 1;
}

RunResult run_scenario(const Scenario& scenario, const RunControl& control) {
    const auto start = std::chrono::steady_clock::now();
    RunResult result;
    result.scenario = scenario;
    result.threads = resolve_threads(scenario.run.threads);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(result.threads));

    const PopulationModel model(scenario.parameters);
    Problems problems;
    const auto practices = build_practice_profiles(scenario, model, problems);
    if (!problems.empty()) throw InputError{problems};
    for (const auto& p : practices) result.practice_codes.push_back(p.code);

    const int total_weeks = scenario.run.warmup_weeks + scenario.run.weeks;
    const long all_weeks = static_cast<long>(total_weeks) * scenario.run.replications;
    for (int r = 0; r < scenario.run.replications && !result.cancelled; ++r) {
        Simulation sim(scenario, practices, static_cast<std::uint32_t>(r));
        if (r == 0) {
            result.agents = sim.population().agents.size();
            result.bytes_per_agent = sim.population().agents.bytes_per_agent();
            for (const auto& p : sim.population().practices) result.practice_list_sizes.push_back(p.list_size);
        }
        ReplicationResult rep;
        for (int w = 0; w < total_weeks; ++w) {
            if (control.cancel && control.cancel->load()) {
                result.cancelled = true;
                break;
            }
            sim.step_week();
            if (w >= scenario.run.warmup_weeks) rep.weeks.push_back(sim.last_week_groups());
            if (control.progress) control.progress(static_cast<long>(r) * total_weeks + w + 1, all_weeks);
        }
        result.replications.push_back(std::move(rep));
    }
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace pcnsim
