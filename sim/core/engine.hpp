#pragma once
// Runs a scenario: for each replication, draw the population, build the week's processes from the
// registry and step through warm-up and horizon. Parallelism lives here (blocks of agents,
// practices), never in model code.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "sim/core/tally.hpp"
#include "sim/population/population.hpp"
#include "sim/scenario/scenario.hpp"

namespace pcnsim {

struct ReplicationResult {
    std::vector<std::vector<CounterSet>> weeks;  // reported weeks x groups (see output/groups.hpp)
};

struct RunResult {
    Scenario scenario;
    std::vector<std::string> practice_codes;
    std::vector<std::uint32_t> practice_list_sizes;
    std::vector<ReplicationResult> replications;
    std::size_t agents = 0;
    std::size_t bytes_per_agent = 0;
    double wall_seconds = 0;
    int threads = 0;
    bool cancelled = false;
};

struct RunControl {
    std::function<void(long done, long total)> progress;  // weeks done, over all replications
    const std::atomic<bool>* cancel = nullptr;
};

// Throws InputError when the population files have problems.
RunResult run_scenario(const Scenario& scenario, const RunControl& control = {});

// One replication's simulation, exposed for tests and benchmarks that inspect agents between weeks.
class Simulation {
public:
    Simulation(const Scenario& scenario, const std::vector<PracticeProfile>& practices, std::uint32_t replication);
    ~Simulation();
    void step_week();  // runs the next week and collapses its tally into groups
    const std::vector<CounterSet>& last_week_groups() const { return last_groups_; }
    int week() const { return week_; }
    Population& population() { return population_; }

private:
    struct Impl;
    const Scenario& scenario_;
    PopulationModel model_;
    Population population_;
    RunKey key_;
    int week_ = 0;
    Tally total_;
    std::vector<CounterSet> last_groups_;
    Impl* impl_;
};

int resolve_threads(int requested);

}  // namespace pcnsim
