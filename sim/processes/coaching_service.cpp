#include "sim/processes/coaching_service.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/distributions.hpp"
#include "sim/processes/module.hpp"

namespace pcnsim {

Uptake::Uptake(const Parameters& p)
    : by_route_{p.get("uptake.consultation"), p.get("uptake.invitation"), p.get("uptake.self_referral")},
      pam_level_1_(p.get("uptake.pam_level_1_multiplier")),
      deprived_(p.get("uptake.deprived_multiplier")),
      prepared_(p.get("uptake.prepared_multiplier")),
      prepared_share_(p.get("uptake.prepared_share")) {}

double Uptake::probability(const AgentStore& a, std::size_t i, ReferralRoute route, bool prepared) const {
    double p = by_route_[static_cast<std::size_t>(route)];
    if (pam_level(a.pam_score[i]) == 1) p *= pam_level_1_;
    if (a.imd_quintile[i] == 1) p *= deprived_;
    if (prepared) p *= prepared_;
    return std::min(1.0, p);
}

CoachWorkforce::CoachWorkforce(const CoachingSettings& settings, const Parameters& p)
    : schedule_(settings.wte_schedule),
      training_weeks_(p.get("coaching.training_days") / 5.0),
      ramp_weeks_(p.get("coaching.ramp_weeks")) {
    const double n = p.get("coaching.sessions_per_programme");
    const double session_minutes =
        (p.get("coaching.first_session_minutes") + (n - 1) * p.get("coaching.followup_session_minutes")) / n;
    const double facing_hours = p.get("coaching.hours_per_wte_week") * p.get("coaching.patient_facing_share") -
                                p.get("coaching.supervision_hours_per_month") * 12.0 / 52.0;
    slots_per_wte_week_ = std::max(0.0, facing_hours) * 60.0 / (session_minutes + p.get("coaching.admin_minutes_per_session")) *
                          (1.0 - p.get("coaching.leave_share"));
}

double CoachWorkforce::wte_in_post(int week) const {
    double wte = 0;
    for (const auto& [from, value] : schedule_)
        if (week >= from) wte = value;
    return wte;
}

double CoachWorkforce::new_wte(int week) const {
    double before = 0;
    for (const auto& [from, value] : schedule_) {
        if (from == week) return std::max(0.0, value - before);
        before = value;
    }
    return 0.0;
}

namespace {
// Integral over [0, t] weeks in post of the productive share: 0 during training (a weeks), then a
// linear ramp over r weeks to 1. The share in a week is the difference of two values: its average.
double productive_weeks(double t, double a, double r) {
    if (t <= a) return 0.0;
    if (r <= 0) return t - a;
    if (t <= a + r) return (t - a) * (t - a) / (2 * r);
    return r / 2 + (t - a - r);
}
}  // namespace

double CoachWorkforce::productive_wte(int week) const {
    // Intakes in post this week, oldest first; a decrease removes the newest intakes first (the
    // coaches still training or ramping up are the ones not replaced).
    std::vector<std::pair<int, double>> intakes;
    double before = 0;
    for (const auto& [from, value] : schedule_) {
        if (week < from) break;
        if (value > before) intakes.emplace_back(from, value - before);
        for (double cut = before - value; cut > 0 && !intakes.empty();) {
            const double taken = std::min(cut, intakes.back().second);
            intakes.back().second -= taken;
            cut -= taken;
            if (intakes.back().second <= 0) intakes.pop_back();
        }
        before = value;
    }
    double wte = 0;
    for (const auto& [from, size] : intakes) {
        const double t = week - from;
        wte += size * (productive_weeks(t + 1, training_weeks_, ramp_weeks_) - productive_weeks(t, training_weeks_, ramp_weeks_));
    }
    return wte;
}

ProgrammeDesign::ProgrammeDesign(const Parameters& p)
    : sessions(static_cast<int>(p.get("coaching.sessions_per_programme"))),
      interval_weeks(static_cast<int>(p.get("coaching.session_interval_weeks"))),
      dna_rate(p.get("coaching.dna_rate")) {
    dropout_before_session = sessions > 1 ? 1.0 - std::pow(p.get("coaching.completion_after_start"), 1.0 / (sessions - 1)) : 0.0;
    const double group = p.get("coaching.share_group"), digital = p.get("coaching.share_digital_hybrid");
    const double total = std::max(1.0, group + digital);  // shares above 1 in total are rescaled
    mode_share = {std::max(0.0, 1.0 - group - digital), group / total, digital / total};
    slot_weight = {1.0, p.get("coaching.group_slot_weight") / p.get("coaching.group_size"), p.get("coaching.digital_coach_time_share")};
    gain_factor = {1.0, p.get("activation.group_gain_factor"), p.get("activation.digital_gain_factor")};
    gain_per_session = p.get("activation.coaching_gain_completers") / sessions;
}

double ProgrammeDesign::expected_sessions_per_start() const {
    double sessions_expected = 0, attend = 1;
    for (int k = 0; k < sessions; ++k, attend *= 1.0 - dropout_before_session) sessions_expected += attend;
    return sessions_expected;
}

double ProgrammeDesign::expected_slots_per_start() const {
    double weight = 0;
    for (std::size_t m = 0; m < 3; ++m) weight += mode_share[m] * slot_weight[m];
    // Each attended session takes 1 / (1 - dna_rate) bookings on average (missed ones are rebooked).
    return expected_sessions_per_start() * weight / (1.0 - dna_rate);
}

CoachingService::CoachingService(const Scenario& scenario, const Parameters& p)
    : weeks_between_reviews(static_cast<int>(std::lround(p.get("coaching_review.interval_weeks")))),
      eligibility(scenario.targeting, p),
      uptake(p),
      workforce(scenario.coaching, p),
      programme(p),
      rereferral_gap_weeks(static_cast<int>(p.get("referral.rereferral_gap_weeks"))),
      offers_coaching(scenario.coaching.present) {}

bool CoachingService::available(const AgentStore& a, std::size_t i, int week) const {
    if (!offers_coaching) return false;
    switch (a.coaching_state[i]) {
        case CoachingState::never_referred: return true;
        case CoachingState::waiting:
        case CoachingState::in_programme: return false;
        default: return week - a.coaching_week[i] >= rereferral_gap_weeks;
    }
}

bool CoachingService::refer(const WeekContext& ctx, std::uint32_t i, ReferralRoute route, Tally& tally) const {
    auto& a = ctx.agents;
    Draws draws(ctx.key, i, static_cast<std::uint32_t>(ctx.week), Stream::uptake);
    const bool prepared = draws.uniform() < uptake.prepared_share();
    const bool accepts = draws.uniform() < uptake.probability(a, i, route, prepared);
    const int cell = group_cell(a, i);
    tally.add(Counter::coaching_referrals, cell, a.practice[i]);
    if (route == ReferralRoute::invitation) tally.add(Counter::coaching_invitations, cell, a.practice[i]);
    if (route == ReferralRoute::self) tally.add(Counter::coaching_self_referrals, cell, a.practice[i]);
    tally.add(accepts ? Counter::coaching_accepted : Counter::coaching_declined, cell, a.practice[i]);
    a.coaching_state[i] = accepts ? CoachingState::waiting : CoachingState::declined;
    a.coaching_week[i] = static_cast<std::int16_t>(ctx.week);
    return accepts;
}

ActivationGain::ActivationGain(const Parameters& p)
    : reference_(p.get("activation.mean_score")), durable_share_(p.get("activation.durable_share")) {}

void ActivationGain::add(AgentStore& a, std::size_t i, double gain) const {
    const double g = gain * std::max(0.0, 100.0 - a.pam_score[i]) / (100.0 - reference_);
    a.pam_score[i] = static_cast<float>(std::min(100.0, a.pam_score[i] + g));
    a.pam_setpoint[i] = static_cast<float>(std::min(100.0, a.pam_setpoint[i] + durable_share_ * g));
}

std::shared_ptr<CoachingService> make_coaching_service(const Scenario& scenario) {
    return std::make_shared<CoachingService>(scenario, scenario.parameters);
}

const Module& coaching_uptake_module() {
    using namespace declare;
    static const Module m{
        .declaration = {
            .name = "coaching_uptake",
            .purpose = "the coaching pathway's shared state: referrals and invitations, whether patients accept, and each patient's place on the pathway",
            .parameters = {
            {"uptake.invitation", "probability", 0.41, 0.2, 0.6, beta(41, 59), "PROTECTS consent rate (Panagioti et al. 2018)"},
            {"uptake.consultation", "probability", 0.75, 0.6, 0.9, beta(75, 25), "BWEL: 77% accepted referral (Aveyard et al. 2016); North Blaby 91% (low quality)"},
            {"uptake.self_referral", "probability", 0.9, 0.7, 1.0, beta(18, 2), "assumption: people who refer themselves mostly go ahead"},
            {"uptake.pam_level_1_multiplier", "ratio", 0.7, 0.4, 1.0, unif(0.4, 1.0), "assumption (seed 000: a third are disengaged)"},
            {"uptake.deprived_multiplier", "ratio (IMD quintile 1)", 0.85, 0.6, 1.0, unif(0.6, 1.0), kAssumption},
            {"uptake.prepared_multiplier", "ratio", 1.2, 1.0, 1.5, unif(1.0, 1.5), "assumption (seed 001: preparation raises engagement)"},
            {"uptake.prepared_share", "share of referrals", 0.3, 0.0, 1.0, beta(3, 7), "assumption: share of patients told what coaching is before they are asked (a scenario lever)"},
            },
            .columns = {
                column<&AgentStore::coaching_state>("coaching_state", kShared, "position on the coaching pathway"),
                column<&AgentStore::coaching_progress>("coaching_progress", kShared, "sessions attended, delivery mode, buddy"),
                column<&AgentStore::coaching_week>("coaching_week", kShared, "week joined the list, next session due, or left the pathway"),
            },
            .counters = {
                {"coaching_referrals", "patients referred or invited, every route", Counter::coaching_referrals},
                {"coaching_invitations", "patients invited by case finding", Counter::coaching_invitations},
                {"coaching_self_referrals", "patients referring themselves", Counter::coaching_self_referrals},
                {"coaching_accepted", "referrals accepted", Counter::coaching_accepted},
                {"coaching_declined", "referrals declined", Counter::coaching_declined},
            },
            .metrics = {
                flow("coaching_referrals", "coaching_referrals", "patients", "patients referred or invited to coaching, every route", 230),
                flow("coaching_invitations", "coaching_invitations", "patients", "patients invited by proactive case finding (part of referrals)", 240),
                flow("coaching_self_referrals", "coaching_self_referrals", "patients", "patients referring themselves (part of referrals)", 250),
                flow("coaching_accepted", "coaching_accepted", "patients", "referrals accepted: the patient joins the waiting list", 260),
                flow("coaching_declined", "coaching_declined", "patients", "referrals declined", 270),
            },
            .streams = {{Stream::uptake, "uptake", "prepared or not, accepts or declines a referral or invitation"}},
        },
    };
    return m;
}

// The interval of the coaching pathway's register review (CoachingService::review_week). Declared
// by a module of its own, after every other, so that appending it moved no parameter's PSA draws.
const Module& coaching_review_module() {
    using namespace declare;
    static const Module m{.declaration = {
        .name = "coaching_review",
        .purpose = "how often risk stratification, case finding and buddy pairing review the register (monthly)",
        .parameters = {
            {"coaching_review.interval_weeks", "reported weeks", 4, 1, 13, fixed(),
             "assumption: the PCN reviews its register monthly (every 4 reported weeks, from the first); whole weeks"},
        },
    }};
    return m;
}

}  // namespace pcnsim
