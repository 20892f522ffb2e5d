#include "sim/output/voi_table.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/core/file_io.hpp"
#include "sim/output/economics.hpp"
#include "sim/output/format.hpp"
#include "sim/scenario/psa.hpp"

namespace pcnsim {
namespace {

// Draws of a run: its PSA parameter sets (one without PSA).
std::size_t draws_of(const RunResult& run) { return run.psa_parameters.size(); }

// The measure of each draw of a run, averaged over the draw's replications (draw-major).
Eigen::VectorXd draw_means(const RunResult& run, const std::string& measure) {
    const auto draws = draws_of(run);
    const auto per_draw = run.replications.size() / draws;
    const auto economics = economics_by_replication(run);
    Eigen::VectorXd out = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(draws));
    for (std::size_t r = 0; r < economics.size(); ++r) {
        const auto v = economics_value(economics[r], measure);
        if (!v)
            throw std::invalid_argument(fmt::format("--voi-measure {} is undefined in replication {} of scenario '{}' (e.g. a ratio "
                                                    "without a cost): choose a net benefit measure",
                                                    measure, r, run.scenario.name));
        out[static_cast<Eigen::Index>(r / per_draw)] += *v / static_cast<double>(per_draw);
    }
    return out;
}

// Parameters varied in every run, with one value per draw across the runs.
std::vector<int> shared_varied_parameters(const std::vector<RunResult>& runs) {
    std::vector<int> out;
    const auto count = static_cast<int>(parameter_declarations().size());
    for (int j = 0; j < count; ++j) {
        bool shared = true;
        for (const auto& run : runs) {
            shared = shared && psa_varies(run.scenario, j);
            for (std::size_t d = 0; shared && d < draws_of(run); ++d)
                shared = run.psa_parameters[d].value(j) == runs.front().psa_parameters[d].value(j);
        }
        if (shared) out.push_back(j);
    }
    return out;
}

Eigen::MatrixXd parameter_samples(const RunResult& run, const std::vector<int>& indices) {
    Eigen::MatrixXd x(static_cast<Eigen::Index>(draws_of(run)), static_cast<Eigen::Index>(indices.size()));
    for (Eigen::Index d = 0; d < x.rows(); ++d)
        for (Eigen::Index k = 0; k < x.cols(); ++k)
            x(d, k) = run.psa_parameters[static_cast<std::size_t>(d)].value(indices[static_cast<std::size_t>(k)]);
    return x;
}

// The simulated horizon in years: the per-decision value covers it, and a yearly decision's value is
// that share of it.
double horizon_years(const RunResult& run) { return run.scenario.run.weeks / 52.0; }

// Each estimate per decision and, multiplied by the population factor, for the population.
class RowBuilder {
public:
    RowBuilder(const RunResult& run, const std::string& measure, const VoiPopulation& population, int draws)
        : measure_(measure), draws_(draws),
          factor_(population_evpi_factor(population.pcns, population.years, population.discount_rate) / horizon_years(run)) {
        const auto unit = economics_unit(economic_settings(run.scenario), measure);
        per_decision_unit_ = unit + " per decision (the simulated population over the simulated horizon)";
        population_unit_ = fmt::format(
            "{}: {} population(s) like the simulated one, deciding yearly for {} years (a year's value = the per-decision value / {} "
            "simulated years), discounted at {} a year",
            unit, format_number(population.pcns), population.years, format_number(horizon_years(run)), format_number(population.discount_rate));
    }
    void add(std::vector<VoiRow>& rows, const char* kind, const std::string& name, std::vector<std::string> parameters,
             std::optional<VoiEstimate> e, bool group = false, const std::string& note = {}) const {
        std::optional<VoiEstimate> scaled;
        if (e) scaled = VoiEstimate{e->value * factor_, e->standard_error * factor_};
        rows.push_back({kind, measure_, "per_decision", name, parameters, e, per_decision_unit_, draws_, group, note});
        rows.push_back({kind, measure_, "population", name, std::move(parameters), scaled, population_unit_, draws_, group, note});
    }

private:
    std::string measure_, per_decision_unit_, population_unit_;
    int draws_;
    double factor_;
};

}  // namespace

