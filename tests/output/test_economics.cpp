// Decision economics (sim/output/economics.hpp) on constructed runs whose weekly counters are set
// by hand, so that every measure has a closed form: discounting a constant weekly stream, the
// perspectives adding up, cash at the cash-releasing share and marginal cost, QALYs, ICER, net
// monetary benefit, payback, and the acceptability curve.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/engine/groups.hpp"
#include "sim/output/ceac.hpp"
#include "sim/output/economics.hpp"

using namespace pcnsim;

namespace {

// One replication of a one-practice run, every week alike: 1 coach WTE in post; the counterfactual
// has 10 GP appointments and 1 emergency admission a week, the scenario 8 and none; the scenario's
// adults hold `pam_point_weeks` more PAM points in total each week.
struct WeekPattern {
    double pam_point_weeks = 52;  // 1 PAM point-year a week
    std::int64_t gp_scenario = 8, gp_counterfactual = 10;
    std::int64_t admissions_scenario = 0, admissions_counterfactual = 1;
};

ReplicationResult constructed_replication(std::size_t weeks, std::size_t groups, const WeekPattern& p) {
    ReplicationResult rep;
    rep.weeks.assign(weeks, std::vector<CounterSet>(groups));
    rep.counterfactual_weeks.assign(weeks, std::vector<CounterSet>(groups));
    for (std::size_t w = 0; w < weeks; ++w) {
        auto& s = rep.weeks[w][0];
        auto& c = rep.counterfactual_weeks[w][0];
        s[Counter::coach_wte_milli] = 1000;
        s[Counter::gp_appointments] = p.gp_scenario;
        c[Counter::gp_appointments] = p.gp_counterfactual;
        s[Counter::emergency_admissions] = p.admissions_scenario;
        c[Counter::emergency_admissions] = p.admissions_counterfactual;
        s[Counter::pam_sum_fixed] = static_cast<std::int64_t>(p.pam_point_weeks * kPamScale);
    }
    return rep;
}

RunResult constructed_run(std::size_t weeks, const std::vector<WeekPattern>& replications) {
    RunResult run;
    run.scenario = default_scenario();
    run.scenario.coaching.present = true;
    run.practice_codes = {"P1"};
    run.practice_list_sizes = {1000};
    run.pcn_codes = {"PCN1"};
    const auto groups = group_keys(run.practice_codes).size();
    for (const auto& p : replications) run.replications.push_back(constructed_replication(weeks, groups, p));
    return run;
}

double value_of(const std::vector<EconomicsRow>& rows, const std::string& measure) {
    const auto v = economics_value(rows, measure);
    REQUIRE_MESSAGE(v.has_value(), measure);
    return *v;
}

// sum_{w < weeks} (1 + r)^(-w / 52): a geometric series with ratio q = (1 + r)^(-1/52).
double annuity(double rate, std::size_t weeks) {
    const double q = std::pow(1.0 + rate, -1.0 / 52.0);
    return rate == 0 ? static_cast<double>(weeks) : (1.0 - std::pow(q, static_cast<double>(weeks))) / (1.0 - q);
}

}  // namespace

TEST_CASE("economics: a constant weekly stream is discounted as the closed-form geometric series") {
    for (const double rate : {0.0, 0.015, 0.035}) {
        CAPTURE(rate);
        double sum = 0;
        for (std::size_t w = 0; w < 520; ++w) sum += discount_factor(rate, w);
        CHECK(sum == doctest::Approx(annuity(rate, 520)).epsilon(1e-12));
        CHECK(discount_factor(rate, 52) == doctest::Approx(1.0 / (1.0 + rate)).epsilon(1e-14));  // a year on: one year's discount
    }
}

