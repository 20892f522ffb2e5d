// Coaching cohort (MODEL.md section 8): the furthest stage of the coaching pathway each patient has
// reached, for outputs by cohort. The stage of the current pathway state is read on the day
// (coaching_cohort(), agent_store.hpp); this module keeps what the state alone forgets: that the
// patient was found eligible at a monthly review, and a stage reached before a later referral
// overwrote the state. Patients are found eligible only where the PCN searches its register (case
// finding): under open access nobody is identified, so a patient never referred stays "never
// eligible".
#include <algorithm>

#include "sim/core/catalogue.hpp"
#include "sim/processes/coaching_service.hpp"
#include "sim/processes/module.hpp"

namespace pcnsim {
namespace {

class CoachingCohort final : public Process {
public:
    CoachingCohort(std::shared_ptr<CoachingService> service, bool searches_register)
        : service_(std::move(service)),
          searches_register_(searches_register && service_->offers_coaching),
          column_(catalogue().extension("coaching_cohort")) {}

    Kind kind() const override { return Kind::per_pcn; }

    // Runs after risk stratification (the review's thresholds) and before this week's referrals,
    // so a stage shown by last week's state is kept before a new referral can overwrite it: every
    // state lasts at least until the next week, since a patient is referred at most once a week.
    void step(const WeekContext& ctx, AgentRange range, ThreadScratch&) override {
        auto& a = ctx.agents;
        auto* reached = a.extension<std::uint8_t>(column_);
        const bool review = searches_register_ && service_->review_week(ctx.reported_week);
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            if (a.registered_week[i] == ctx.week) {
                reached[i] = 0;  // a new registration: the slot's previous occupant's pathway is not theirs
                continue;
            }
            int stage = coaching_cohort(a, i, reached[i]);
            if (review && stage == 0 && service_->eligibility.eligible(a, i)) stage = static_cast<int>(Cohort::eligible_not_referred);
            reached[i] = static_cast<std::uint8_t>(stage);
        }
    }

private:
    std::shared_ptr<CoachingService> service_;
    bool searches_register_;
    ExtensionColumn column_;
};

}  // namespace

const Module& coaching_cohort_module() {
    using namespace declare;
    static const Module m{
        .declaration = {
            .name = "coaching_cohort",
            .purpose = "each patient's coaching cohort: the furthest stage of the pathway reached, for outputs by cohort",
            .columns = {extension_column<std::uint8_t>("coaching_cohort", kShared,
                                                       "furthest coaching stage reached before this week (Cohort, agent_store.hpp)")},
        },
        .placement = Placement::coaching_arm,
        .week_order = 55,
        .make = [](const ArmSetup& s) -> std::unique_ptr<Process> {
            return std::make_unique<CoachingCohort>(s.coaching_service, s.model.scenario.targeting.case_finding);
        },
    };
    return m;
}

}  // namespace pcnsim
