// Throughput benchmark: agent-weeks per second and bytes of agent state per agent for the baseline
// week, at given list sizes and thread counts. Every week simulates the scenario and its paired
// counterfactual, and agent-weeks count both arms (an agent-week per patient per arm).
//
//   build/release/bench/throughput [--agents N[,N...]] [--threads T[,T...]] [--weeks W]
//
// Population synthesis is timed separately and excluded from agent-weeks per second.
#include <fmt/format.h>
#include <tbb/global_control.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "sim/engine/simulation.hpp"

using namespace pcnsim;
using pcnsim::bench::parse_list;
using pcnsim::bench::peak_rss_kib;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<long> agents{45000, 5000000}, threads{1, 2};
    int weeks = 52;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--agents")) agents = parse_list(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--threads")) threads = parse_list(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--weeks")) weeks = std::stoi(argv[i + 1]);
    }
    fmt::print("{:>10} {:>7} {:>6} {:>12} {:>16} {:>15} {:>14}\n", "agents", "threads", "weeks", "synthesis s",
               "agent-weeks/s", "bytes/agent", "peak RSS MiB");
    // bytes/agent: the agent store (shared attributes once, per-arm state twice) plus the engine's
    // per-patient carried uniform (4 bytes).
    for (long n : agents)
        for (long t : threads) {
            tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(t));
            Scenario s = default_scenario();
            s.population.synthetic.list_size = static_cast<int>(n);
            s.population.synthetic.practices = static_cast<int>(std::max(1L, n / 7500));
            s.run.warmup_weeks = 0;
            const PopulationModel model(s.parameters);
            Problems problems;
            const auto practices = build_practice_profiles(s, model, problems);
            auto start = std::chrono::steady_clock::now();
            Simulation sim(s, practices, 0);
            const double synthesis = seconds_since(start);
            start = std::chrono::steady_clock::now();
            for (int w = 0; w < weeks; ++w) sim.step_week();
            const double run = seconds_since(start);
            fmt::print("{:>10} {:>7} {:>6} {:>12.2f} {:>16.3e} {:>15} {:>14.0f}\n", n, t, weeks, synthesis,
                       2.0 * static_cast<double>(n) * weeks / run, sim.population().agents.bytes_per_agent() + sizeof(std::uint32_t), peak_rss_kib() / 1024.0);
        }
    return 0;
}
