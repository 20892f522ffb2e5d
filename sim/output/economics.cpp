#include "sim/output/economics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "sim/core/declarations.hpp"
#include "sim/output/metrics.hpp"
#include "sim/output/run_values.hpp"
#include "sim/stats/descriptive.hpp"

namespace pcnsim {
namespace {

const std::string kGbp(kGbpUnit);
const std::string kDiscountedGbp = kGbp + ", discounted";

// What happens in one reported week, scenario against its counterfactual, undiscounted: costs (GBP),
// activity avoided valued at average unit cost and as cash (GBP), QALYs and counts.
enum Flow : std::size_t {
    coach_pay, training, supervision, admin, arrs_reimbursement,
    value_gp, value_ae, value_admissions, cash_gp, cash_ae, cash_admissions,
    qalys_activation, qalys_admissions,
    gp_released, ae_avoided, admissions_avoided, started, completed, wte_years,
    kFlows
};
using Flows = std::array<std::vector<double>, kFlows>;  // [flow][reported week]

struct GroupFlows {
    std::string group_by, group;
    Flows flows;
};

const MetricInfo& metric(const char* name) {
    const auto* m = find_metric(name);
    if (!m) throw std::logic_error(std::string("economics: no metric ") + name);
    return *m;
}

// The parameters the week's valuation reads, looked up once per run rather than once per week.
struct Valuation {
    double supervision_per_wte_year, admin_per_wte_year, arrs_per_wte_year;
    double cash_gp, cash_ae, cash_admissions;
    double qaly_per_pam_point_year, qaly_per_admission;

