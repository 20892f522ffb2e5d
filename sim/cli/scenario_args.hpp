#pragma once
// A scenario named on the command line with the flags that set it (run, compare, sweep, check,
// population, validate).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/output/output_size.hpp"

namespace CLI {
class App;
}

namespace pcnsim {

struct ScenarioArgs {
    std::string path = {};
    std::vector<std::string> sets = {};
    std::optional<std::int64_t> seed = {};
    std::optional<int> threads = {}, weeks = {}, replications = {}, psa = {};
    std::string posterior = {};  // --posterior FILE (run, compare, sweep)
    bool patient_extract = false;  // --patient-extract (run, compare)
    std::uint64_t max_output_gb = kDefaultMaxOutputGb;  // --max-output-gb (run, compare)

    // The --set overrides with the flags after them, so flags are validated and recorded the same way.
    std::vector<std::string> overrides() const;
};

// --seed, --threads, --weeks and --replications of a command that runs one scenario.
void add_run_flags(CLI::App* cmd, ScenarioArgs& a);

}  // namespace pcnsim
