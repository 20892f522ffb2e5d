#pragma once
// `pcnsim compare ... --psa D --voi [--voi-measure M] [--voi-pcns N] [--voi-years Y] [--voi-discount R]`:
// the value-of-information part of a comparison (sim/output/voi_table.hpp): its flags, the check
// before anything runs, and voi.csv and its printed table after.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "sim/output/voi_table.hpp"
#include "sim/scenario/scenario.hpp"

namespace pcnsim {

struct VoiArgs {
    bool enabled = false;
    std::string measure = kVoiMeasure;
    VoiPopulation population = {};
};

void add_voi_options(CLI::App* compare, VoiArgs& args);

// Before the runs: --voi needs at least 2 PSA draws and a known measure. The reason on `err` and
// exit code 2, or nothing when all is well (or --voi was not given).
std::optional<int> refuse_voi(const VoiArgs& args, const std::vector<Scenario>& scenarios, std::ostream& err);

// After the runs: the table (empty without --voi), voi.csv's writer for the output folder (does
// nothing without rows) and the printed table.
class VoiOutput {
public:
    // A failure (e.g. the measure undefined in a replication) is reported on `err` and leaves the
    // table empty, so that the comparison's other files are still written; failed() tells.
    VoiOutput(const VoiArgs& args, const std::vector<RunResult>& runs, std::ostream& err);
    std::function<void(const std::filesystem::path&)> writer() const;
    void print(const std::string& folder, std::ostream& out) const;
    bool failed() const { return failed_; }

private:
    std::vector<VoiRow> rows_;
    bool failed_ = false;
    double seconds_ = 0;
};

}  // namespace pcnsim
