// Proactive case finding (MODEL.md section 4 step 6): at each monthly review the PCN ranks the
// eligible patients not already in the pathway by the strategy's priority and invites as many as
// should keep the coaching waiting list near its target length, case_finding.target_waiting_weeks
// of new starts, allowing for the share of invitations that are accepted.
#include <algorithm>
#include <cmath>

#include "sim/core/distributions.hpp"
#include "sim/processes/coaching_service.hpp"
#include "sim/processes/module.hpp"

namespace pcnsim {
namespace {

class CaseFinding final : public Process {
public:
    CaseFinding(const Parameters& p, std::shared_ptr<CoachingService> service)
        : service_(std::move(service)), target_weeks_(p.get("case_finding.target_waiting_weeks")) {}

    Kind kind() const override { return Kind::per_pcn; }

    void step(const WeekContext& ctx, AgentRange range, ThreadScratch& scratch) override {
        if (!service_->review_week(ctx.reported_week)) return;
        const std::size_t invitations = invitations_needed(ctx.reported_week);
        if (invitations == 0) return;
        auto candidates = ranked_candidates(ctx, range);
        candidates.resize(std::min(candidates.size(), invitations));
        for (const auto& c : candidates) service_->refer(ctx, c.agent, ReferralRoute::invitation, scratch.tally);
    }

private:
    struct Candidate {
        double priority;
        std::uint32_t tie_break;
        std::uint32_t agent;
    };

    std::size_t invitations_needed(int reported_week) const {
        const auto& s = *service_;
        const double starts_per_week = s.workforce.slots(reported_week) / std::max(1e-9, s.programme.expected_slots_per_start());
        const double shortfall = target_weeks_ * starts_per_week - static_cast<double>(s.waiting_list.size());
        if (shortfall <= 0 || s.uptake.invitation() <= 0) return 0;
        return static_cast<std::size_t>(std::ceil(shortfall / s.uptake.invitation()));
    }

    // Highest priority first; equal priorities in a random order drawn per patient and month.
    std::vector<Candidate> ranked_candidates(const WeekContext& ctx, AgentRange range) const {
        const auto& s = *service_;
        std::vector<Candidate> out;
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            if (ctx.agents.age[i] < kAdultAge || !s.available(ctx.agents, i, ctx.week) || !s.eligibility.eligible(ctx.agents, i)) continue;
            Draws draws(ctx.key, i, static_cast<std::uint32_t>(ctx.week), Stream::case_finding_order);
            out.push_back({s.eligibility.priority(ctx.agents, i), draws.next_u32(), i});
        }
        std::sort(out.begin(), out.end(), [](const Candidate& x, const Candidate& y) {
            if (x.priority != y.priority) return x.priority > y.priority;
            return x.tie_break != y.tie_break ? x.tie_break < y.tie_break : x.agent < y.agent;
        });
        return out;
    }

    std::shared_ptr<CoachingService> service_;
    double target_weeks_;
};

}  // namespace

const Module& case_finding_module() {
    using namespace declare;
    static const Module m{
        .declaration = {
            .name = "case_finding",
            .purpose = "proactive case finding: monthly invitations to eligible patients, in priority order, to keep the waiting list short",
            .parameters = {
            {"case_finding.target_waiting_weeks", "weeks of coaching capacity", 4, 1, 12, logn(4, 0.3), "assumption: invitations keep the waiting list near this many weeks of new starts"},
            },
            .streams = {{Stream::case_finding_order, "case_finding_order", "tie-break among equally ranked patients at a monthly review"}},
        },
        .placement = Placement::coaching_arm,
        .week_order = 70,
        .included = [](const Scenario& s) { return s.targeting.case_finding; },
        .make = [](const ArmSetup& s) -> std::unique_ptr<Process> {
            return std::make_unique<CaseFinding>(s.model.scenario.parameters, s.coaching_service);
        },
    };
    return m;
}

}  // namespace pcnsim
