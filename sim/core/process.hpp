#pragma once
// What every process of the week sees. Model code gets a range of agents and a tally; it never sees
// threads, files or the CLI.
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "sim/core/agent_store.hpp"
#include "sim/core/module.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/tally.hpp"
#include "sim/core/weekly_uniforms.hpp"

namespace pcnsim {

struct PracticeProfile;

struct WeekContext {
    int week = 0;           // from the start of the warm-up: the RNG key
    int reported_week = 0;  // week - warm-up; negative during the warm-up
    RunKey key;
    AgentStore& agents;
    const std::vector<PracticeProfile>& practices;
    // For processes shared by both arms: the counterfactual arm's state (the store holds the
    // scenario arm's), so that events are counted in each arm's own PAM-level group.
    const ArmState* counterfactual = nullptr;
};

// Per-thread working state a process writes into: the week's counters and the block's uniforms.
// A process shared by both arms counts each event in `tally` (scenario arm) and in
// `counterfactual_tally`; every other process uses `tally` only.
struct ThreadScratch {
    explicit ThreadScratch(std::size_t practices) : tally(practices), counterfactual_tally(practices) {}
    Tally tally;
    Tally counterfactual_tally;
    WeeklyUniforms uniforms;
};

struct AgentRange {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    int practice = -1;  // set for per-practice processes
};

class Process {
public:
    // per_agent: called on fixed blocks of agents in parallel; consecutive per-agent processes are
    // fused into one pass over each block. per_practice: called once per practice with its agents,
    // after every earlier process has finished the week (a barrier). per_pcn: called once with all
    // agents (a barrier), for decisions that rank or queue patients across the PCN.
    enum class Kind { per_agent, per_practice, per_pcn };

    virtual ~Process() = default;
    virtual Kind kind() const { return Kind::per_agent; }
    // Whether the process reads the weekly uniform slots (weekly_uniforms.hpp), as its module
    // declares; the engine generates them only for passes that do.
    bool reads_weekly_uniforms() const { return module != nullptr && !module->slots.empty(); }
    virtual void step(const WeekContext& ctx, AgentRange agents, ThreadScratch& scratch) = 0;
    // Adds the process's whole-run totals (tally.hpp, RunTotals), after the unit's last week.
    virtual void add_run_totals(RunTotals&) const {}

    // The module it belongs to (its name, slots and fields): set when the week is assembled.
    const ModuleDeclaration* module = nullptr;
};


}  // namespace pcnsim