TEST_CASE("economics: costs by perspective, value, cash, QALYs, ICER and NMB follow from the weekly counts") {
    const std::size_t weeks = 104;
    auto run = constructed_run(weeks, {WeekPattern{}});
    run.scenario.parameters.set("value.cash_releasing_share_admissions", 0.5);
    run.scenario.parameters.set("value.marginal_cost_share_admission", 0.6);
    const auto& p = run.scenario.parameters;
    const auto rows = economics_over_replications(run);
    const double a = annuity(0.035, weeks);  // the default discount rate
    const double coach = p.get("cost.coach_wte_year"), gp_cost = p.get("cost.gp_appointment"), admission = p.get("cost.emergency_admission");
    const double extras = p.get("cost.supervision_hours_per_coach_wte_year") * p.get("cost.gp_hour") + p.get("cost.coach_admin_per_wte_year");
    const double reimbursed = std::min(coach, p.get("cost.arrs_cap_coach_wte_year"));
    CHECK(value_of(rows, "cost_nhs") == doctest::Approx(a * (coach + extras) / 52).epsilon(1e-12));
    CHECK(value_of(rows, "arrs_reimbursement") == doctest::Approx(a * reimbursed / 52).epsilon(1e-12));
    CHECK(value_of(rows, "cost_pcn") == doctest::Approx(a * (coach - reimbursed + extras) / 52).epsilon(1e-12));
    CHECK(value_of(rows, "economic_value_pcn") == doctest::Approx(a * 2 * gp_cost).epsilon(1e-12));
    CHECK(value_of(rows, "economic_value_nhs") == doctest::Approx(a * (2 * gp_cost + admission)).epsilon(1e-12));
    CHECK(value_of(rows, "cash_released_nhs") == doctest::Approx(a * admission * 0.5 * 0.6).epsilon(1e-12));
    CHECK(value_of(rows, "cash_released_pcn") == 0.0);  // the GP share stays at 0
    // Counts are not discounted.
    CHECK(value_of(rows, "gp_appointments_released") == doctest::Approx(2.0 * weeks));
    CHECK(value_of(rows, "emergency_admissions_avoided") == doctest::Approx(1.0 * weeks));
    // QALYs: 1 PAM point-year a week at the utility per point-year, and one admission a week avoided.
    const double qalys = a * (p.get("value.qaly_per_pam_point_year") + p.get("value.qaly_loss_per_admission"));
    CHECK(value_of(rows, "qalys_gained") == doctest::Approx(qalys).epsilon(1e-12));
    const double net = value_of(rows, "economic_value_nhs") - value_of(rows, "cost_nhs");
    CHECK(value_of(rows, "net_benefit_economic_nhs") == doctest::Approx(net).epsilon(1e-12));
    CHECK(value_of(rows, "nmb_20000") == doctest::Approx(20000 * qalys + net).epsilon(1e-12));
    CHECK(value_of(rows, "nmb_30000") == doctest::Approx(30000 * qalys + net).epsilon(1e-12));
    if (net < 0) CHECK(value_of(rows, "icer_nhs") == doctest::Approx(-net / qalys).epsilon(1e-12));
    CHECK(value_of(rows, "roi_economic_nhs") == doctest::Approx(value_of(rows, "economic_value_nhs") / value_of(rows, "cost_nhs")));
}

TEST_CASE("economics: the NHS perspective is the PCN's plus the rest of the NHS's, measure by measure") {
    auto run = constructed_run(60, {WeekPattern{}, WeekPattern{10, 9, 10, 0, 2}});
    run.scenario.parameters.set("cost.coach_wte_year", 50000);  // above the ARRS cap: the PCN pays the excess
    run.scenario.parameters.set("value.cash_releasing_share_gp", 0.2);
    run.scenario.parameters.set("value.cash_releasing_share_ae", 0.3);
    const auto rows = economics_over_replications(run);
    for (const char* m : {"cost", "economic_value", "cash_released", "net_benefit_economic", "net_cash"}) {
        CAPTURE(m);
        const double nhs = value_of(rows, fmt::format("{}_nhs", m));
        const double parts = value_of(rows, fmt::format("{}_pcn", m)) + value_of(rows, fmt::format("{}_rest_of_nhs", m));
        CHECK(nhs == doctest::Approx(parts).epsilon(1e-12));
    }
    CHECK(value_of(rows, "cost_pcn") > value_of(rows, "cost_supervision") + value_of(rows, "cost_admin"));  // the excess over the cap
}

TEST_CASE("economics: payback is the first week the running sum of net benefit reaches zero") {
    CHECK(payback_week({-10, -10, 5, 5, 5, 5, 1}) == std::optional<std::size_t>(5));
    CHECK(payback_week({-10, -10, 5, 5, 5, 4.9, 100}) == std::optional<std::size_t>(6));
    CHECK(payback_week({-1, 0.5}) == std::nullopt);  // not within the horizon
    CHECK(payback_week({1, 1, -0.5}) == std::optional<std::size_t>(0));
    // On a run: 1 WTE costs about 890 GBP a week against 2 GP appointments (84 GBP) and one
    // admission (2,600 GBP) a week, so the NHS is ahead from the first week.
    const auto rows = economics_over_replications(constructed_run(20, {WeekPattern{}}));
    CHECK(value_of(rows, "payback_week_economic_nhs") == 0.0);
    CHECK(value_of(rows, "prob_payback_within_horizon_nhs") == 1.0);
    // With 1 GP appointment a week released (42 GBP) against supervision and admin (about 80 GBP a
    // week), the PCN is behind every week and never paid back within the horizon.
    const auto one_released = economics_over_replications(constructed_run(20, {WeekPattern{52, 9, 10, 0, 1}}));
    CHECK(value_of(one_released, "net_benefit_economic_pcn") < 0);
    CHECK_FALSE(economics_value(one_released, "payback_week_economic_pcn").has_value());
}

