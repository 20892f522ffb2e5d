#pragma once
// The catalogue: every module's declarations (module.hpp) assembled into the tables the rest of
// pcnsim reads — the parameter table, the agent columns, the counters, the metric catalogue, the
// stream table and the scenario schema — after checking that they fit together. Built once, on
// first use, from the model's modules (model_module_declarations, defined by the model's registry);
// rebuilt only when a module is added or removed (tests add one), and the tables of an earlier
// build stay valid for anything that still holds them.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/core/module.hpp"

namespace pcnsim {

// Thrown when the modules' declarations contradict one another (two owners of one stream, a field
// read before any module writes it, ...): a programming error, reported in every build.
struct ContractError : std::logic_error {
    using std::logic_error::logic_error;
};

class Catalogue {
public:
    // Throws ContractError listing every problem found.
    explicit Catalogue(std::vector<const ModuleDeclaration*> modules);
    // It holds pointers into its own tables.
    Catalogue(const Catalogue&) = delete;
    Catalogue& operator=(const Catalogue&) = delete;

    const std::vector<const ModuleDeclaration*>& modules() const { return modules_; }
    const ModuleDeclaration* module(std::string_view name) const;

    // Parameters in module order; the index is the PSA key, so the order only grows at the end.
    const std::vector<ParameterDeclaration>& parameters() const { return parameters_; }
    int parameter_index(std::string_view name) const;  // -1 when unknown
    std::string_view parameter_owner(std::size_t index) const { return parameter_owners_[index]; }

    const std::vector<ColumnDeclaration>& columns() const { return columns_; }
    // Per-arm columns that are members of ArmState (added modules' per-arm columns are extension vectors).
    const std::vector<const ColumnDeclaration*>& member_per_arm_columns() const { return member_per_arm_columns_; }
    std::size_t extension_column_count(ColumnScope scope) const;
    ExtensionColumn extension(std::string_view column) const;  // throws ContractError when not a module's added column

    Counter counter(std::string_view name) const;  // throws ContractError when unknown

    const std::vector<MetricInfo>& metrics() const { return metrics_; }  // in listing order
    const MetricInfo* metric(std::string_view name) const;

    const std::vector<StreamDeclaration>& streams() const { return streams_; }
    const std::vector<ScenarioSection>& sections() const { return sections_; }
    const ScenarioSection* section(std::string_view name) const;
    std::string_view section_owner(std::string_view name) const;

private:
    void add_parameters(const ModuleDeclaration& m, std::vector<std::string>& problems);
    void add_columns(const ModuleDeclaration& m, std::vector<std::string>& problems);
    void add_counters(const ModuleDeclaration& m, std::vector<std::string>& problems);
    void add_streams(const ModuleDeclaration& m, std::vector<std::string>& problems);
    void add_sections(const ModuleDeclaration& m, std::vector<std::string>& problems);
    void check_fields_and_slots(std::vector<std::string>& problems) const;
    void resolve_metrics(std::vector<std::string>& problems);

    std::vector<const ModuleDeclaration*> modules_;
    std::vector<ParameterDeclaration> parameters_;
    std::vector<std::string_view> parameter_owners_;
    std::unordered_map<std::string_view, int> parameter_index_;
    std::vector<ColumnDeclaration> columns_;
    std::vector<const ColumnDeclaration*> member_per_arm_columns_;
    std::unordered_map<std::string_view, ExtensionColumn> extensions_;
    std::size_t extension_counts_[2] = {0, 0};  // per arm, shared
    std::vector<std::string_view> counter_names_;  // by counter id
    std::unordered_map<std::string_view, Counter> counter_ids_;
    std::vector<MetricInfo> metrics_;
    std::vector<StreamDeclaration> streams_;
    std::vector<std::string_view> stream_owners_;
    std::vector<ScenarioSection> sections_;
    std::vector<std::string_view> section_owners_;
};

// The model's catalogue.
const Catalogue& catalogue();
// Rebuilds it from model_module_declarations() after the model's module list changed.
void rebuild_catalogue();

// Every module of the model in catalogue order: defined by the model (sim/processes/registry.cpp),
// so that this layer knows no module by name.
std::vector<const ModuleDeclaration*> model_module_declarations();

}  // namespace pcnsim
