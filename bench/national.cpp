// National-scale benchmark: a scenario file run end to end by the engine (population synthesis,
// both arms, merging into per-PCN and national groups), without writing outputs. Agent-weeks count
// both arms, warm-up included: agents x (warm-up + weeks) x 2 x replications.
//
//   build/release/bench/national [--scenario FILE] [--pcns N] [--threads T[,T...]] [--replications R] [--weeks W]
//
// Default: scenarios/national/synthetic-england.toml (1,250 PCNs, 63 million patients, 5 years).
// --pcns N runs N PCNs only (a smaller country of the same make-up); the national wall time is then
// extrapolated in proportion to the full scenario's patients, which holds because PCNs are
// independent units of work and the time per agent-week does not depend on how many there are.
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "sim/engine/ensemble.hpp"

using namespace pcnsim;
using namespace pcnsim::bench;

namespace {

// Patients of every PCN of the full scenario, from the PCN profiles alone (no synthesis).
double national_agents(const Scenario& full) {
    Problems problems;
    double n = 0;
    for (const auto& pcn : build_pcn_profiles(full, PopulationModel(full.parameters), problems))
        for (const auto& p : pcn.practices)
            for (const auto& sex : p.counts)
                for (auto c : sex) n += c;
    return n;
}

}  // namespace

int main(int argc, char** argv) {
    std::string path = "scenarios/national/synthetic-england.toml";
    std::vector<long> threads{1, 2};
    std::vector<std::string> sets;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--scenario")) path = argv[i + 1];
        else if (!std::strcmp(argv[i], "--threads")) threads = parse_list(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--pcns")) sets.push_back(fmt::format("population.pcns={}", argv[i + 1]));
        else if (!std::strcmp(argv[i], "--replications")) sets.push_back(fmt::format("run.replications={}", argv[i + 1]));
        else if (!std::strcmp(argv[i], "--weeks")) sets.push_back(fmt::format("run.weeks={}", argv[i + 1]));
    }
    Problems problems;
    const Scenario full = load_scenario(path, {}, problems);
    Scenario scenario = load_scenario(path, sets, problems);
    if (!problems.empty()) {
        for (const auto& p : problems) fmt::print(stderr, "{}\n", p.to_string());
        return 2;
    }
    fmt::print("{}: {} PCN(s) of {}, {} + {} weeks, {} replication(s)\n", path, scenario.population.synthetic.pcns,
               full.population.synthetic.pcns, scenario.run.warmup_weeks, scenario.run.weeks, scenario.run.replications);
    fmt::print("{:>7} {:>12} {:>14} {:>10} {:>14} {:>12} {:>13} {:>16}\n", "threads", "agents", "agent-weeks", "wall s",
               "agent-weeks/s", "bytes/agent", "peak RSS MiB", "national wall s");
    for (long t : threads) {
        scenario.run.threads = static_cast<int>(t);
        reset_peak_rss();
        const RunResult run = run_scenario(scenario);
        const double agent_weeks = static_cast<double>(run.agents) * (scenario.run.warmup_weeks + scenario.run.weeks) * 2.0 *
                                   scenario.run.replications;
        const double scale = national_agents(full) / static_cast<double>(run.agents);
        // bytes/agent: the agent store plus the engine's carried uniform (4 bytes per patient).
        fmt::print("{:>7} {:>12} {:>14.4g} {:>10.2f} {:>14.3g} {:>12} {:>13.0f} {:>16.0f}\n", t, run.agents, agent_weeks,
                   run.wall_seconds, agent_weeks / run.wall_seconds, run.bytes_per_agent + 4, peak_rss_kib() / 1024.0,
                   run.wall_seconds * scale);
    }
    return 0;
}