TEST_CASE("economics: [economics] settings change the discount rate and the thresholds measured") {
    auto run = constructed_run(104, {WeekPattern{}});
    run.scenario.module_settings["economics.discount_rate"] = 0.0;
    run.scenario.module_lists["economics.thresholds"] = {13000};
    const auto rows = economics_over_replications(run);
    const auto& p = run.scenario.parameters;
    CHECK(value_of(rows, "economic_value_pcn") == doctest::Approx(104 * 2 * p.get("cost.gp_appointment")));
    CHECK(economics_value(rows, "nmb_13000").has_value());
    CHECK_FALSE(economics_value(rows, "nmb_20000").has_value());
    CHECK(find_economics_row(rows, "prob_cost_effective_13000") != nullptr);
    const auto names = headline_measures(economic_settings(run.scenario));
    CHECK(std::find(names.begin(), names.end(), "nmb_13000") != names.end());
}

TEST_CASE("ceac: the share of runs cost-effective at each threshold, and which option has the highest NMB") {
    // Two replications releasing no activity: in the first the scenario gains 0.1 QALY a week (100
    // PAM point-years) for about 890 GBP, cost-effective above about 8,900 GBP per QALY; in the second none.
    auto run = constructed_run(52, {WeekPattern{5200, 10, 10, 0, 0}, WeekPattern{0, 10, 10, 0, 0}});
    run.scenario.name = "coaching";
    const auto per_run = economics_by_replication(run);
    const auto rows = ceac({run});
    REQUIRE(rows.size() == 51 * 2);
    for (const auto& r : rows) {
        CAPTURE(r.threshold);
        double effective = 0;
        for (const auto& e : per_run) effective += r.threshold * economics_value(e, "qalys_gained").value_or(0) +
                                                           economics_value(e, "net_benefit_economic_nhs").value_or(0) > 0 ? 0.5 : 0;
        if (r.option == "coaching") {
            CHECK(r.prob_cost_effective == effective);
            CHECK(r.prob_highest_nmb == effective);  // the only alternative is no coaching at NMB 0
        } else {
            CHECK(r.option == kNoCoaching);
            CHECK(r.prob_cost_effective == 1.0 - effective);
        }
    }
    CHECK(rows.front().prob_cost_effective == 0.0);
    CHECK(rows.back().prob_cost_effective == 0.5);  // the first run turns cost-effective on the way
}

TEST_CASE("economics: the activity made available by week is each run's running total, ending at the run's total") {
    // Two runs: 2 GP appointments and 1 admission a week released in the first, 1 and 2 in the second.
    const std::size_t weeks = 30;
    const auto run = constructed_run(weeks, {WeekPattern{}, WeekPattern{52, 9, 10, 0, 2}});
    const auto curves = running_totals(run).activity;
    REQUIRE(curves.size() == 3);
    CHECK(curves[0].key == "gp_appointments_released");
    CHECK(curves[2].key == "emergency_admissions_avoided");
    for (const auto& c : curves) REQUIRE(c.mean.size() == weeks);
    for (std::size_t w = 0; w < weeks; ++w) {
        const double n = static_cast<double>(w + 1);
        CHECK(curves[0].mean[w] == doctest::Approx(1.5 * n));  // (2 + 1) / 2 a week
        CHECK(curves[0].p2_5[w] == doctest::Approx(1.0 * n + 0.025 * n));  // type-7 quantile between n and 2n
        CHECK(curves[0].p97_5[w] == doctest::Approx(2.0 * n - 0.025 * n));
        CHECK(curves[1].mean[w] == 0.0);  // no A&E difference in these runs
        CHECK(curves[2].mean[w] == doctest::Approx(1.5 * n));
    }
    const auto rows = economics_over_replications(run);
    CHECK(curves[0].mean.back() == doctest::Approx(value_of(rows, "gp_appointments_released")));
    CHECK(curves[2].mean.back() == doctest::Approx(value_of(rows, "emergency_admissions_avoided")));
}
