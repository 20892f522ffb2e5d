#pragma once
// Runs a scenario: every unit of work (PSA draw x replication x PCN) is one Simulation; the units
// are dealt out to threads (and, through RunControl, to MPI ranks) and their weekly counters are
// merged into the run's replications.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/core/tally.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/scenario/scenario.hpp"

namespace pcnsim {

struct ReplicationResult {
    std::vector<std::vector<CounterSet>> weeks;                 // reported weeks x groups (engine/groups.hpp)
    std::vector<std::vector<CounterSet>> counterfactual_weeks;  // the same for the no-coaching arm
    int draw = 0;                                               // PSA parameter draw (0 without PSA)
    // The patient extract (run.patient_extract): every PCN's rows, in no set order (the writer sorts).
    PatientExtractRows patients;
    RunTotals totals;  // whole-run totals of the processes (tally.hpp), summed over PCNs like the counters

    const std::vector<std::vector<CounterSet>>& arm(Arm a) const { return a == Arm::scenario ? weeks : counterfactual_weeks; }
};

struct RunResult {
    Scenario scenario;
    std::vector<std::string> practice_codes;        // every PCN's practices, PCN by PCN
    std::vector<std::uint32_t> practice_list_sizes;
    // PCNs of the run. With more than one, the output groups are PCNs rather than practices
    // (engine/groups.hpp): a PCN's weekly counters go to its PCN group and to every aggregate.
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

// Appends one unit's (or partial run's) patient-extract rows.
void append_patient_rows(PatientExtractRows& into, const PatientExtractRows& from);

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

int resolve_threads(int requested);

}  // namespace pcnsim
