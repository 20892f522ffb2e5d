#include "sim/output/metrics.hpp"

namespace pcnsim {

namespace {
MetricInfo flow(std::string_view name, Counter c, std::string_view unit, std::string_view description) {
    return {name, MetricKind::flow, c, Counter::count, 1.0, "", false, unit, description};
}
MetricInfo cost(std::string_view name, Counter c, std::string_view param, std::string_view description) {
    return {name, MetricKind::flow, c, Counter::count, 1.0, param, false, "GBP (price year 2023/24)", description};
}
MetricInfo share(std::string_view name, Counter c, std::string_view description) {
    return {name, MetricKind::ratio, c, Counter::adults, 1.0, "", false, "share of adults", description};
}

const std::vector<MetricInfo> kCatalogue = {
    {"population", MetricKind::stock, Counter::population, Counter::count, 1.0, "", false, "patients",
     "registered patients (mean over weeks for horizon figures)"},
    flow("gp_requests", Counter::gp_requests, "requests", "requests for a general-practice appointment made this week"),
    flow("gp_appointments", Counter::gp_appointments, "appointments", "general-practice appointments delivered"),
    {"gp_backlog", MetricKind::stock, Counter::gp_backlog, Counter::count, 1.0, "", true, "requests",
     "requests waiting at the end of the week"},
    {"gp_mean_wait_weeks", MetricKind::ratio, Counter::gp_wait_weeks, Counter::gp_appointments, 1.0, "", true, "weeks",
     "mean weeks from request to appointment over delivered appointments (0 with unlimited capacity)"},
    flow("gp_unmet", Counter::gp_unmet, "requests", "waiting requests abandoned (demand that went unmet)"),
    flow("gp_diverted_to_ae", Counter::gp_diverted_to_ae, "requests", "waiting requests that went to A&E instead"),
    flow("ae_attendances", Counter::ae_attendances, "attendances", "A&E attendances, including diverted GP demand"),
    flow("emergency_admissions", Counter::emergency_admissions, "admissions", "emergency admissions, via A&E and direct"),
    flow("deaths", Counter::deaths, "patients", "deaths"),
    flow("deregistrations", Counter::deregistrations, "patients", "patients leaving the list other than by death"),
    flow("registrations", Counter::registrations, "patients", "new registrations (replacing deaths and leavers)"),
    flow("frailty_onsets", Counter::frailty_onsets, "patients", "patients becoming mildly frail"),
    {"pam_mean", MetricKind::ratio, Counter::pam_sum_fixed, Counter::adults, 1.0 / kPamScale, "", false, "PAM points",
     "mean Patient Activation Measure score of adults"},
    share("pam_level_1_share", Counter::pam_level_1, "adults at PAM level 1 (score 47.0 or less)"),
    share("pam_level_2_share", Counter::pam_level_2, "adults at PAM level 2 (47.1-55.1)"),
    share("pam_level_3_share", Counter::pam_level_3, "adults at PAM level 3 (55.2-67.0)"),
    share("pam_level_4_share", Counter::pam_level_4, "adults at PAM level 4 (67.1 or more)"),
    cost("cost_gp_appointments", Counter::gp_appointments, "cost.gp_appointment", "cost of delivered GP appointments"),
    cost("cost_ae_attendances", Counter::ae_attendances, "cost.ae_attendance", "cost of A&E attendances"),
    cost("cost_emergency_admissions", Counter::emergency_admissions, "cost.emergency_admission", "cost of emergency admissions"),
};
}  // namespace

const std::vector<MetricInfo>& metric_catalogue() { return kCatalogue; }

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
