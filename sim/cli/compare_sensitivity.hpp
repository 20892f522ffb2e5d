#pragma once
// `pcnsim compare ... --break-even PARAM --tornado a,b,c|all [--sensitivity-replications N]`: after the
// comparison is ranked, the break-even (threshold_command.hpp: PARAM's value at which
// roi_economic_nhs reaches 1) and the tornado (tornado_command.hpp, of the --rank-by measure) of the
// best-ranked coaching option (the first row of the ranking that spends: cost_nhs > 0), written into
// the comparison's folder as break_even/ and tornado/ in the same formats as the commands, so that the
// report finds the assumption the answer rides on beside the answer. Each runs the option's scenario
// as the comparison loaded it (its file, --set, --seed, --weeks, --threads) at its base parameter
// values: no PSA draws and no posterior.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/cli/sensitivity_runs.hpp"
#include "sim/output/comparison.hpp"

namespace pcnsim {

struct CompareSensitivityArgs {
    std::string break_even = {};            // --break-even PARAM
    std::vector<std::string> tornado = {};  // --tornado a,b,c or all
    std::optional<int> replications = {};   // --sensitivity-replications N
};

void add_compare_sensitivity_options(CLI::App* compare, CompareSensitivityArgs& args);

// The measure and target of the comparison's break-even: where the option's NHS savings repay its cost.
inline constexpr const char* kCompareBreakEvenMeasure = "roi_economic_nhs";
inline constexpr double kCompareBreakEvenTarget = 1;

class CompareSensitivity {
public:
    // `rank_by`: the comparison's measure, the tornado's.
    CompareSensitivity(const CompareSensitivityArgs& args, const std::string& rank_by);
    ~CompareSensitivity();
    bool enabled() const;
    // Before the runs: the parameters (named by their flag, as the commands name theirs) and the
    // measures, checked on every scenario compared, since any of them may come first.
    void check(const std::vector<Scenario>& scenarios, Problems& problems) const;
    // After the ranking: each analysis on the best coaching option, or a note when none spends. A
    // failure is reported on stderr and leaves its subfolder out, so that the comparison is still
    // written; failed() tells. Throws SensitivityInterrupted on Ctrl-C (nothing written).
    void run(const std::vector<RunResult>& runs, const std::vector<ComparisonRow>& table, Interruption interruption, bool quiet);
    // Writes break_even/ and tornado/ into the comparison's folder (it is written atomically).
    std::function<void(const std::filesystem::path&)> writer(const OutputOptions& output) const;
    // For the comparison's manifest: which scenario and parameters each analysis ran on.
    nlohmann::ordered_json manifest() const;
    // The answers, or a note saying why one was not run; `dir` is the comparison's folder.
    void print(const std::string& dir, std::ostream& out) const;
    // A line per subfolder written, for the listing of outputs.
    std::string listing(const std::string& dir) const;
    bool failed() const { return failed_; }

private:
    struct Analysis;
    std::vector<Analysis> analyses_;
    Problems problems_;  // found without a scenario, reported by check()
    bool failed_ = false;
};

}  // namespace pcnsim