const std::vector<VoiGroupRule>& voi_group_rules() {
    // Activation effect: what coaching does to activation and what activation does to service use
    // (not the population's activation: its mean, spread, drift and gradients belong to no group).
    // Uptake and delivery: who is referred and takes coaching up, and how the service runs.
    static const std::vector<VoiGroupRule> rules{
        {"activation effect", "activation.", "gain"},        // coaching_gain_completers, group/digital factors, skills, brief intervention
        {"activation effect", "activation.durable_share", ""},
        {"activation effect", "activation.causal_share", ""},
        {"activation effect", "activation.", "_rr_per_10_points"},
        {"activation effect", "spillover.", ""},
        {"activation effect", "buddy.decay_reduction", ""},
        {"uptake and delivery", "uptake.", ""},
        {"uptake and delivery", "referral.", ""},
        {"uptake and delivery", "case_finding.", ""},
        {"uptake and delivery", "coaching.", ""},
        {"uptake and delivery", "buddy.dropout_reduction", ""},
        {"costs", "cost.", ""},
    };
    return rules;
}

std::vector<std::string> voi_group_names() {
    std::vector<std::string> names;
    for (const auto& rule : voi_group_rules())
        if (std::find(names.begin(), names.end(), rule.group) == names.end()) names.push_back(rule.group);
    return names;
}

bool in_voi_group(std::string_view group, std::string_view parameter) {
    return std::any_of(voi_group_rules().begin(), voi_group_rules().end(), [&](const VoiGroupRule& rule) {
        return group == rule.group && parameter.starts_with(rule.prefix) && parameter.find(rule.contains) != std::string_view::npos;
    });
}

Eigen::MatrixXd voi_net_benefit(const std::vector<RunResult>& runs, const std::string& measure) {
    if (runs.empty()) throw std::invalid_argument("value of information needs runs");
    const auto known = economics_measures(economic_settings(runs.front().scenario));
    if (std::find(known.begin(), known.end(), measure) == known.end())
        throw std::invalid_argument(fmt::format("--voi-measure {}: expected one of {}", measure, fmt::join(known, ", ")));
    if (runs.empty() || draws_of(runs.front()) < 2 || runs.front().scenario.run.psa_draws < 2)
        throw std::invalid_argument("value of information needs PSA draws: --psa D with D >= 2");
    Eigen::MatrixXd nb = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(draws_of(runs.front())), static_cast<Eigen::Index>(runs.size() + 1));
    for (std::size_t k = 0; k < runs.size(); ++k) {
        if (draws_of(runs[k]) != draws_of(runs.front())) throw std::invalid_argument("value of information: the scenarios differ in PSA draws");
        nb.col(static_cast<Eigen::Index>(k + 1)) = draw_means(runs[k], measure);
    }
    return nb;
}

std::vector<VoiRow> voi_table(const std::vector<RunResult>& runs, const std::string& measure, const VoiPopulation& population) {
    const Eigen::MatrixXd nb = voi_net_benefit(runs, measure);
    const RowBuilder builder(runs.front(), measure, population, static_cast<int>(nb.rows()));
    const auto varied = shared_varied_parameters(runs);
    const auto name_of = [](int j) { return std::string(parameter_declarations()[static_cast<std::size_t>(j)].name); };
    std::vector<VoiRow> rows;
    builder.add(rows, "evpi", "all", {}, evpi(nb));
    for (const auto& group : voi_group_names()) {
        std::vector<int> members;
        std::vector<std::string> names;
        for (const int j : varied)
            if (in_voi_group(group, name_of(j))) members.push_back(j), names.push_back(name_of(j));
        if (members.empty()) continue;
        // The Gaussian process needs two points more than its linear mean has coefficients.
        const auto needed = static_cast<Eigen::Index>(members.size()) + 3;
        if (members.size() > 1 && nb.rows() < needed)
            builder.add(rows, "evppi", group, names, std::nullopt, true,
                        fmt::format("not estimated: {} parameters need at least {} draws", members.size(), needed));
        else
            builder.add(rows, "evppi", group, names, evppi(nb, parameter_samples(runs.front(), members)), true);
    }
    std::vector<std::pair<VoiEstimate, int>> singles;
    for (const int j : varied) singles.emplace_back(evppi(nb, parameter_samples(runs.front(), {j})), j);
    std::stable_sort(singles.begin(), singles.end(), [](const auto& a, const auto& b) { return a.first.value > b.first.value; });
    for (const auto& [estimate, j] : singles) builder.add(rows, "evppi", name_of(j), {name_of(j)}, estimate);
    return rows;
}

