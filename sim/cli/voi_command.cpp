#include "sim/cli/voi_command.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <ostream>

#include "sim/cli/flag_checks.hpp"
#include "sim/output/economics.hpp"

namespace pcnsim {

void add_voi_options(CLI::App* compare, VoiArgs& args) {
    compare->add_flag("--voi", args.enabled,
                      "also write voi.csv: EVPI and EVPPI (per parameter and group) of the decision between the scenarios and "
                      "no coaching; needs --psa D with D >= 2");
    compare->add_option("--voi-measure", args.measure, std::string("the net benefit measure (an economics measure; default ") + kVoiMeasure + ")");
    compare->add_option("--voi-pcns", args.population.pcns, "--voi: populations like the simulated one taking the decision (default 1)")
        ->check(pcnsim::number_at_least(0));
    compare->add_option("--voi-years", args.population.years, "--voi: years the decision is taken afresh, once a year (default 5)")
        ->check(pcnsim::whole_number(0, 1000));
    compare->add_option("--voi-discount", args.population.discount_rate, "--voi: discount rate a year for the population value (default 0.035)")
        ->check(CLI::Range(0.0, 1.0));
}

std::optional<int> refuse_voi(const VoiArgs& args, const std::vector<Scenario>& scenarios, std::ostream& err) {
    if (!args.enabled || scenarios.empty()) return std::nullopt;
    const int draws = scenarios.front().run.psa_draws;
    if (draws < 2) {
        fmt::print(err, "pcnsim compare: --voi needs parameter uncertainty: --psa D with D >= 2 draws ({} given); value of information "
                        "regresses net benefit on the parameters across draws\n",
                   draws);
        return 2;
    }
    const auto known = economics_measures(economic_settings(scenarios.front()));
    if (std::find(known.begin(), known.end(), args.measure) == known.end()) {
        fmt::print(err, "pcnsim compare: --voi-measure {}: no such economics measure; expected one of {}\n", args.measure, fmt::join(known, ", "));
        return 2;
    }
    return std::nullopt;
}

VoiOutput::VoiOutput(const VoiArgs& args, const std::vector<RunResult>& runs, std::ostream& err) {
    if (!args.enabled) return;
    const auto start = std::chrono::steady_clock::now();
    try {
        rows_ = voi_table(runs, args.measure, args.population);
        seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } catch (const std::invalid_argument& e) {
        fmt::print(err, "pcnsim compare: --voi: {}; voi.csv not written\n", e.what());
        failed_ = true;
    }
}

std::function<void(const std::filesystem::path&)> VoiOutput::writer() const {
    return [this](const std::filesystem::path& folder) {
        if (!rows_.empty()) write_voi_csv(rows_, folder / "voi.csv");
    };
}

void VoiOutput::print(const std::string& folder, std::ostream& out) const {
    if (rows_.empty()) return;
    print_voi(rows_, out);
    fmt::print(out, "  all rows: {}/voi.csv (computed in {:.1f} s)\n", folder, seconds_);
}

}  // namespace pcnsim
