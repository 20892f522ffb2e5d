#pragma once
// The PCN's health and wellbeing coaching service, shared by the processes of the coaching pathway
// (scenario arm only): targeting, the referral-and-uptake step every route goes through, the coach
// workforce and its session capacity, and the waiting list. Processes hold it by shared pointer;
// the engine's phase barriers order its reads and writes.
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/processes/processes.hpp"
#include "sim/processes/targeting.hpp"
#include "sim/scenario/scenario.hpp"

namespace pcnsim {

enum class ReferralRoute { consultation, invitation, self };

// Accepting a referral (MODEL.md section 4 step 7): probability by route, times multipliers for PAM
// level 1, IMD quintile 1 and being prepared for what coaching is.
class Uptake {
public:
    explicit Uptake(const Parameters& p);
    double probability(const AgentStore& a, std::size_t i, ReferralRoute route, bool prepared) const;
    double prepared_share() const { return prepared_share_; }
    double invitation() const { return by_route_[static_cast<std::size_t>(ReferralRoute::invitation)]; }

private:
    std::array<double, 3> by_route_;
    double pam_level_1_, deprived_, prepared_, prepared_share_;
};

// Coach workforce (MODEL.md section 4 step 8): WTE from the scenario's schedule; each increase
// spends its first days in training and then ramps up to a full caseload; decreases take effect at
// once. Session slots per productive WTE-week follow from hours, patient-facing share, supervision,
// session and admin minutes and leave.
class CoachWorkforce {
public:
    CoachWorkforce(const CoachingSettings& settings, const Parameters& p);
    double wte_in_post(int reported_week) const;    // paid for (in training or not)
    double productive_wte(int reported_week) const; // able to run sessions
    double new_wte(int reported_week) const;         // WTE starting training this week
    double slots(int reported_week) const { return productive_wte(reported_week) * slots_per_wte_week_; }
    double slots_per_wte_week() const { return slots_per_wte_week_; }

private:
    std::vector<std::pair<int, double>> schedule_;
    double training_weeks_, ramp_weeks_, slots_per_wte_week_;
};

// A programme's slot use and activation gain by delivery mode.
struct ProgrammeDesign {
    explicit ProgrammeDesign(const Parameters& p);
    int sessions;
    int interval_weeks;
    double dropout_before_session;          // sessions 2..N, from the completion probability
    double dna_rate;                        // booked sessions missed: the slot is used, the session rebooked
    std::array<double, 3> mode_share;       // CoachingMode order
    std::array<double, 3> slot_weight;      // session slots per attended session
    std::array<double, 3> gain_factor;      // activation gain relative to 1:1
    double gain_per_session;                // PAM points, 1:1, before the ceiling
    double expected_sessions_per_start() const;  // attended, first included
    double expected_slots_per_start() const;     // booked, missed ones included
};

struct CoachingService {
    CoachingService(const Scenario& scenario, const Parameters& p);

    // Risk stratification, case finding and buddy pairing review the register together, every
    // coaching_review.interval_weeks reported weeks (4: monthly), from reported week 0.
    bool review_week(int reported_week) const { return reported_week >= 0 && reported_week % weeks_between_reviews == 0; }
    int weeks_between_reviews;

    Eligibility eligibility;
    Uptake uptake;
    CoachWorkforce workforce;
    ProgrammeDesign programme;
    std::array<std::int64_t, kCells> eligible_by_cell{};  // at the last monthly review
    std::vector<std::int64_t> eligible_by_practice;
    std::vector<std::uint32_t> waiting_list;              // agents, in the order they will start
    int rereferral_gap_weeks;
    bool offers_coaching;  // a [coaching] section: without one, skills training and brief interventions only

    // May this patient be referred now? Not while waiting or in a programme, nor within the
    // re-referral gap after declining, completing or dropping out.
    bool available(const AgentStore& a, std::size_t i, int week) const;
    // A referral by any route: the uptake decision, the patient's new pathway state and the funnel
    // counters. Returns whether the patient accepted (and so joined the waiting list).
    bool refer(const WeekContext& ctx, std::uint32_t i, ReferralRoute route, Tally& tally) const;
};

// Adds an activation gain with the ceiling of PARAMETERS.md (low scorers gain most); a durable share
// moves the set point, the rest decays through activation drift.
class ActivationGain {
public:
    explicit ActivationGain(const Parameters& p);
    void add(AgentStore& a, std::size_t i, double gain) const;

private:
    double reference_, durable_share_;
};


}  // namespace pcnsim