void write_voi_csv(const std::vector<VoiRow>& rows, const std::filesystem::path& path) {
    OutputFile out(path);
    out.print("measure,net_benefit_measure,scope,parameter_or_group,parameters,value,standard_error,unit,draws,note\n");
    for (const auto& r : rows) {
        const auto value = r.estimate ? std::optional(r.estimate->value) : std::nullopt;
        const auto error = r.estimate ? std::optional(r.estimate->standard_error) : std::nullopt;
        out.print("{},{},{},{},{},{},{},{},{},{}\n", r.measure, r.net_benefit_measure, r.scope, csv_text(r.parameter_or_group),
                  csv_text(fmt::format("{}", fmt::join(r.parameters, ";"))), format_optional(value), format_optional(error), csv_text(r.unit),
                  r.draws, csv_text(r.note));
    }
    out.close();
}

void print_voi(const std::vector<VoiRow>& rows, std::ostream& out, std::size_t top_parameters) {
    if (rows.empty()) return;
    const auto& first = rows.front();
    fmt::print(out, "\nValue of information on {} ({} PSA draws; standard errors in brackets)\n", first.net_benefit_measure, first.draws);
    fmt::print(out, "  {:<44} {:>22} {:>26}\n", "", "per decision", "population");
    // Whole numbers for large values; small ones (a few appointments, a fraction of a pound) keep
    // their first digits, so that a value beside its standard error stays readable.
    const auto number = [](double v, double scale) { return fmt::format("{:.{}f}", v, scale >= 100 ? 0 : scale >= 1 ? 1 : 3); };
    const auto cell = [&number](const std::optional<VoiEstimate>& e, int width) {
        if (!e) return fmt::format("{:>{}}", "-", width + 10);
        const double scale = std::max(std::abs(e->value), e->standard_error);
        return fmt::format("{:>{}} ({:>7})", number(e->value, scale), width, number(e->standard_error, scale));
    };
    std::size_t parameters = 0, shown = 0;
    for (std::size_t i = 0; i + 1 < rows.size(); i += 2) {
        const auto &d = rows[i], &p = rows[i + 1];
        const bool single = d.measure == "evppi" && !d.group;
        if (single) {
            ++parameters;
            if (!d.estimate || d.estimate->value <= 0 || shown >= top_parameters) continue;
            ++shown;
        }
        const std::string label = d.measure == "evpi" ? std::string("EVPI")
                                  : d.group           ? fmt::format("EVPPI {} ({} parameters)", d.parameter_or_group, d.parameters.size())
                                                      : "EVPPI " + d.parameter_or_group;
        fmt::print(out, "  {:<44} {} {}{}\n", label, cell(d.estimate, 12), cell(p.estimate, 16), d.note.empty() ? "" : "  " + d.note);
    }
    if (shown == 0 && parameters > 0) fmt::print(out, "  ({} parameters in voi.csv: none has an EVPPI above 0)\n", parameters);
    else if (parameters > shown) fmt::print(out, "  ({} more parameters in voi.csv)\n", parameters - shown);
    fmt::print(out, "  per decision: {}\n  population: {}\n", first.unit, rows[1].unit);
}

}  // namespace pcnsim
