#include "sim/engine/ensemble.hpp"

#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "sim/core/parallel.hpp"
#include "sim/engine/groups.hpp"
#include "sim/scenario/psa.hpp"

namespace pcnsim {

int resolve_threads(int requested) {
    if (requested > 0) return requested;
    const unsigned hw = std::thread::hardware_concurrency();
    return hw > 0 ? static_cast<int>(hw) : 1;
}

namespace {

// One PCN of one replication of one parameter set: the unit of work. Units are independent, so they
// run side by side and their results merge into the same bits whatever the order (integer sums).
struct Unit {
    int draw = 0, replication = 0;
    std::size_t pcn = 0;
};

class Ensemble {
public:
    Ensemble(const Scenario& scenario, const RunControl& control, RunResult& result)
        : scenario_(scenario), control_(control), result_(result) {
        const int draws = std::max(1, scenario.run.psa_draws);
        // Replication r of every draw uses the same random numbers (key replication = r), so draws
        // differ by their parameters only.
        result.psa_parameters = scenario.run.psa_draws > 0 ? psa_parameter_draws(scenario, draws) : std::vector<Parameters>{scenario.parameters};
        for (int d = 0; d < draws; ++d) {
            Scenario drawn = scenario;
            drawn.parameters = result.psa_parameters[static_cast<std::size_t>(d)];
            Problems problems;
            pcns_.push_back(build_pcn_profiles(drawn, PopulationModel(drawn.parameters), problems));
            if (!problems.empty()) throw InputError{problems};
            drawn_.push_back(std::move(drawn));
        }
        describe_pcns(pcns_.front());
        result.replications.resize(static_cast<std::size_t>(draws * scenario.run.replications));
        for (std::size_t i = 0; i < result.replications.size(); ++i)
            result.replications[i].draw = static_cast<int>(i) / scenario.run.replications;
        for (int d = 0; d < draws; ++d)
            for (int r = 0; r < scenario.run.replications; ++r)
                for (std::size_t k = 0; k < pcns_.front().size(); ++k) units_.push_back({d, r, k});
        result.units_done.assign(units_.size(), 0);
        if (control.resume_from) add_partial_run(result, *control.resume_from);
        const long weeks_per_unit = scenario.run.warmup_weeks + scenario.run.weeks;
        for (std::size_t u = 0; u < units_.size(); ++u)
            if (mine(u)) all_weeks_ += weeks_per_unit, done_weeks_ += result.units_done[u] ? weeks_per_unit : 0;
        reported_ = done_weeks_.load();
    }

    void run() {
        // Each unit's own parallel loops are isolated: a thread waiting inside one PCN's week never
        // picks up another whole PCN, which would hold that PCN's population in memory meanwhile.
        std::vector<std::size_t> todo;
        for (std::size_t u = 0; u < units_.size(); ++u)
            if (mine(u) && !result_.units_done[u]) todo.push_back(u);
        parallel_for_index(std::size_t{0}, todo.size(), [&](std::size_t i) {
            isolated([&] { run_unit(todo[i]); });
        }, tbb::simple_partitioner{});
        result_.cancelled = cancelled_.load();
    }

private:
    bool mine(std::size_t u) const { return static_cast<int>(u % static_cast<std::size_t>(control_.unit_stride)) == control_.unit_offset; }

    void describe_pcns(const std::vector<PcnProfile>& pcns) {
        for (const auto& pcn : pcns) {
            first_practice_.push_back(result_.practice_codes.size());
            for (const auto& p : pcn.practices) result_.practice_codes.push_back(p.code);
            result_.pcn_codes.push_back(pcn.code);
        }
        result_.practice_list_sizes.resize(result_.practice_codes.size());
        result_.pcn_list_sizes.resize(pcns.size());
    }

    void run_unit(std::size_t u) {
        const Unit& unit = units_[u];
        if (cancelled_.load()) return;
        const Scenario& scenario = drawn_[static_cast<std::size_t>(unit.draw)];
        const auto& practices = pcns_[static_cast<std::size_t>(unit.draw)][unit.pcn].practices;
        Simulation sim(scenario, practices, static_cast<std::uint32_t>(unit.replication), static_cast<std::uint32_t>(unit.pcn));
        sim.skip_counterfactual(control_.scenario_arm_only);
        if (unit.draw == 0 && unit.replication == 0) record_population(unit.pcn, sim.population());
        ReplicationResult rep;
        const int total_weeks = scenario.run.warmup_weeks + scenario.run.weeks;
        for (int w = 0; w < total_weeks; ++w) {
            if ((control_.cancel && control_.cancel->load()) || cancelled_.load()) {
                cancelled_.store(true);
                return;
            }
            sim.step_week();
            if (w >= scenario.run.warmup_weeks) {
                rep.weeks.push_back(sim.last_week_groups());
                rep.counterfactual_weeks.push_back(sim.last_week_groups(Arm::counterfactual));
            }
            report_week();
        }
        rep.patients = sim.take_patient_rows();
        for (auto& rows : rep.patients.by_arm)
            for (auto& row : rows) {
                row.pcn = static_cast<std::uint16_t>(unit.pcn);
                row.practice = static_cast<std::uint16_t>(row.practice + first_practice_[unit.pcn]);  // in the run's practice list
            }
        rep.totals = sim.run_totals();
        merge(u, std::move(rep), practices.size());
    }

