#include "sim/cli/scenario_args.hpp"
#include "sim/cli/flag_checks.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace pcnsim {

std::vector<std::string> ScenarioArgs::overrides() const {
    auto out = sets;
    if (seed) out.push_back(fmt::format("run.seed={}", *seed));
    if (threads) out.push_back(fmt::format("run.threads={}", *threads));
    if (weeks) out.push_back(fmt::format("run.weeks={}", *weeks));
    if (replications) out.push_back(fmt::format("run.replications={}", *replications));
    if (psa) out.push_back(fmt::format("run.psa_draws={}", *psa));
    return out;
}

void add_run_flags(CLI::App* cmd, ScenarioArgs& a) {
    cmd->add_option("--seed", a.seed, "random seed")->check(pcnsim::whole_number(0, pcnsim::kMaxSeed));
    cmd->add_option("--threads", a.threads, "worker threads (0 = all cores)")->check(pcnsim::whole_number(0, 1024));
    cmd->add_option("--weeks", a.weeks, "weeks to report after the warm-up")->check(pcnsim::whole_number(1, 520));
    cmd->add_option("--replications", a.replications, "replications")->check(pcnsim::whole_number(1, 65536));
}

}  // namespace pcnsim
