#include "sim/output/manifest.hpp"

#include "sim/scenario/economic_settings.hpp"


#include "pcnsim_version.hpp"
#include "sim/core/declarations.hpp"
#include "sim/core/file_io.hpp"

namespace pcnsim {
namespace fs = std::filesystem;

nlohmann::ordered_json provenance(const OutputOptions& options) {
    nlohmann::ordered_json m;
    m["pcnsim_version"] = version;
    m["git_commit"] = git_commit;
    m["command"] = options.command_line;
    return m;
}

nlohmann::ordered_json parameters_json(const Parameters& p) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    const auto& decls = parameter_declarations();
    for (std::size_t i = 0; i < decls.size(); ++i) {
        const auto& d = decls[i];
        out[std::string(d.name)] = {{"value", p.value(static_cast<int>(i))}, {"default", d.default_value}, {"unit", d.unit},
                                    {"min", d.min}, {"max", d.max}, {"prior", d.prior.describe()}, {"source", d.source}};
    }
    return out;
}

nlohmann::ordered_json posterior_json(const PosteriorSamples& p) {
    return {{"path", p.path}, {"bytes", p.bytes}, {"sha256", p.digest}, {"samples", p.rows.size()}, {"parameters", p.names}};
}

void write_json_file(const nlohmann::ordered_json& json, const fs::path& path) {
    write_file_atomically(path, json.dump(2) + "\n");
}

nlohmann::ordered_json run_manifest(const RunResult& run, const OutputOptions& options) {
    const auto& s = run.scenario;
    auto m = provenance(options);
    m["scenario"] = {{"name", s.name}, {"description", s.description}, {"files", s.files}, {"text", s.text}};
    m["run"] = {{"weeks", s.run.weeks}, {"warmup_weeks", s.run.warmup_weeks}, {"seed", s.run.seed},
                {"replications", s.run.replications}, {"psa_draws", s.run.psa_draws}, {"threads", run.threads}};
    m["completed"] = !run.cancelled;
    m["population"] = {{"source", s.population.kind == PopulationSourceKind::synthetic ? "synthetic" : "practice_files"},
                       {"agents", run.agents}, {"practices", run.practice_codes}, {"list_sizes", run.practice_list_sizes},
                       {"pcns", run.pcn_codes}, {"pcn_list_sizes", run.pcn_list_sizes},
                       {"demography", s.demography}};
    m["gp_capacity_unlimited"] = s.gp_capacity_unlimited;
    m["price_year"] = std::string(kPriceYear);
    const auto economics = economic_settings(s);
    m["economics"] = {{"discount_rate", economics.discount_rate}, {"thresholds", economics.thresholds}};
    nlohmann::ordered_json overrides = nlohmann::ordered_json::array();
    for (const auto& [key, where] : s.overrides) overrides.push_back({{"key", key}, {"set_in", where}});
    m["overrides"] = overrides;
    m["parameters"] = parameters_json(s.parameters);
    if (s.posterior) m["posterior"] = posterior_json(*s.posterior);
    m["warnings"] = s.warnings;
    m["wall_seconds"] = run.wall_seconds;
    m["bytes_per_agent"] = run.bytes_per_agent;
    return m;
}

void write_run_manifest(const RunResult& run, const OutputOptions& options, const fs::path& path) {
    write_json_file(run_manifest(run, options), path);
}

void write_comparison_manifest(const std::vector<RunResult>& runs, const OutputOptions& options, const fs::path& path,
                               const nlohmann::ordered_json& more) {
    auto m = provenance(options);
    m["scenarios"] = nlohmann::ordered_json::array();
    for (const auto& run : runs) m["scenarios"].push_back(run.scenario.name);
    if (!runs.empty() && runs.front().scenario.posterior) m["posterior"] = posterior_json(*runs.front().scenario.posterior);
    std::vector<std::string> warnings;
    for (const auto& run : runs) add_warnings(warnings, run.scenario.warnings);
    m["warnings"] = warnings;
    for (const auto& [key, value] : more.items()) m[key] = value;
    m["completed"] = true;
    write_json_file(m, path);
}

}  // namespace pcnsim
