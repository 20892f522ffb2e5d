#pragma once
// Runs a scenario: for each replication, draw the population, build the week's processes from the
// registry and step through warm-up and horizon. Parallelism lives here (blocks of agents,
// practices), never in model code.
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/tally.hpp"
#include "sim/network/social_network.hpp"
#include "sim/population/population.hpp"
#include "sim/scenario/scenario.hpp"

namespace pcnsim {

enum class Arm { scenario = 0, counterfactual = 1 };

struct ReplicationResult {
    std::vector<std::vector<CounterSet>> weeks;                 // reported weeks x groups (output/groups.hpp)
    std::vector<std::vector<CounterSet>> counterfactual_weeks;  // the same for the no-coaching arm
    int draw = 0;                                               // PSA parameter draw (0 without PSA)

    const std::vector<std::vector<CounterSet>>& arm(Arm a) const { return a == Arm::scenario ? weeks : counterfactual_weeks; }
};

struct RunResult {
    Scenario scenario;
    std::vector<std::string> practice_codes;        // every PCN's practices, PCN by PCN
    std::vector<std::uint32_t> practice_list_sizes;
    // PCNs of the run. With more than one, the output groups are PCNs rather than practices
    // (output/groups.hpp): a PCN's weekly counters go to its PCN group and to every aggregate.
    std::vector<std::string> pcn_codes;
    std::vector<std::uint32_t> pcn_list_sizes;
    std::vector<ReplicationResult> replications;   // draw-major: draw d, replication r at d x R + r
    std::vector<Parameters> psa_parameters;         // one set per PSA draw (the scenario's own without PSA)
    std::size_t agents = 0;
    std::size_t bytes_per_agent = 0;
    double wall_seconds = 0;
    int threads = 0;
    bool cancelled = false;
    // Units of work (draw, replication, PCN; PCN fastest) whose weeks are in `replications`. All are
    // done in a complete run; a cancelled run or one MPI rank's share has some. Counters are sums
    // over units, so partial results add up to the complete one (add_partial_run).
    std::vector<char> units_done;
};

// Adds another partial result of the same scenario (other units) into `into`.
void add_partial_run(RunResult& into, const RunResult& from);

struct RunControl {
    // Weeks done over all replications and PCNs; called from one thread at a time, any thread.
    std::function<void(long done, long total)> progress;
    const std::atomic<bool>* cancel = nullptr;
    const RunResult* resume_from = nullptr;  // an interrupted run of the same scenario: its done units are kept
    int unit_stride = 1, unit_offset = 0;    // run only units u with u % stride == offset (one MPI rank's share)
    // Run inside another parallel loop (calibration evaluates many runs side by side): share its
    // threads instead of setting the process-wide limit from run.threads, which would throttle them all.
    bool nested = false;
    // Only the scenario arm is simulated (calibration compares it with service data); the
    // counterfactual arm's weeks are then zeros. The scenario arm is the same either way.
    bool scenario_arm_only = false;
};

// Throws InputError when the population files have problems.
RunResult run_scenario(const Scenario& scenario, const RunControl& control = {});

// One replication's simulation, exposed for tests and benchmarks that inspect agents between weeks.
class Simulation {
public:
    Simulation(const Scenario& scenario, const std::vector<PracticeProfile>& practices, std::uint32_t replication,
               std::uint32_t pcn = 0);
    ~Simulation();
    void step_week();  // runs the next week, both arms, and collapses their tallies into groups
    void skip_counterfactual(bool skip) { skip_counterfactual_ = skip; }
    const std::vector<CounterSet>& last_week_groups(Arm arm = Arm::scenario) const {
        return last_groups_[static_cast<std::size_t>(arm)];
    }
    int week() const { return week_; }
    Population& population() { return population_; }
    const SocialNetwork* network() const { return network_.get(); }  // null unless [network] enabled

private:
    struct Impl;
    const Scenario& scenario_;
    PopulationModel model_;
    Population population_;
    RunKey key_;
    int week_ = 0;
    bool skip_counterfactual_ = false;
    std::array<std::vector<CounterSet>, 2> last_groups_;
    std::unique_ptr<SocialNetwork> network_;  // built before the processes that read it
    Impl* impl_;
};

int resolve_threads(int requested);

}  // namespace pcnsim
