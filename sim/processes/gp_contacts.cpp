// Opportunistic contact effects (MODEL.md section 4 step 5): at each delivered GP appointment of an
// adult, a clinician trained in coaching skills (a share of clinician time) adds a small activation
// gain; a brief (BWEL-style) intervention adds another; and an eligible patient may be referred to
// coaching, more often by a trained clinician. Self-referral, a small weekly background flow among
// eligible patients, is decided here too.
#include "sim/core/batched_draws.hpp"
#include "sim/core/distributions.hpp"
#include "sim/processes/coaching_service.hpp"
#include "sim/processes/module.hpp"

namespace pcnsim {
namespace {

class GpContacts final : public Process {
public:
    GpContacts(const Parameters& p, std::shared_ptr<CoachingService> service)
        : service_(std::move(service)),
          gain_(p),
          share_trained_(p.get("skills.share_clinicians_trained")),
          brief_intervention_share_(p.get("brief_intervention.share_of_appointments")),
          skills_gain_(p.get("activation.skills_consultation_gain")),
          brief_intervention_gain_(p.get("activation.brief_intervention_gain")),
          referral_(p.get("referral.opportunistic_per_appointment")),
          trained_multiplier_(p.get("referral.skills_trained_multiplier")),
          self_referral_(weekly_probability(p.get("referral.self_per_1000_eligible_per_year") / 1000.0)) {}

    void step(const WeekContext& ctx, AgentRange range, ThreadScratch& scratch) override {
        if (ctx.reported_week < 0) return;
        auto& a = ctx.agents;
        for (std::uint32_t i = range.begin; i < range.end; ++i)
            if (a.gp_appointments_week[i] && a.age[i] >= kAdultAge) appointments(ctx, i, scratch.tally);
        if (self_referral_ > 0) self_referrals(ctx, range, scratch.tally);
    }

private:
    void appointments(const WeekContext& ctx, std::uint32_t i, Tally& tally) {
        auto& a = ctx.agents;
        Draws draws(ctx.key, i, static_cast<std::uint32_t>(ctx.week), Stream::coaching_contact);
        bool may_refer = service_->available(a, i, ctx.week) && service_->eligibility.eligible(a, i);
        for (int k = 0; k < a.gp_appointments_week[i]; ++k) {
            const bool trained = draws.uniform() < share_trained_;
            if (trained) {
                gain_.add(a, i, skills_gain_);
                tally.add(Counter::skills_consultations, group_cell(a, i), a.practice[i]);
            }
            if (draws.uniform() < brief_intervention_share_) {
                gain_.add(a, i, brief_intervention_gain_);
                tally.add(Counter::brief_interventions, group_cell(a, i), a.practice[i]);
            }
            const double p = referral_ * (trained ? trained_multiplier_ : 1.0);
            if (draws.uniform() < p && may_refer) {
                service_->refer(ctx, i, ReferralRoute::consultation, tally);
                may_refer = false;  // referred once, whatever the answer
            }
        }
    }

    void self_referrals(const WeekContext& ctx, AgentRange range, Tally& tally) {
        for_each_first_uniform(ctx.key, static_cast<std::uint32_t>(ctx.week), Stream::self_referral, range.begin, range.end, 1,
                               [&](std::uint32_t i, double u) {
                                   if (u >= self_referral_ || ctx.agents.age[i] < kAdultAge) return;
                                   if (service_->available(ctx.agents, i, ctx.week) && service_->eligibility.eligible(ctx.agents, i))
                                       service_->refer(ctx, i, ReferralRoute::self, tally);
                               });
    }

    std::shared_ptr<CoachingService> service_;
    ActivationGain gain_;
    double share_trained_, brief_intervention_share_, skills_gain_, brief_intervention_gain_;
    double referral_, trained_multiplier_, self_referral_;
};

}  // namespace

const Module& gp_contacts_module() {
    using namespace declare;
    static const Module m{
        .declaration = {
            .name = "gp_contacts",
            .purpose = "what happens at GP appointments: coaching-skills consultations, brief interventions, referral; and self-referral",
            .parameters = {
            {"referral.opportunistic_per_appointment", "probability per appointment of an eligible patient", 0.01, 0.0, 0.2, beta(2, 198), "assumption: clinician discretion at a delivered appointment"},
            {"referral.skills_trained_multiplier", "rate ratio", 2.0, 1.0, 4.0, logn(2.0, 0.3), "assumption: clinicians trained in coaching skills refer more (seeds 000, 003)"},
            {"referral.self_per_1000_eligible_per_year", "per 1,000 eligible patient-years", 10, 0, 50, logn(10, 0.5), "assumption: a small background flow (MODEL.md section 4 step 6)"},
            {"referral.rereferral_gap_weeks", "weeks", 52, 13, 156, fixed(), "assumption: a patient who declined or left a programme is not referred again for this long"},
            {"skills.share_clinicians_trained", "share of clinician WTE", 0.0, 0.0, 1.0, fixed(), "scenario setting: coaching-skills training (MODEL.md section 6)"},
            {"brief_intervention.share_of_appointments", "share of appointments with an adult", 0.0, 0.0, 1.0, fixed(), "scenario setting: BWEL-style 30-second brief interventions"},
            },
            .counters = {
                {"brief_interventions", "GP appointments with a brief intervention", Counter::brief_interventions},
                {"skills_consultations", "GP appointments with a clinician trained in coaching skills", Counter::skills_consultations},
            },
            .metrics = {
                flow("brief_interventions", "brief_interventions", "consultations", "GP appointments with a brief (BWEL-style) intervention", 360),
                flow("skills_consultations", "skills_consultations", "consultations", "GP appointments with a clinician trained in coaching skills", 370),
            },
            .streams = {
                {Stream::coaching_contact, "coaching_contact", "skills consultation, brief intervention and referral at GP appointments"},
                {Stream::self_referral, "self_referral", "a patient's weekly chance of referring themselves to coaching"},
            },
            .reads = {"gp_appointments_week"},
        },
        .placement = Placement::coaching_arm,
        .week_order = 60,
        .make = [](const ArmSetup& s) -> std::unique_ptr<Process> {
            return std::make_unique<GpContacts>(s.model.scenario.parameters, s.coaching_service);
        },
    };
    return m;
}

}  // namespace pcnsim