    explicit Valuation(const Parameters& p)
        : supervision_per_wte_year(p.get("cost.supervision_hours_per_coach_wte_year") * p.get("cost.gp_hour")),
          admin_per_wte_year(p.get("cost.coach_admin_per_wte_year")),
          arrs_per_wte_year(std::min(p.get("cost.coach_wte_year"), p.get("cost.arrs_cap_coach_wte_year"))),
          cash_gp(p.get("value.cash_releasing_share_gp")),
          cash_ae(p.get("value.cash_releasing_share_ae") * p.get("value.marginal_cost_share_ae")),
          cash_admissions(p.get("value.cash_releasing_share_admissions") * p.get("value.marginal_cost_share_admission")),
          qaly_per_pam_point_year(p.get("value.qaly_per_pam_point_year")),
          qaly_per_admission(p.get("value.qaly_loss_per_admission")) {}
};

// One week of one group: the metrics' own definitions price the coaches and the activity (the
// cost metrics of unit_costs and coaching_delivery), so a unit cost is applied in one place.
void value_week(Flows& f, std::size_t w, const CounterSet& s, const CounterSet& c, const Parameters& p, const Valuation& v) {
    static const MetricInfo &pay = metric("cost_coaching_staff"), &coach_training = metric("cost_coach_training"),
                            &skills_training = metric("cost_skills_training"), &wte = metric("coach_wte_years"),
                            &gp_cost = metric("cost_gp_appointments"), &ae_cost = metric("cost_ae_attendances"),
                            &admission_cost = metric("cost_emergency_admissions"), &gp = metric("gp_appointments"),
                            &ae = metric("ae_attendances"), &admissions = metric("emergency_admissions"),
                            &starts = metric("coaching_started"), &completions = metric("coaching_completed");
    const auto of = [&](const MetricInfo& m, const CounterSet& x) { return metric_value(m, x, 1, p); };
    const auto avoided = [&](const MetricInfo& m) { return of(m, c) - of(m, s); };
    const double wte_years_week = of(wte, s);
    f[coach_pay][w] = of(pay, s);
    f[training][w] = of(coach_training, s) + of(skills_training, s);
    f[wte_years][w] = wte_years_week;
    f[supervision][w] = wte_years_week * v.supervision_per_wte_year;
    f[admin][w] = wte_years_week * v.admin_per_wte_year;
    f[arrs_reimbursement][w] = wte_years_week * v.arrs_per_wte_year;
    f[value_gp][w] = avoided(gp_cost);
    f[value_ae][w] = avoided(ae_cost);
    f[value_admissions][w] = avoided(admission_cost);
    f[cash_gp][w] = v.cash_gp * f[value_gp][w];
    f[cash_ae][w] = v.cash_ae * f[value_ae][w];
    f[cash_admissions][w] = v.cash_admissions * f[value_admissions][w];
    f[gp_released][w] = avoided(gp);
    f[ae_avoided][w] = avoided(ae);
    f[admissions_avoided][w] = avoided(admissions);
    f[started][w] = of(starts, s);
    f[completed][w] = of(completions, s);
    const double pam_point_weeks = static_cast<double>(s[Counter::pam_sum_fixed] - c[Counter::pam_sum_fixed]) / kPamScale;
    f[qalys_activation][w] = pam_point_weeks / 52.0 * v.qaly_per_pam_point_year;
    f[qalys_admissions][w] = f[admissions_avoided][w] * v.qaly_per_admission;
}

// The whole run and, in a run of several PCNs, each PCN.
std::vector<std::size_t> economic_groups(const std::vector<GroupKey>& keys) {
    std::vector<std::size_t> groups{0};
    for (std::size_t g = 1; g < keys.size(); ++g)
        if (keys[g].group_by == "pcn") groups.push_back(g);
    return groups;
}

std::vector<GroupFlows> flows_of_replication(const RunResult& run, const ReplicationResult& rep, const std::vector<GroupKey>& keys) {
    const auto& params = parameters_of(run, rep);
    const Valuation valuation(params);
    std::vector<GroupFlows> out;
    for (const auto g : economic_groups(keys)) {
        GroupFlows gf{keys[g].group_by, keys[g].group, {}};
        for (auto& v : gf.flows) v.assign(rep.weeks.size(), 0.0);
        for (std::size_t w = 0; w < rep.weeks.size(); ++w)
            value_week(gf.flows, w, rep.weeks[w][g], rep.counterfactual_weeks[w][g], params, valuation);
        out.push_back(std::move(gf));
    }
    return out;
}

// Element-wise mean of the runs' flows.
std::vector<GroupFlows> mean_flows(const std::vector<std::vector<GroupFlows>>& runs) {
    auto out = runs.front();
    for (auto& g : out)
        for (auto& v : g.flows) std::fill(v.begin(), v.end(), 0.0);
    const double n = static_cast<double>(runs.size());
    for (const auto& run : runs)
        for (std::size_t g = 0; g < out.size(); ++g)
            for (std::size_t k = 0; k < kFlows; ++k)
                for (std::size_t w = 0; w < out[g].flows[k].size(); ++w) out[g].flows[k][w] += run[g].flows[k][w] / n;
    return out;
}

// Who bears which flow. NHS = PCN + rest of the NHS, flow by flow: the PCN pays coaches above what
// ARRS reimburses, supervision, admin and training, and gains GP capacity; the rest of the NHS pays
// the ARRS reimbursement and gains the acute activity avoided.
enum class Perspective { nhs, pcn, rest_of_nhs };
constexpr std::array<std::pair<Perspective, const char*>, 3> kPerspectives{
    {{Perspective::nhs, "nhs"}, {Perspective::pcn, "pcn"}, {Perspective::rest_of_nhs, "rest_of_nhs"}}};

struct PerspectiveFlows {
    std::vector<double> cost, economic, cash;
};

PerspectiveFlows perspective_flows(const Flows& f, Perspective p) {
    const std::size_t weeks = f[coach_pay].size();
    PerspectiveFlows out{std::vector<double>(weeks), std::vector<double>(weeks), std::vector<double>(weeks)};
    for (std::size_t w = 0; w < weeks; ++w) {
        const double all_costs = f[coach_pay][w] + f[training][w] + f[supervision][w] + f[admin][w];
        switch (p) {
            case Perspective::nhs:
                out.cost[w] = all_costs;
                out.economic[w] = f[value_gp][w] + f[value_ae][w] + f[value_admissions][w];
                out.cash[w] = f[cash_gp][w] + f[cash_ae][w] + f[cash_admissions][w];
                break;
            case Perspective::pcn:
                out.cost[w] = all_costs - f[arrs_reimbursement][w];
                out.economic[w] = f[value_gp][w];
                out.cash[w] = f[cash_gp][w];
                break;
            case Perspective::rest_of_nhs:
                out.cost[w] = f[arrs_reimbursement][w];
                out.economic[w] = f[value_ae][w] + f[value_admissions][w];
                out.cash[w] = f[cash_ae][w] + f[cash_admissions][w];
                break;
        }
    }
    return out;
}

double discounted_sum(const std::vector<double>& flow, double rate) {
    double sum = 0;
    for (std::size_t w = 0; w < flow.size(); ++w) sum += flow[w] * discount_factor(rate, w);
    return sum;
}

double plain_sum(const std::vector<double>& flow) {
    double sum = 0;
    for (const double x : flow) sum += x;
    return sum;
}

// value - cost each week, discounted.
std::vector<double> discounted_net(const std::vector<double>& value, const std::vector<double>& cost, double rate) {
    std::vector<double> net(value.size());
    for (std::size_t w = 0; w < net.size(); ++w) net[w] = (value[w] - cost[w]) * discount_factor(rate, w);
    return net;
}

std::optional<double> ratio(double numerator, double denominator) {
    if (denominator <= 0) return std::nullopt;
    return numerator / denominator;
}

std::optional<double> as_optional(std::optional<std::size_t> week) {
    return week ? std::optional<double>(static_cast<double>(*week)) : std::nullopt;
}

class RowWriter {
public:
    RowWriter(std::vector<EconomicsRow>& rows, const GroupFlows& g) : rows_(rows), group_by_(g.group_by), group_(g.group) {}
    void operator()(const std::string& measure, std::optional<double> v, const std::string& unit, bool headline = false) {
        rows_.push_back({measure, group_by_, group_, v, unit, {}, {}, {}, headline && group_by_ == "all"});
    }

private:
    std::vector<EconomicsRow>& rows_;
    std::string group_by_, group_;
};

void add_counts(RowWriter& put, const Flows& f, double cost_nhs) {
    const double gp = plain_sum(f[gp_released]), ae = plain_sum(f[ae_avoided]), admissions = plain_sum(f[admissions_avoided]);
    const double wte = plain_sum(f[wte_years]);
    put("coaching_started", plain_sum(f[started]), "patients", true);
    put("coaching_completed", plain_sum(f[completed]), "patients", true);
    put("coach_wte_years", wte, "WTE-years");
    put("gp_appointments_released", gp, "appointments", true);
    put("ae_attendances_avoided", ae, "attendances", true);
    put("emergency_admissions_avoided", admissions, "admissions", true);
    put("gp_appointments_released_per_coach_wte_year", ratio(gp, wte), "appointments", true);
    put("cost_per_ae_attendance_avoided", ae > 0 ? ratio(cost_nhs, ae) : std::nullopt, kDiscountedGbp + ": NHS cost per attendance");
    put("cost_per_admission_avoided", admissions > 0 ? ratio(cost_nhs, admissions) : std::nullopt, kDiscountedGbp + ": NHS cost per admission");
}

void add_costs(RowWriter& put, const Flows& f, double rate) {
    put("cost_coach_pay", discounted_sum(f[coach_pay], rate), kDiscountedGbp + ": coach pay and on-costs");
    put("cost_training", discounted_sum(f[training], rate), kDiscountedGbp + ": training of coaches and clinicians");
    put("cost_supervision", discounted_sum(f[supervision], rate), kDiscountedGbp + ": GP supervision of coaches");
    put("cost_admin", discounted_sum(f[admin], rate), kDiscountedGbp + ": admin not reimbursed");
    put("arrs_reimbursement", discounted_sum(f[arrs_reimbursement], rate), kDiscountedGbp + ": coach pay reimbursed by ARRS, up to the cap");
}

void add_perspective(RowWriter& put, const Flows& f, Perspective p, const std::string& name, double rate) {
    const auto flows = perspective_flows(f, p);
    const bool headline = p != Perspective::rest_of_nhs;
    const double cost = discounted_sum(flows.cost, rate), economic = discounted_sum(flows.economic, rate), cash = discounted_sum(flows.cash, rate);
    put("cost_" + name, cost, kDiscountedGbp, headline);
    put("economic_value_" + name, economic, kDiscountedGbp + ": activity avoided at unit cost (capacity freed, not cash)", headline);
    put("cash_released_" + name, cash, kDiscountedGbp + ": cash a budget holder would see", headline);
    put("net_benefit_economic_" + name, economic - cost, kDiscountedGbp + ": economic value minus cost", headline);
    put("net_cash_" + name, cash - cost, kDiscountedGbp + ": cash released minus cost", headline);
    put("roi_economic_" + name, ratio(economic, cost), "economic value per pound spent", headline);
    put("roi_cash_" + name, ratio(cash, cost), "cash released per pound spent");
    const auto payback = [&](const std::vector<double>& value) {
        return cost > 0 ? as_optional(payback_week(discounted_net(value, flows.cost, rate))) : std::nullopt;  // nothing spent, nothing to pay back
    };
    put("payback_week_economic_" + name, payback(flows.economic),
        "reported week (0 = the first) when cumulative discounted economic net benefit reaches 0; empty: not within the horizon", headline);
    put("payback_week_cash_" + name, payback(flows.cash),
        "reported week (0 = the first) when cumulative discounted net cash reaches 0; empty: not within the horizon");
}

void add_qalys(RowWriter& put, const Flows& f, const EconomicSettings& settings) {
    const double rate = settings.discount_rate;
    const double from_activation = discounted_sum(f[qalys_activation], rate), from_admissions = discounted_sum(f[qalys_admissions], rate);
    const double qalys = from_activation + from_admissions;
    const auto nhs = perspective_flows(f, Perspective::nhs);
    const double net_benefit = discounted_sum(nhs.economic, rate) - discounted_sum(nhs.cost, rate);
    put("qalys_gained", qalys, "QALYs, discounted", true);
    put("qalys_gained_activation", from_activation, "QALYs, discounted: from the paired PAM difference");
    put("qalys_gained_admissions", from_admissions, "QALYs, discounted: from emergency admissions avoided");
    put("icer_nhs", qalys > 0 ? std::optional<double>(-net_benefit / qalys) : std::nullopt,
        kGbp + " per QALY: NHS net cost per QALY gained; empty when no QALY is gained", true);
    for (const double t : settings.thresholds)
        put(threshold_measure("nmb", t), t * qalys + net_benefit, kDiscountedGbp + fmt::format(": net monetary benefit at {} per QALY", t), true);
}

std::vector<EconomicsRow> measures_of(const std::vector<GroupFlows>& groups, const EconomicSettings& settings) {
    std::vector<EconomicsRow> rows;
    for (const auto& g : groups) {
        RowWriter put(rows, g);
        const double rate = settings.discount_rate;
        add_counts(put, g.flows, discounted_sum(perspective_flows(g.flows, Perspective::nhs).cost, rate));
        add_costs(put, g.flows, rate);
        for (const auto& [p, name] : kPerspectives) add_perspective(put, g.flows, p, name, rate);
        add_qalys(put, g.flows, settings);
    }
    return rows;
}

// Equity: reach and benefit per 1,000 patients of each IMD quintile per year, from the counters.
struct EquityMeasure {
    const char* measure;
    const char* metric;
    View view;
    double sign;
};
constexpr EquityMeasure kEquity[] = {{"reach_per_1000", "coaching_started", View::scenario, 1.0},
                                     {"gp_appointments_released_per_1000", "gp_appointments", View::difference, -1.0},
                                     {"ae_attendances_avoided_per_1000", "ae_attendances", View::difference, -1.0},
                                     {"emergency_admissions_avoided_per_1000", "emergency_admissions", View::difference, -1.0}};
using EquityRates = std::array<std::array<double, kImdQuintiles>, std::size(kEquity)>;

std::size_t quintile_group(const std::vector<GroupKey>& keys, int q) {
    for (std::size_t g = 0; g < keys.size(); ++g)
        if (keys[g].group_by == "imd_quintile" && keys[g].group == std::to_string(q)) return g;
    throw std::logic_error("economics: no IMD quintile group");
}

EquityRates equity_of_replication(const RunResult& run, const ReplicationResult& rep, const std::vector<GroupKey>& keys) {
    EquityRates rates{};
    const auto& params = parameters_of(run, rep);
    for (std::size_t e = 0; e < std::size(kEquity); ++e) {
        const auto& m = metric(kEquity[e].metric);
        for (int q = 1; q <= kImdQuintiles; ++q) {
            const auto g = quintile_group(keys, q);
            const auto rate = [&](Arm a) { return metric_over_weeks(m, rep.arm(a), 0, rep.arm(a).size(), g, params).second; };
            const double value = kEquity[e].view == View::scenario ? rate(Arm::scenario) : rate(Arm::scenario) - rate(Arm::counterfactual);
            rates[e][static_cast<std::size_t>(q - 1)] = 0.0 + kEquity[e].sign * value;  // 0.0 + x: never "-0"
        }
    }
    return rates;
}

void add_equity(std::vector<EconomicsRow>& rows, const EquityRates& rates) {
    for (std::size_t e = 0; e < std::size(kEquity); ++e) {
        for (int q = 1; q <= kImdQuintiles; ++q)
            rows.push_back({kEquity[e].measure, "imd_quintile", std::to_string(q), rates[e][static_cast<std::size_t>(q - 1)],
                            "per 1,000 patients per year", {}, {}, {}});
        const double q1 = rates[e][0], q5 = rates[e][kImdQuintiles - 1];
        rows.push_back({kEquity[e].measure, "imd_quintile", "q1_to_q5", q5 > 0 ? ratio(q1, q5) : std::nullopt,
                        "ratio of quintile 1 (most deprived) to quintile 5", {}, {}, {}});
    }
}

EquityRates mean_equity(const std::vector<EquityRates>& runs) {
    EquityRates mean{};
    for (const auto& r : runs)
        for (std::size_t e = 0; e < r.size(); ++e)
            for (std::size_t q = 0; q < r[e].size(); ++q) mean[e][q] += r[e][q] / static_cast<double>(runs.size());
    return mean;
}

struct RunFlows {
    std::vector<std::vector<GroupFlows>> flows;
    std::vector<EquityRates> equity;
};

RunFlows run_flows(const RunResult& run) {
    const auto keys = run_group_keys(run);
    RunFlows out;
    for (const auto& rep : run.replications) {
        out.flows.push_back(flows_of_replication(run, rep, keys));
        out.equity.push_back(equity_of_replication(run, rep, keys));
    }
    return out;
}

// Each run's own measures, equity included.
std::vector<std::vector<EconomicsRow>> per_run_measures(const RunFlows& flows, const EconomicSettings& settings) {
    std::vector<std::vector<EconomicsRow>> out;
    for (std::size_t r = 0; r < flows.flows.size(); ++r) {
        out.push_back(measures_of(flows.flows[r], settings));
        add_equity(out.back(), flows.equity[r]);
    }
    return out;
}

// The probability rows: the share of runs where a measure passes a bar (a payback week is "passed"
// when it is defined: any week >= 0 is above -1).
struct Probability {
    std::string name, measure;
    double above;
    std::string unit;
};

std::vector<Probability> probabilities(const EconomicSettings& settings) {
    std::vector<Probability> out{
        {"prob_roi_economic_nhs_above_1", "roi_economic_nhs", 1.0, "share of runs with economic ROI above 1 (NHS)"},
        {"prob_roi_economic_pcn_above_1", "roi_economic_pcn", 1.0, "share of runs with economic ROI above 1 (PCN)"},
        {"prob_net_cash_nhs_positive", "net_cash_nhs", 0.0, "share of runs with more cash released than spent (NHS)"},
        {"prob_payback_within_horizon_nhs", "payback_week_economic_nhs", -1.0, "share of runs paying back (economic, NHS) within the horizon"},
    };
    for (const double t : settings.thresholds)
        out.push_back({threshold_measure("prob_cost_effective", t), threshold_measure("nmb", t), 0.0,
                       fmt::format("share of runs with positive net monetary benefit at {} per QALY", t)});
    return out;
}

}  // namespace

double discount_factor(double annual_rate, std::size_t week) { return std::pow(1.0 + annual_rate, -static_cast<double>(week) / 52.0); }

std::optional<std::size_t> payback_week(const std::vector<double>& net) {
    double cumulative = 0;
    for (std::size_t w = 0; w < net.size(); ++w) {
        cumulative += net[w];
        if (cumulative >= 0) return w;
    }
    return std::nullopt;
}

namespace {
// The whole run's rows as a run of one week of zeros gives them: every name and unit, in row order.
std::vector<EconomicsRow> measure_catalogue(const EconomicSettings& settings) {
    GroupFlows one_week{"all", "all", {}};
    for (auto& v : one_week.flows) v.assign(1, 0.0);
    auto rows = measures_of({one_week}, settings);
    for (const auto& p : probabilities(settings)) rows.push_back({p.name, "all", "all", {}, p.unit, {}, {}, {}, true});
    return rows;
}

std::vector<std::string> measure_names(const EconomicSettings& settings, bool headline_only) {
    std::vector<std::string> names;
    for (const auto& row : measure_catalogue(settings))
        if (row.headline || !headline_only) names.push_back(row.measure);
    return names;
}
}  // namespace

std::vector<std::string> headline_measures(const EconomicSettings& settings) { return measure_names(settings, true); }

std::vector<std::string> economics_measures(const EconomicSettings& settings) { return measure_names(settings, false); }

std::string economics_unit(const EconomicSettings& settings, const std::string& measure) {
    const auto rows = measure_catalogue(settings);
    const auto* row = find_economics_row(rows, measure);
    return row ? row->unit : std::string();
}

std::string threshold_measure(const char* prefix, double threshold) { return fmt::format("{}_{}", prefix, threshold); }

std::vector<std::vector<EconomicsRow>> economics_by_replication(const RunResult& run) {
    return per_run_measures(run_flows(run), economic_settings(run.scenario));
}

std::vector<EconomicsRow> probability_rows(const std::vector<std::vector<EconomicsRow>>& per_run, const EconomicSettings& settings) {
    std::vector<EconomicsRow> rows;
    if (per_run.empty()) return rows;
    for (const auto& p : probabilities(settings)) {
        double passing = 0;
        for (const auto& run : per_run) {
            const auto v = economics_value(run, p.measure);
            passing += v && *v > p.above ? 1 : 0;
        }
        rows.push_back({p.name, "all", "all", passing / static_cast<double>(per_run.size()), p.unit, {}, {}, {}, true});
    }
    return rows;
}

std::vector<EconomicsRow> economics_over_replications(const RunResult& run) {
    if (run.replications.empty()) return {};
    const auto settings = economic_settings(run.scenario);
    const auto flows = run_flows(run);
    auto rows = measures_of(mean_flows(flows.flows), settings);
    add_equity(rows, mean_equity(flows.equity));
    const auto per_run = per_run_measures(flows, settings);
    for (std::size_t k = 0; k < rows.size(); ++k) {
        std::vector<double> values;
        for (const auto& rep : per_run)
            if (rep[k].value) values.push_back(*rep[k].value);
        if (values.empty()) continue;
        const auto spread = spread_of(values);
        rows[k].p2_5 = spread.p2_5, rows[k].median = spread.median, rows[k].p97_5 = spread.p97_5;
    }
    const auto probs = probability_rows(per_run, settings);
    rows.insert(rows.end(), probs.begin(), probs.end());
    return rows;
}

namespace {

// Each replication's weekly flow summed week by week, then the spread over replications at each week.
RunningTotal running_total(std::string key, std::vector<std::vector<double>> weekly) {
    RunningTotal total{std::move(key), {}, {}, {}};
    for (auto& run : weekly)
        for (std::size_t w = 1; w < run.size(); ++w) run[w] += run[w - 1];
    for (std::size_t w = 0; !weekly.empty() && w < weekly.front().size(); ++w) {
        std::vector<double> at_week;
        for (const auto& run : weekly) at_week.push_back(run[w]);
        const auto spread = spread_of(at_week);
        total.mean.push_back(spread.mean);
        total.p2_5.push_back(spread.p2_5);
        total.p97_5.push_back(spread.p97_5);
    }
    return total;
}

}  // namespace

RunningTotals running_totals(const RunResult& run) {
    RunningTotals out;
    if (run.replications.empty()) return out;
    const double rate = economic_settings(run.scenario).discount_rate;
    const auto keys = run_group_keys(run);
    std::vector<Flows> runs;  // whole PCN, one per replication
    for (const auto& rep : run.replications) runs.push_back(flows_of_replication(run, rep, keys).front().flows);
    for (const auto& [p, name] : kPerspectives) {
        if (p == Perspective::rest_of_nhs) continue;
        for (const bool cash : {false, true}) {
            std::vector<std::vector<double>> weekly;  // [run][week]
            for (const auto& f : runs) {
                const auto flows = perspective_flows(f, p);
                weekly.push_back(discounted_net(cash ? flows.cash : flows.economic, flows.cost, rate));
            }
            out.net_benefit.push_back(running_total(fmt::format("{},{}", name, cash ? "cash" : "economic"), std::move(weekly)));
        }
    }
    for (const auto& [flow, measure] : {std::pair{gp_released, "gp_appointments_released"}, std::pair{ae_avoided, "ae_attendances_avoided"},
                                        std::pair{admissions_avoided, "emergency_admissions_avoided"}}) {
        std::vector<std::vector<double>> weekly;
        for (const auto& f : runs) weekly.push_back(f[flow]);
        out.activity.push_back(running_total(measure, std::move(weekly)));
    }
    return out;
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
