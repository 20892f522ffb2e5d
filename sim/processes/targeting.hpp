#pragma once
// Targeting (MODEL.md section 6): who the coaching pathway is for, and in what order proactive case
// finding invites them. Scenario files declare the rules (scenario.hpp, Targeting); percentile
// predicates ("risk top 10%", "GP use in the top fifth") become thresholds at each monthly review.
#include <cstdint>
#include <vector>

#include "sim/core/agent_store.hpp"
#include "sim/scenario/parameters.hpp"
#include "sim/scenario/scenario.hpp"

namespace pcnsim {

// The patient's condition bits with frailty (any eFI level) as kFrailtyConditionBit: the set that
// targeting rules, buddy compatibility and group formation compare.
inline unsigned condition_bits(const AgentStore& a, std::size_t i) {
    return a.conditions[i] | (a.frailty[i] != Frailty::fit ? kFrailtyConditionBit : 0u);
}

// Use in the last 12 months, from the rolling quarterly histories.
int gp_appointments_12m(const AgentStore& a, std::size_t i);
int ae_attendances_12m(const AgentStore& a, std::size_t i);
int emergency_admissions_12m(const AgentStore& a, std::size_t i);

// Probability of an emergency admission in the next 12 months, as the risk-stratification tools PCNs
// use: logistic in age, frailty, conditions, care home and the last 12 months' use.
class RiskScore {
public:
    explicit RiskScore(const Parameters& p);
    double operator()(const AgentStore& a, std::size_t i) const;

private:
    double intercept_, per_decade_over_50_, per_frailty_level_, per_condition_, care_home_;
    double per_admission_, per_ae_, per_10_gp_;
};

// Thresholds for one rule's percentile predicates, set at a monthly review.
struct RuleThresholds {
    double risk = 0.0;             // eligible at or above this risk score
    int gp_appointments_12m = 0;   // eligible at or above this many appointments
};

class Eligibility {
public:
    Eligibility(const Targeting& targeting, const Parameters& p);

    // Recomputes every rule's percentile thresholds over the adults of the list.
    void review(const AgentStore& a);
    bool eligible(const AgentStore& a, std::size_t i) const;
    // Higher is invited first (the strategy's priority); ties are broken by the caller.
    double priority(const AgentStore& a, std::size_t i) const;
    bool reviewed() const { return reviewed_; }

private:
    bool matches(const EligibilityRule& rule, const RuleThresholds& t, const AgentStore& a, std::size_t i) const;
    // Reorders the lists (partial sorts).
    RuleThresholds thresholds_for(const EligibilityRule& rule, std::vector<double>& risk, std::vector<int>& gp) const;

    Targeting targeting_;
    RiskScore risk_;
    RuleThresholds all_of_thresholds_;
    std::vector<RuleThresholds> any_of_thresholds_;
    bool reviewed_ = false;
};

}  // namespace pcnsim
