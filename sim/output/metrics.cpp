#include "sim/output/metrics.hpp"

#include <algorithm>

namespace pcnsim {

namespace {
constexpr auto kGroups = MetricScope::groups;
constexpr auto kPractice = MetricScope::practice;
constexpr auto kPcn = MetricScope::pcn;

MetricInfo flow(std::string_view name, Counter c, std::string_view unit, std::string_view description) {
    return {name, MetricKind::flow, c, Counter::count, 1.0, "", kGroups, unit, description};
}
MetricInfo stock(std::string_view name, Counter c, std::string_view unit, std::string_view description) {
    return {name, MetricKind::stock, c, Counter::count, 1.0, "", kGroups, unit, description};
}
MetricInfo cost(std::string_view name, Counter c, std::string_view param, std::string_view description,
                MetricScope scope = kGroups, double scale = 1.0) {
    return {name, MetricKind::flow, c, Counter::count, scale, param, scope, "GBP (price year 2023/24)", description};
}
MetricInfo share(std::string_view name, Counter c, std::string_view description) {
    return {name, MetricKind::ratio, c, Counter::adults, 1.0, "", kGroups, "share of adults", description};
}

const std::vector<MetricInfo> kCatalogue = {
    {"population", MetricKind::stock, Counter::population, Counter::count, 1.0, "", kGroups, "patients",
     "registered patients (mean over weeks for horizon figures)"},
    flow("gp_requests", Counter::gp_requests, "requests", "requests for a general-practice appointment made this week"),
    flow("gp_appointments", Counter::gp_appointments, "appointments", "general-practice appointments delivered"),
    {"gp_backlog", MetricKind::stock, Counter::gp_backlog, Counter::count, 1.0, "", kPractice, "requests",
     "requests waiting at the end of the week"},
    {"gp_mean_wait_weeks", MetricKind::ratio, Counter::gp_wait_weeks, Counter::gp_appointments, 1.0, "", kPractice, "weeks",
     "mean weeks from request to appointment over delivered appointments (0 with unlimited capacity)"},
    flow("gp_unmet", Counter::gp_unmet, "requests", "waiting requests abandoned (demand that went unmet)"),
    flow("gp_diverted_to_ae", Counter::gp_diverted_to_ae, "requests", "waiting requests that went to A&E instead"),
    flow("ae_attendances", Counter::ae_attendances, "attendances", "A&E attendances, including diverted GP demand"),
    flow("emergency_admissions", Counter::emergency_admissions, "admissions", "emergency admissions, via A&E and direct"),
    flow("deaths", Counter::deaths, "patients", "deaths"),
    flow("deregistrations", Counter::deregistrations, "patients", "patients leaving the list other than by death"),
    flow("registrations", Counter::registrations, "patients", "new registrations (replacing deaths and leavers)"),
    flow("frailty_onsets", Counter::frailty_onsets, "patients", "patients becoming mildly frail"),
    {"pam_mean", MetricKind::ratio, Counter::pam_sum_fixed, Counter::adults, 1.0 / kPamScale, "", kGroups, "PAM points",
     "mean Patient Activation Measure score of adults"},
    share("pam_level_1_share", Counter::pam_level_1, "adults at PAM level 1 (score 47.0 or less)"),
    share("pam_level_2_share", Counter::pam_level_2, "adults at PAM level 2 (47.1-55.1)"),
    share("pam_level_3_share", Counter::pam_level_3, "adults at PAM level 3 (55.2-67.0)"),
    share("pam_level_4_share", Counter::pam_level_4, "adults at PAM level 4 (67.1 or more)"),
    cost("cost_gp_appointments", Counter::gp_appointments, "cost.gp_appointment", "cost of delivered GP appointments"),
    cost("cost_ae_attendances", Counter::ae_attendances, "cost.ae_attendance", "cost of A&E attendances"),
    cost("cost_emergency_admissions", Counter::emergency_admissions, "cost.emergency_admission", "cost of emergency admissions"),
    // The coaching pathway (0 in the counterfactual arm).
    stock("coaching_eligible", Counter::coaching_eligible, "patients", "patients eligible under the targeting strategy at the last monthly review"),
    flow("coaching_referrals", Counter::coaching_referrals, "patients", "patients referred or invited to coaching, every route"),
    flow("coaching_invitations", Counter::coaching_invitations, "patients", "patients invited by proactive case finding (part of referrals)"),
    flow("coaching_self_referrals", Counter::coaching_self_referrals, "patients", "patients referring themselves (part of referrals)"),
    flow("coaching_accepted", Counter::coaching_accepted, "patients", "referrals accepted: the patient joins the waiting list"),
    flow("coaching_declined", Counter::coaching_declined, "patients", "referrals declined"),
    flow("coaching_started", Counter::coaching_started, "patients", "programmes started (first session attended)"),
    flow("coaching_completed", Counter::coaching_completed, "patients", "programmes completed (every session attended)"),
    flow("coaching_dropped_out", Counter::coaching_dropped_out, "patients", "programmes left before the last session (including death or leaving the list)"),
    flow("coaching_withdrawn", Counter::coaching_withdrawn, "patients", "patients leaving the waiting list by death or deregistration"),
    stock("coaching_waiting_list", Counter::coaching_waiting, "patients", "patients on the coaching waiting list at the end of the week"),
    stock("coaching_in_programme", Counter::coaching_in_programme, "patients", "patients part-way through a programme at the end of the week"),
    {"coaching_mean_wait_weeks", MetricKind::ratio, Counter::coaching_wait_weeks, Counter::coaching_started, 1.0, "", kGroups, "weeks",
     "mean weeks from accepting to the first session, over programmes started"},
    flow("coaching_sessions", Counter::coaching_sessions, "sessions", "coaching sessions attended"),
    flow("brief_interventions", Counter::brief_interventions, "consultations", "GP appointments with a brief (BWEL-style) intervention"),
    flow("skills_consultations", Counter::skills_consultations, "consultations", "GP appointments with a clinician trained in coaching skills"),
    flow("coaching_buddies_paired", Counter::buddies_paired, "patients", "coached patients newly paired with a buddy ([network] buddies)"),
    flow("spillover_recipients", Counter::spillover_recipients, "patients",
         "household members of a coached patient receiving a spill-over activation gain for the first time ([network] spillover)"),
    {"coaching_group_sessions", MetricKind::flow, Counter::group_sessions, Counter::count, 1.0, "", kPcn, "sessions",
     "group sessions run ([network] group_sessions)"},
    {"coaching_mean_group_size", MetricKind::ratio, Counter::group_attendances, Counter::group_sessions, 1.0, "", kPcn, "patients",
     "patients attending per group session"},
    {"coach_wte", MetricKind::stock, Counter::coach_wte_milli, Counter::count, 1e-3, "", kPcn, "WTE",
     "coach WTE in post (including those in training)"},
    {"coach_wte_years", MetricKind::flow, Counter::coach_wte_milli, Counter::count, 1e-3 / 52.0, "", kPcn, "WTE-years",
     "coach WTE-years in post (the horizon total is the staffing that was paid for)"},
    {"coach_utilisation", MetricKind::ratio, Counter::coaching_slots_used_milli, Counter::coaching_capacity_milli, 1.0, "", kPcn,
     "share of session slots", "session slots used over session slots available"},
    cost("cost_coaching_staff", Counter::coach_wte_milli, "cost.coach_wte_year", "coach pay and on-costs (WTE-weeks x cost per WTE-year / 52)",
         kPcn, 1e-3 / 52.0),
    cost("cost_coach_training", Counter::coach_training_wte_milli, "cost.coach_training", "training of new coaches", kPcn, 1e-3),
    cost("cost_skills_training", Counter::skills_training_wte_milli, "cost.skills_training_per_clinician",
         "coaching-skills training of GP-practice clinicians", kPcn, 1e-3),
};
}  // namespace

const std::vector<MetricInfo>& metric_catalogue() { return kCatalogue; }

const MetricInfo* find_metric(std::string_view name) {
    const auto it = std::find_if(kCatalogue.begin(), kCatalogue.end(), [&](const MetricInfo& m) { return m.name == name; });
    return it == kCatalogue.end() ? nullptr : &*it;
}

double metric_value(const MetricInfo& m, const CounterSet& sums, int weeks, const Parameters& p) {
    const double numerator = static_cast<double>(sums[m.numerator]) * m.scale;
    switch (m.kind) {
        case MetricKind::flow: return m.cost_param.empty() ? numerator : numerator * p.get(m.cost_param);
        case MetricKind::stock: return numerator / weeks;
        case MetricKind::ratio: {
            const auto denominator = sums[m.denominator];
            return denominator > 0 ? numerator / static_cast<double>(denominator) : 0.0;
        }
    }
    return 0.0;
}

}  // namespace pcnsim
