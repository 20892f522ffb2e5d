#include "sim/processes/targeting.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>

namespace pcnsim {

int gp_appointments_12m(const AgentStore& a, std::size_t i) {
    const auto& h = a.gp_history[i];
    return h[0] + h[1] + h[2] + h[3];
}
int ae_attendances_12m(const AgentStore& a, std::size_t i) {
    int n = 0;
    for (const auto q : a.acute_history[i]) n += q & 0x0F;
    return n;
}
int emergency_admissions_12m(const AgentStore& a, std::size_t i) {
    int n = 0;
    for (const auto q : a.acute_history[i]) n += q >> 4;
    return n;
}

RiskScore::RiskScore(const Parameters& p)
    : intercept_(p.get("risk.intercept")),
      per_decade_over_50_(p.get("risk.per_decade_over_50")),
      per_frailty_level_(p.get("risk.per_frailty_level")),
      per_condition_(p.get("risk.per_condition")),
      care_home_(p.get("risk.care_home")),
      per_admission_(p.get("risk.per_admission_12m")),
      per_ae_(p.get("risk.per_ae_12m")),
      per_10_gp_(p.get("risk.per_10_gp_12m")) {}

double RiskScore::operator()(const AgentStore& a, std::size_t i) const {
    const double x = intercept_ + per_decade_over_50_ * std::max(0, a.age[i] - 50) / 10.0 +
                     per_frailty_level_ * static_cast<int>(a.frailty[i]) + per_condition_ * std::popcount(a.conditions[i]) +
                     (a.care_home[i] ? care_home_ : 0.0) + per_admission_ * std::min(3, emergency_admissions_12m(a, i)) +
                     per_ae_ * std::min(5, ae_attendances_12m(a, i)) + per_10_gp_ * gp_appointments_12m(a, i) / 10.0;
    return 1.0 / (1.0 + std::exp(-x));
}

Eligibility::Eligibility(const Targeting& targeting, const Parameters& p)
    : targeting_(targeting), risk_(p), any_of_thresholds_(targeting.any_of.size()) {}

namespace {
// The value at the top `percent` of a list: patients at or above it are eligible (ties at the
// boundary are all in, so the share can exceed `percent` slightly). A partial sort, as only the
// n-th largest value matters.
template <class T>
T top_percent_threshold(std::vector<T>& values, double percent, T everyone) {
    if (percent >= 100.0 || values.empty()) return everyone;
    const auto n = static_cast<std::size_t>(std::floor(percent / 100.0 * static_cast<double>(values.size())));
    if (n == 0) return *std::max_element(values.begin(), values.end()) + 1;  // nobody
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n - 1), values.end(), std::greater<>());
    return values[n - 1];
}
}  // namespace

RuleThresholds Eligibility::thresholds_for(const EligibilityRule& rule, std::vector<double>& risk, std::vector<int>& gp) const {
    return {top_percent_threshold(risk, rule.risk_top_percent, 0.0), top_percent_threshold(gp, rule.gp_appointments_12m_top_percent, 0)};
}

void Eligibility::review(const AgentStore& a) {
    // Only the lists some rule ranks on are built: the risk score is the costly one.
    bool rank_risk = targeting_.all_of.risk_top_percent < 100.0, rank_gp = targeting_.all_of.gp_appointments_12m_top_percent < 100.0;
    for (const auto& rule : targeting_.any_of)
        rank_risk |= rule.risk_top_percent < 100.0, rank_gp |= rule.gp_appointments_12m_top_percent < 100.0;
    std::vector<double> risk;
    std::vector<int> gp;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a.age[i] < kAdultAge) continue;
        if (rank_risk) risk.push_back(risk_(a, i));
        if (rank_gp) gp.push_back(gp_appointments_12m(a, i));
    }
    all_of_thresholds_ = thresholds_for(targeting_.all_of, risk, gp);
    for (std::size_t k = 0; k < targeting_.any_of.size(); ++k) any_of_thresholds_[k] = thresholds_for(targeting_.any_of[k], risk, gp);
    reviewed_ = true;
}

bool Eligibility::matches(const EligibilityRule& r, const RuleThresholds& t, const AgentStore& a, std::size_t i) const {
    const int age = a.age[i];
    if (age < r.age_min || age > r.age_max) return false;
    if (!(r.imd_quintiles & (1u << (a.imd_quintile[i] - 1)))) return false;
    if (age >= kAdultAge && pam_level(a.pam_score[i]) > r.pam_level_at_most) return false;
    if (a.repeat_meds[i] > r.repeat_meds_at_most) return false;
    if (r.care_home >= 0 && a.care_home[i] != r.care_home) return false;
    if (static_cast<int>(a.frailty[i]) < r.frailty_at_least) return false;
    const unsigned c = condition_bits(a, i);
    if (r.conditions_any && !(c & r.conditions_any)) return false;
    if ((c & r.conditions_all) != r.conditions_all) return false;
    if (std::popcount(c & r.conditions_counted) < r.conditions_at_least) return false;
    const int gp = gp_appointments_12m(a, i);
    if (gp < r.gp_appointments_12m_at_least || gp < t.gp_appointments_12m) return false;
    if (r.risk_top_percent < 100.0 && risk_(a, i) < t.risk) return false;
    return true;
}

bool Eligibility::eligible(const AgentStore& a, std::size_t i) const {
    if (!reviewed_ || !matches(targeting_.all_of, all_of_thresholds_, a, i)) return false;
    if (targeting_.any_of.empty()) return true;
    for (std::size_t k = 0; k < targeting_.any_of.size(); ++k)
        if (matches(targeting_.any_of[k], any_of_thresholds_[k], a, i)) return true;
    return false;
}

double Eligibility::priority(const AgentStore& a, std::size_t i) const {
    switch (targeting_.priority) {
        case TargetingPriority::none: return 0.0;
        case TargetingPriority::risk: return risk_(a, i);
        case TargetingPriority::low_activation: return -a.pam_score[i];
        case TargetingPriority::gp_use: return gp_appointments_12m(a, i);
        case TargetingPriority::deprivation: return -a.imd_quintile[i] + risk_(a, i);  // quintile first, then risk
    }
    return 0.0;
}

}  // namespace pcnsim
