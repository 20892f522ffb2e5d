// Social network benchmark: build time and memory of the households and community-ties graphs
// (sim/network/social_network.hpp) for given list sizes.
//
//   build/release/bench/network_build [--agents N[,N...]]
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "sim/network/social_network.hpp"
#include "sim/scenario/scenario.hpp"

using namespace pcnsim;

int main(int argc, char** argv) {
    std::vector<long> agents{45000, 5000000};
    for (int i = 1; i + 1 < argc; i += 2)
        if (!std::strcmp(argv[i], "--agents")) {
            agents.clear();
            std::stringstream in(argv[i + 1]);
            for (std::string item; std::getline(in, item, ',');) agents.push_back(std::stol(item));
        }
    fmt::print("{:>10} {:>12} {:>16} {:>16} {:>14} {:>14}\n", "agents", "build s", "household ties", "community ties",
               "graph bytes", "bytes/agent");
    for (long n : agents) {
        Scenario s = default_scenario();
        s.population.synthetic.list_size = static_cast<int>(n);
        s.population.synthetic.practices = static_cast<int>(std::max(1L, n / 7500));
        const PopulationModel model(s.parameters);
        Problems problems;
        const auto practices = build_practice_profiles(s, model, problems);
        const auto population = synthesise_population(practices, model, {s.run.seed, 0});
        const auto start = std::chrono::steady_clock::now();
        const auto network = build_social_network(population, NetworkModel(s.parameters), {s.run.seed, 0});
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        fmt::print("{:>10} {:>12.2f} {:>16} {:>16} {:>14} {:>14.1f}\n", n, seconds, num_edges(network.households) / 2,
                   num_edges(network.community) / 2, network.bytes(), static_cast<double>(network.bytes()) / static_cast<double>(n));
    }
    return 0;
}
