#include "sim/output/economics.hpp"

#include "sim/core/declarations.hpp"
#include "sim/stats/descriptive.hpp"

namespace pcnsim {
namespace {

class SummaryLookup {
public:
    explicit SummaryLookup(const std::vector<SummaryRow>& rows) : rows_(rows) {}
    double total(const std::string& arm, const std::string& metric, const std::string& group_by = "all",
                 const std::string& group = "all") const {
        const auto* r = find_summary_row(rows_, arm, metric, group_by, group);
        return r ? r->total : 0.0;
    }
    double rate(const std::string& arm, const std::string& metric, const std::string& group_by, const std::string& group) const {
        const auto* r = find_summary_row(rows_, arm, metric, group_by, group);
        return r ? r->per_1000_per_year : 0.0;
    }

private:
    const std::vector<SummaryRow>& rows_;
};

std::optional<double> ratio(double numerator, double denominator) {
    if (denominator <= 0) return std::nullopt;
    return numerator / denominator;
}

const std::string kGbp(kGbpUnit);

void add(std::vector<EconomicsRow>& rows, const std::string& measure, std::optional<double> v, const std::string& unit,
         const std::string& group_by = "all", const std::string& group = "all") {
    rows.push_back({measure, group_by, group, v, unit, {}, {}, {}});
}

// The headline measures for the whole run or, in a run of several PCNs, for one PCN.
void add_headline(std::vector<EconomicsRow>& rows, const SummaryLookup& s, const std::string& group_by, const std::string& group) {
    const auto total = [&](const char* arm, const char* metric) { return s.total(arm, metric, group_by, group); };
    const auto put = [&](const std::string& measure, std::optional<double> v, const std::string& unit) {
        add(rows, measure, v, unit, group_by, group);
    };
    const double cost =
        total("scenario", "cost_coaching_staff") + total("scenario", "cost_coach_training") + total("scenario", "cost_skills_training");
    const double gp = 0.0 - total("difference", "gp_appointments");  // 0.0 - x: never "-0"
    const double ae = 0.0 - total("difference", "ae_attendances");
    const double admissions = 0.0 - total("difference", "emergency_admissions");
    const double capacity_releasing = 0.0 - total("difference", "cost_gp_appointments");
    const double cash_releasing = 0.0 - total("difference", "cost_ae_attendances") - total("difference", "cost_emergency_admissions");
    const double savings = capacity_releasing + cash_releasing;
    put("coaching_cost", cost, kGbp);
    put("coaching_started", total("scenario", "coaching_started"), "patients");
    put("coaching_completed", total("scenario", "coaching_completed"), "patients");
    put("gp_appointments_released", gp, "appointments");
    put("ae_attendances_avoided", ae, "attendances");
    put("emergency_admissions_avoided", admissions, "admissions");
    put("savings_capacity_releasing", capacity_releasing, kGbp + ": GP appointments");
    put("savings_cash_releasing", cash_releasing, kGbp + ": A&E attendances and emergency admissions");
    put("savings_total", savings, kGbp);
    put("roi", ratio(savings, cost), "gross savings per pound spent");
    put("net_benefit", savings - cost, kGbp);
    put("gp_appointments_released_per_coach_wte_year", ratio(gp, total("scenario", "coach_wte_years")), "appointments");
    put("cost_per_ae_attendance_avoided", ae > 0 ? ratio(cost, ae) : std::nullopt, kGbp);
    put("cost_per_admission_avoided", admissions > 0 ? ratio(cost, admissions) : std::nullopt, kGbp);
}

// Equity: per 1,000 patients of each IMD quintile per year, and the quintile 1 : quintile 5 ratio.
void add_equity(std::vector<EconomicsRow>& rows, const SummaryLookup& s) {
    struct Equity {
        const char* measure;
        const char* arm;
        const char* metric;
        double sign;
    };
    const Equity equity[] = {{"reach_per_1000", "scenario", "coaching_started", 1.0},
                             {"gp_appointments_released_per_1000", "difference", "gp_appointments", -1.0},
                             {"ae_attendances_avoided_per_1000", "difference", "ae_attendances", -1.0},
                             {"emergency_admissions_avoided_per_1000", "difference", "emergency_admissions", -1.0}};
    for (const auto& e : equity) {
        for (int q = 1; q <= 5; ++q)
            add(rows, e.measure, 0.0 + e.sign * s.rate(e.arm, e.metric, "imd_quintile", std::to_string(q)), "per 1,000 patients per year",
                "imd_quintile", std::to_string(q));
        const double q1 = e.sign * s.rate(e.arm, e.metric, "imd_quintile", "1");
        const double q5 = e.sign * s.rate(e.arm, e.metric, "imd_quintile", "5");
        add(rows, e.measure, q5 > 0 ? ratio(q1, q5) : std::nullopt, "ratio of quintile 1 (most deprived) to quintile 5", "imd_quintile",
            "q1_to_q5");
    }
}

}  // namespace

std::vector<EconomicsRow> economics(const std::vector<SummaryRow>& summary) {
    const SummaryLookup s(summary);
    std::vector<EconomicsRow> rows;
    add_headline(rows, s, "all", "all");
    add_equity(rows, s);
    for (const auto& row : summary)
        if (row.group_by == "pcn" && row.arm == "scenario" && row.metric == "population") add_headline(rows, s, row.group_by, row.group);
    return rows;
}

std::vector<std::vector<EconomicsRow>> economics_by_replication(const RunResult& run) {
    std::vector<std::vector<EconomicsRow>> out;
    for (std::size_t r = 0; r < run.replications.size(); ++r) out.push_back(economics(summarise_replication(run, r)));
    return out;
}

std::vector<EconomicsRow> economics_over_replications(const RunResult& run) {
    auto rows = economics(summarise(run));
    std::vector<std::vector<double>> per_replication(rows.size());
    double roi_above_1 = 0, net_positive = 0;
    for (const auto& rep : economics_by_replication(run)) {
        for (std::size_t k = 0; k < rows.size(); ++k)
            if (rep[k].value) per_replication[k].push_back(*rep[k].value);
        roi_above_1 += economics_value(rep, "roi").value_or(0.0) > 1.0 ? 1 : 0;
        net_positive += economics_value(rep, "net_benefit").value_or(0.0) > 0.0 ? 1 : 0;
    }
    for (std::size_t k = 0; k < rows.size(); ++k) {
        if (per_replication[k].empty()) continue;
        const auto spread = spread_of(per_replication[k]);
        rows[k].p2_5 = spread.p2_5, rows[k].median = spread.median, rows[k].p97_5 = spread.p97_5;
    }
    const double n = static_cast<double>(run.replications.size());
    if (n > 0) {
        rows.push_back({"prob_roi_above_1", "all", "all", roi_above_1 / n, "share of replications", {}, {}, {}});
        rows.push_back({"prob_net_benefit_positive", "all", "all", net_positive / n, "share of replications", {}, {}, {}});
    }
    return rows;
}

const EconomicsRow* find_economics_row(const std::vector<EconomicsRow>& rows, const std::string& measure, const std::string& group_by,
                                       const std::string& group) {
    for (const auto& r : rows)
        if (r.measure == measure && r.group_by == group_by && r.group == group) return &r;
    return nullptr;
}

std::optional<double> economics_value(const std::vector<EconomicsRow>& rows, const std::string& measure,
                                      const std::string& group_by, const std::string& group) {
    const auto* row = find_economics_row(rows, measure, group_by, group);
    return row ? row->value : std::nullopt;
}

}  // namespace pcnsim
