#include "sim/scenario/comparability.hpp"

#include "sim/scenario/economic_settings.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace pcnsim {
namespace {

std::string population_of(const Scenario& s) {
    const auto& p = s.population;
    return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", static_cast<int>(p.kind), p.synthetic.list_size,
                       p.synthetic.practices, fmt::join(p.synthetic.imd_quintile_shares, ","), p.synthetic.practice_imd_spread,
                       p.synthetic.pcns, p.synthetic.pcn_list_size_spread, p.synthetic.pcn_imd_spread, p.files.registered_patients,
                       p.files.prevalence, p.files.deprivation, fmt::join(p.files.org_codes, ","), p.files.pcn_membership,
                       fmt::join(p.files.pcn_codes, ","));
}

std::string shared_parameters(const Scenario& s) {
    std::string out = s.demography ? "demography on" : "demography off";
    const auto& decls = parameter_declarations();
    for (std::size_t i = 0; i < decls.size(); ++i)
        if (decls[i].comparison == Comparison::same_population) out += fmt::format("|{}={}", decls[i].name, s.parameters.value(static_cast<int>(i)));
    return out;
}


}  // namespace

void check_comparable(const std::vector<Scenario>& scenarios, const std::vector<std::string>& paths, Problems& problems) {
    const auto& first = scenarios.front();
    for (std::size_t k = 1; k < scenarios.size(); ++k) {
        const auto& s = scenarios[k];
        if (shared_parameters(s) != shared_parameters(first))
            problems.push_back({paths[k], 0, "parameters",
                                "population or demography parameters differ from " + paths[0] + "'s: compared scenarios must share one population"});
        if (population_of(s) != population_of(first))
            problems.push_back({paths[k], 0, "population", "differs from " + paths[0] + "'s: compared scenarios must share one population"});
        if (s.run.weeks != first.run.weeks || s.run.warmup_weeks != first.run.warmup_weeks || s.run.replications != first.run.replications ||
            s.run.psa_draws != first.run.psa_draws)
            problems.push_back({paths[k], 0, "run", "weeks, warm-up, replications or PSA draws differ from " + paths[0] + "'s"});
        if (!(economic_settings(s) == economic_settings(first)))
            problems.push_back({paths[k], 0, "economics", "[economics] discount rate or thresholds differ from " + paths[0] +
                                                              "'s: compared scenarios are valued alike"});
        for (std::size_t j = 0; j < k; ++j)
            if (scenarios[j].name == s.name) problems.push_back({paths[k], 0, "name", "'" + s.name + "' is also the name of " + paths[j]});
    }
}

}  // namespace pcnsim