    void record_population(std::size_t pcn, Population& population) {
        const std::lock_guard lock(mutex_);
        result_.agents += population.agents.size();
        result_.bytes_per_agent = population.agents.bytes_per_agent();
        for (std::size_t p = 0; p < population.practices.size(); ++p) {
            result_.practice_list_sizes[first_practice_[pcn] + p] = population.practices[p].list_size;
            result_.pcn_list_sizes[pcn] += population.practices[p].list_size;
        }
    }

    void report_week() {
        const long done = ++done_weeks_;
        if (!control_.progress) return;
        const std::lock_guard lock(progress_mutex_);
        control_.progress(std::max(done, reported_), all_weeks_);
        reported_ = std::max(done, reported_);
    }

    // A single PCN's groups are the run's; with several, the PCN's "all" is also its PCN group and
    // the patient groups of every PCN add up. Every merge is a sum into zeros, so partial results
    // (resume, MPI ranks) merge the same way.
    void merge(std::size_t u, ReplicationResult rep, std::size_t practices) {
        const Unit& unit = units_[u];
        auto& into = result_.replications[static_cast<std::size_t>(unit.draw * scenario_.run.replications + unit.replication)];
        const std::size_t pcns = pcns_.front().size();
        const std::lock_guard lock(mutex_);
        append_patient_rows(into.patients, rep.patients);
        add_run_totals(into.totals, rep.totals);
        for (Arm arm : {Arm::scenario, Arm::counterfactual}) {
            auto& to = arm == Arm::scenario ? into.weeks : into.counterfactual_weeks;
            auto& from = arm == Arm::scenario ? rep.weeks : rep.counterfactual_weeks;
            if (pcns == 1) {
                to = std::move(from);
                continue;
            }
            if (to.empty()) to.assign(from.size(), std::vector<CounterSet>(1 + pcns + kPatientGroups));
            for (std::size_t w = 0; w < from.size(); ++w) {
                to[w][0] += from[w][0];
                to[w][1 + unit.pcn] += from[w][0];
                for (std::size_t g = 0; g < kPatientGroups; ++g) to[w][1 + pcns + g] += from[w][1 + practices + g];
            }
        }
        result_.units_done[u] = 1;
    }

    const Scenario& scenario_;
    const RunControl& control_;
    RunResult& result_;
    std::vector<Scenario> drawn_;                 // per PSA draw
    std::vector<std::vector<PcnProfile>> pcns_;   // per PSA draw (prevalence scaling depends on the parameters)
    std::vector<Unit> units_;
    std::vector<std::size_t> first_practice_;     // per PCN: its first practice in the run's practice list
    long all_weeks_ = 0;  // of this rank's units
    std::atomic<long> done_weeks_{0};
    long reported_ = 0;
    std::atomic<bool> cancelled_{false};
    std::mutex mutex_, progress_mutex_;
};

}  // namespace

void append_patient_rows(PatientExtractRows& into, const PatientExtractRows& from) {
    for (std::size_t a = 0; a < into.by_arm.size(); ++a)
        into.by_arm[a].insert(into.by_arm[a].end(), from.by_arm[a].begin(), from.by_arm[a].end());
}

void add_partial_run(RunResult& into, const RunResult& from) {
    if (from.units_done.size() != into.units_done.size() || from.replications.size() != into.replications.size())
        throw std::invalid_argument("partial results of different runs");
    for (std::size_t i = 0; i < into.replications.size(); ++i) add_run_totals(into.replications[i].totals, from.replications[i].totals);
    for (std::size_t i = 0; i < into.replications.size(); ++i)
        for (Arm arm : {Arm::scenario, Arm::counterfactual}) {
            auto& to = arm == Arm::scenario ? into.replications[i].weeks : into.replications[i].counterfactual_weeks;
            const auto& add = from.replications[i].arm(arm);
            if (to.empty()) {
                to = add;
                continue;
            }
            for (std::size_t w = 0; w < add.size() && w < to.size(); ++w)
                for (std::size_t g = 0; g < add[w].size() && g < to[w].size(); ++g) to[w][g] += add[w][g];
        }
    for (std::size_t i = 0; i < into.replications.size(); ++i) append_patient_rows(into.replications[i].patients, from.replications[i].patients);
    for (std::size_t u = 0; u < into.units_done.size(); ++u) into.units_done[u] |= from.units_done[u];
    into.agents += from.agents;
    into.bytes_per_agent = std::max(into.bytes_per_agent, from.bytes_per_agent);
    for (std::size_t p = 0; p < into.practice_list_sizes.size() && p < from.practice_list_sizes.size(); ++p)
        into.practice_list_sizes[p] += from.practice_list_sizes[p];
    for (std::size_t k = 0; k < into.pcn_list_sizes.size() && k < from.pcn_list_sizes.size(); ++k)
        into.pcn_list_sizes[k] += from.pcn_list_sizes[k];
}

RunResult run_scenario(const Scenario& scenario, const RunControl& control) {
    const auto start = std::chrono::steady_clock::now();
    RunResult result;
    result.scenario = scenario;
    result.threads = resolve_threads(scenario.run.threads);
    std::optional<tbb::global_control> limit;
    if (!control.nested) limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(result.threads));
    Ensemble(scenario, control, result).run();
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace pcnsim
