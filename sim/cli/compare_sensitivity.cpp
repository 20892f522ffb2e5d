#include "sim/cli/compare_sensitivity.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <stdexcept>
#include <iostream>
#include <ostream>

#include "sim/cli/flag_checks.hpp"
#include "sim/cli/threshold_command.hpp"
#include "sim/cli/tornado_command.hpp"
#include "sim/output/economics.hpp"

namespace pcnsim {
namespace {

constexpr const char* kBreakEvenFlag = "--break-even";
constexpr const char* kTornadoFlag = "--tornado";
constexpr const char* kReplicationsFlag = "--sensitivity-replications";

// The option's scenario as the comparison ran it, at its base parameter values.
Scenario at_base_values(Scenario scenario, int replications) {
    scenario.run.psa_draws = 0;
    scenario.posterior.reset();
    scenario.run.replications = replications;
    scenario.run.patient_extract = false;
    return scenario;
}

// The first row of the ranking that spends (cost_nhs > 0): coaching, where the others are the
// no-coaching reference or options without staff.
const ComparisonRow* best_coaching_option(const std::vector<ComparisonRow>& table, const Scenario& first) {
    const auto measures = comparison_measures(economic_settings(first));
    const auto column = static_cast<std::size_t>(std::find(measures.begin(), measures.end(), "cost_nhs") - measures.begin());
    for (const auto& row : table)
        if (column < row.values.size() && row.values[column] && *row.values[column] > 0) return &row;
    return nullptr;
}

void push_once(Problems& problems, const Problem& p) {
    const auto same = [&p](const Problem& q) { return q.file == p.file && q.key == p.key && q.message == p.message; };
    if (std::none_of(problems.begin(), problems.end(), same)) problems.push_back(p);
}

}  // namespace

struct CompareSensitivity::Analysis {
    std::string key;    // its subfolder and its key in the comparison's manifest
    std::string flag;   // the option that asked for it
    std::string files;  // of its subfolder, for the listing
    nlohmann::ordered_json asked;  // its parameters, measure and replications, for the manifest
    std::unique_ptr<SensitivityAnalysis> analysis;
    int replications = 0;
    std::string scenario = {};  // the option it ran on, once run
    std::string not_run = {};   // why not, when it did not
};

void add_compare_sensitivity_options(CLI::App* compare, CompareSensitivityArgs& args) {
    compare->add_option(kBreakEvenFlag, args.break_even,
                        fmt::format("after the ranking, the break-even of PARAM on the best coaching option (first ranked with cost_nhs > 0): "
                                    "the value at which {} reaches {:g}, over PARAM's declared range, as 'pcnsim threshold' (break_even/)",
                                    kCompareBreakEvenMeasure, kCompareBreakEvenTarget));
    compare->add_option(kTornadoFlag, args.tornado,
                        "after the ranking, the tornado of the --rank-by measure on the best coaching option, over these parameters "
                        "(a,b,c) or 'all' the PSA would vary, as 'pcnsim tornado' (tornado/)")
        ->delimiter(',');
    compare->add_option(kReplicationsFlag, args.replications,
                        fmt::format("replications of each run of --break-even and --tornado (default {} and {}, as the commands)",
                                    kDefaultThresholdReplications, kDefaultTornadoReplications))
        ->check(pcnsim::whole_number(1, 65536));
}

CompareSensitivity::CompareSensitivity(const CompareSensitivityArgs& args, const std::string& rank_by) {
    if (!args.break_even.empty()) {
        ThresholdArgs threshold;
        threshold.parameters = {args.break_even};
        threshold.measure = kCompareBreakEvenMeasure;
        threshold.target = fmt::format("{:g}", kCompareBreakEvenTarget);
        auto analysis = std::make_unique<ThresholdAnalysis>(threshold, problems_, kBreakEvenFlag);
        const int replications = args.replications.value_or(analysis->default_replications());
        nlohmann::ordered_json asked{{"parameter", args.break_even},
                                     {"measure", kCompareBreakEvenMeasure},
                                     {"target", kCompareBreakEvenTarget},
                                     {"replications", replications}};
        analyses_.push_back({"break_even", kBreakEvenFlag, "threshold.csv, threshold_runs.csv", std::move(asked), std::move(analysis), replications});
    }
    if (!args.tornado.empty()) {
        const bool all = args.tornado == std::vector<std::string>{"all"};
        auto analysis = std::make_unique<TornadoAnalysis>(rank_by, all ? std::vector<std::string>{} : args.tornado, 10, kTornadoFlag, "--rank-by");
        const int replications = args.replications.value_or(analysis->default_replications());
        nlohmann::ordered_json asked{{"parameters", all ? nlohmann::ordered_json("all") : nlohmann::ordered_json(args.tornado)},
                                     {"measure", rank_by},
                                     {"replications", replications}};
        analyses_.push_back({"tornado", kTornadoFlag, "tornado.csv", std::move(asked), std::move(analysis), replications});
    }
    if (args.replications && analyses_.empty())
        problems_.push_back(
            {kReplicationsFlag, 0, "", fmt::format("needs {} or {}: it sets the replications of their runs", kBreakEvenFlag, kTornadoFlag)});
}

CompareSensitivity::~CompareSensitivity() = default;

bool CompareSensitivity::enabled() const { return !analyses_.empty(); }

void CompareSensitivity::check(const std::vector<Scenario>& scenarios, Problems& problems) const {
    Problems found = problems_;
    for (const auto& a : analyses_)
        for (const auto& scenario : scenarios) a.analysis->check(at_base_values(scenario, a.replications), found);
    for (const auto& p : found) push_once(problems, p);
}

void CompareSensitivity::run(const std::vector<RunResult>& runs, const std::vector<ComparisonRow>& table, Interruption interruption,
                             bool quiet) {
    const auto* best = analyses_.empty() ? nullptr : best_coaching_option(table, runs.front().scenario);
    for (auto& a : analyses_) {
        if (!best) {
            a.not_run = "no option of the comparison spends anything (cost_nhs > 0), so there is no coaching option to analyse";
            continue;
        }
        const auto run = std::find_if(runs.begin(), runs.end(), [best](const RunResult& r) { return r.scenario.name == best->scenario; });
        if (!quiet)
            std::cerr << fmt::format("{} of {} on {}, the best-ranked coaching option ({} replications a run) ...\n", a.flag.substr(2),
                                     a.asked["measure"].get<std::string>(), best->scenario, a.replications);
        try {
            a.analysis->run(at_base_values(run->scenario, a.replications), interruption, quiet);
            a.scenario = best->scenario;
        } catch (const std::runtime_error& e) {  // e.g. a measure undefined at a value: the comparison is still written
            a.not_run = fmt::format("it failed on {}: {}", best->scenario, e.what());
            std::cerr << fmt::format("pcnsim compare: {}: {}; {}/ not written\n", a.flag, a.not_run, a.key);
            failed_ = true;
        }
    }
}

std::function<void(const std::filesystem::path&)> CompareSensitivity::writer(const OutputOptions& output) const {
    return [this, output](const std::filesystem::path& folder) {
        for (const auto& a : analyses_) {
            if (a.scenario.empty()) continue;
            create_folders(folder / a.key);
            a.analysis->write(folder / a.key, output);
        }
    };
}

nlohmann::ordered_json CompareSensitivity::manifest() const {
    nlohmann::ordered_json m = nlohmann::ordered_json::object();
    for (const auto& a : analyses_) {
        nlohmann::ordered_json entry{{"scenario", a.scenario.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(a.scenario)}};
        entry.update(a.asked);
        if (a.scenario.empty())
            entry["not_run"] = a.not_run;
        else
            entry["folder"] = a.key;
        m[a.key] = std::move(entry);
    }
    return m;
}

void CompareSensitivity::print(const std::string& dir, std::ostream& out) const {
    for (const auto& a : analyses_) {
        if (!a.scenario.empty())
            fmt::print(out, "\n"), a.analysis->print((std::filesystem::path(dir) / a.key).string(), out);
        else
            fmt::print(out, "\nnote: {} not run: {}\n", a.flag, a.not_run);
    }
}

std::string CompareSensitivity::listing(const std::string& dir) const {
    std::string out;
    for (const auto& a : analyses_)
        if (!a.scenario.empty())
            out += fmt::format("{}: {}/ ({}, manifest.json)\n", a.flag.substr(2), (std::filesystem::path(dir) / a.key).string(), a.files);
    return out;
}

}  // namespace pcnsim
