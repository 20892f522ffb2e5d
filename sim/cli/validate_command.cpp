#include "sim/cli/validate_command.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <unistd.h>

#include "sim/cli/describe.hpp"
#include "sim/core/file_io.hpp"
#include "sim/engine/ensemble.hpp"
#include "sim/output/manifest.hpp"
#include "sim/validation/validation.hpp"

namespace pcnsim {
namespace {

// The replications validation uses unless told: enough for an interval over runs.
constexpr int kDefaultReplications = 5;

Scenario load_for_validation(const std::string& path, const ValidateArgs& a, Problems& problems) {
    if (!std::filesystem::exists(path)) {
        problems.push_back({path, 0, "scenario",
                            "not found; run pcnsim validate from the pcnsim folder (the defaults are scenarios/baseline.toml and "
                            "scenarios/staffing/2-wte.toml) or name the files"});
        return {};
    }
    ScenarioArgs flags = a.population;
    if (!flags.replications) flags.replications = kDefaultReplications;
    return load_scenario(path, flags.overrides(), problems);
}

}  // namespace

int validate_command(const ValidateArgs& args, const OutputOptions& given, const std::atomic<bool>* cancel, const std::atomic<int>* signal) {
    Problems problems;
    Scenario baseline = load_for_validation(args.population.path, args, problems);
    const Scenario coaching = load_for_validation(args.coaching, args, problems);
    if (!problems.empty()) return report_problems(problems, std::cerr);
    baseline.run.patient_extract = true;
    OutputOptions output = given;
    if (output.dir.empty()) output.dir = "out/validation";
    check_output_folder(output);
    const RunControl control{nullptr, cancel};
    if (!args.quiet) std::cerr << fmt::format("validate: running {} ({} replications) ...\n", baseline.name, baseline.run.replications);
    const auto base = run_scenario(baseline, control);
    if (base.cancelled) return std::cerr << "\ninterrupted: no output written\n", 128 + signal->load();
    if (!args.quiet) std::cerr << fmt::format("validate: running {} for coach throughput ...\n", coaching.name);
    const auto coached = run_scenario(coaching, control);
    if (coached.cancelled) return std::cerr << "\ninterrupted: no output written\n", 128 + signal->load();
    const auto checks = validation_checks(base, &coached);
    write_folder_atomically(output, [&](const std::filesystem::path& folder) {
        write_file_atomically(folder / "validation.csv", validation_csv(checks));
        write_comparison_manifest({base, coached}, output, folder / "manifest.json");
    });
    std::cout << validation_table(checks);
    int misses = 0;
    for (const auto& c : checks) misses += !c.within();
    std::cout << fmt::format("\n{} of {} checks within their band{}; validation.csv in {}/\n", checks.size() - static_cast<std::size_t>(misses),
                             checks.size(), misses ? " (docs/validation.md explains each miss)" : "", output.dir);
    return 0;
}

}  // namespace pcnsim
