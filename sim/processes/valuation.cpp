// Valuation: what the economics (sim/output/economics.cpp) needs beyond the unit costs to value a
// scenario against its paired counterfactual from two perspectives (MODEL.md section 10): who pays
// for a coach (ARRS reimbursement up to a cap; the PCN the rest, GP supervision and admin), how much
// of the activity avoided turns into cash, and what activation change and avoided admissions are
// worth in QALYs; and the [economics] settings (discount rate, cost-effectiveness thresholds).
//
// Declared as a module of its own, at the end of the list, because a parameter's position keys its
// PSA draws: adding these to unit_costs would have moved every later module's draws.
#include "sim/processes/module.hpp"

namespace pcnsim {

const Module& valuation_module() {
    using namespace declare;
    static const Module m{
        .declaration = {
            .name = "valuation",
            .purpose = "who bears which cost, the cash a budget holder would see, QALYs, discounting and thresholds",
            .parameters = {
            {"cost.arrs_cap_coach_wte_year", "GBP per coach WTE-year", 42437, 0, 60000, fixed(),
             "Network Contract DES 2024/25 (Oct 2024 uplift): ARRS maximum reimbursement for a health and wellbeing coach, band 5 "
             "(band 4: 33,396); pay and on-costs above it fall on the PCN"},
            {"cost.gp_hour", "GBP per GP hour", 222, 150, 300, logn(222, 0.1),
             "PSSRU Unit Costs of Health and Social Care 2024, table 9.4.2: GP per hour of patient contact"},
            {"cost.supervision_hours_per_coach_wte_year", "GP hours per coach WTE-year", 12, 0, 48, logn(12, 0.35),
             "seeds 000 and 003: about 1 hour a month of GP clinical supervision per coach (assumption beyond that)"},
            {"cost.coach_admin_per_wte_year", "GBP per coach WTE-year", 1500, 0, 5000, logn(1500, 0.5),
             "assumption: IT, room, travel and management time not reimbursed by ARRS"},
            {"value.cash_releasing_share_gp", "share of avoided GP appointments", 0, 0, 0.7, fixed(),
             "avoided activity frees capacity, not cash, unless capacity is decommissioned (HM Treasury 2014 CBA guidance); a choice, not an uncertainty"},
            {"value.cash_releasing_share_ae", "share of avoided A&E attendances", 0, 0, 0.7, fixed(),
             "as value.cash_releasing_share_gp; historic marginal rate for emergency activity 30-70% (HFMA 2013, 2017)"},
            {"value.cash_releasing_share_admissions", "share of avoided emergency admissions", 0, 0, 0.7, fixed(),
             "as value.cash_releasing_share_ae"},
            {"value.marginal_cost_share_ae", "marginal / average cost of an A&E attendance", 1, 0.3, 1, fixed(),
             "assumption: a budget holder sees the cash of an avoided attendance at marginal cost; default the average "
             "(National Cost Collection) cost; enter a 30-70% marginal rate here or in the cash-releasing share, not both"},
            {"value.marginal_cost_share_admission", "marginal / average cost of an emergency admission", 1, 0.3, 1, fixed(),
             "as value.marginal_cost_share_ae; HFMA 2013, 2017 (marginal rate 30-70% for emergency activity above a baseline)"},
            {"value.qaly_per_pam_point_year", "QALY per PAM point per year", 0.001, 0, 0.002, unif(0, 0.002),
             "assumption: no source links PAM change to EQ-5D; upper bound from Turner 2015 (EQ-5D +0.06 SD with +8 PAM, "
             "uncontrolled); PROTECTS and Dwinger 2020 found no quality-of-life gain"},
            {"value.qaly_loss_per_admission", "QALY per emergency admission", 0.01, 0, 0.03, beta(2, 198), "assumption"},
            },
            .sections = {{"economics", "how the economics are reported (not simulated): discounting and thresholds", {
                {"discount_rate", KeyType::number, "a year, for costs and QALYs, from the first reported week (NICE 3.5%; 1.5% a sensitivity)", 0, 0.15},
                {"thresholds", KeyType::list, "GBP per QALY for net monetary benefit and P(cost-effective), e.g. [20000, 30000]", 0, 1e6},
            }}},
        },
    };
    return m;
}

}  // namespace pcnsim
