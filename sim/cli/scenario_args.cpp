#include "sim/cli/scenario_args.hpp"

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

}  // namespace pcnsim
