#pragma once
// The simulation of one unit of work (one PCN, one replication, one parameter set): draw the
// population, build the week's processes from the registry and step week by week, both arms.
// Parallelism lives here and in the ensemble (blocks of agents, practices), never in model code.
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/core/tally.hpp"
#include "sim/network/social_network.hpp"
#include "sim/population/population.hpp"
#include "sim/processes/activation_confounding.hpp"
#include "sim/processes/patient_extract.hpp"
#include "sim/scenario/scenario.hpp"

namespace pcnsim {

enum class Arm { scenario = 0, counterfactual = 1 };

// One unit's simulation: the ensemble steps it through warm-up and horizon; tests and benchmarks
// step it themselves to inspect agents between weeks.
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
    RunTotals run_totals() const;  // every process's whole-run totals, so far
    Population& population() { return population_; }
    const SocialNetwork* network() const { return network_.get(); }  // null unless [network] enabled
    // The patient extract's rows so far (empty unless run.patient_extract), handed over.
    PatientExtractRows take_patient_rows();

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
    std::unique_ptr<PatientExtractRows> extract_;  // run.patient_extract only
    ConfoundingFits confounding_;                 // before impl_: the processes read it when built
    Impl* impl_;
};

}  // namespace pcnsim
