#pragma once
// Helpers shared by the tests: small scenarios and a simulation that can be stepped week by week.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "sim/engine/ensemble.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/population/population.hpp"
#include "sim/scenario/scenario.hpp"

namespace pcnsim::testing {

inline Scenario small_scenario(int list_size, int practices = 2) {
    Scenario s = default_scenario();
    s.population.synthetic.list_size = list_size;
    s.population.synthetic.practices = practices;
    s.run.warmup_weeks = 0;
    s.run.seed = 12345;
    return s;
}

// A stepped simulation that owns its scenario (Simulation keeps a reference to it).
struct SteppedRun {
    explicit SteppedRun(Scenario s, std::uint32_t replication = 0) : scenario(std::move(s)) {
        const PopulationModel model(scenario.parameters);
        Problems problems;
        const auto practices = build_practice_profiles(scenario, model, problems);
        if (!problems.empty()) throw InputError{problems};
        sim = std::make_unique<Simulation>(scenario, practices, replication);
    }
    AgentStore& agents() { return sim->population().agents; }
    // Steps `weeks` weeks and returns the summed whole-PCN counters.
    CounterSet run(int weeks) {
        CounterSet total;
        for (int w = 0; w < weeks; ++w) {
            sim->step_week();
            total += sim->last_week_groups()[0];
        }
        return total;
    }
    Scenario scenario;
    std::unique_ptr<Simulation> sim;
};

inline std::string source_path(const std::string& relative) { return std::string(PCNSIM_SOURCE_DIR) + "/" + relative; }

// A scenario file of the repository with --set style overrides; it must load without problems.
inline Scenario load_test_scenario(const std::string& relative, const std::vector<std::string>& overrides = {}) {
    Problems problems;
    Scenario s = load_scenario(source_path(relative), overrides, problems);
    REQUIRE_MESSAGE(problems.empty(), (problems.empty() ? "" : problems.front().to_string()));
    return s;
}

// scenarios/tests/small-coaching.toml (multi-risk targeting with case finding, reviews every 4
// weeks) with overrides, warm-up included (histories fill).
inline Scenario coaching_scenario(const std::vector<std::string>& overrides = {}) {
    return load_test_scenario("scenarios/tests/small-coaching.toml", overrides);
}

}  // namespace pcnsim::testing
