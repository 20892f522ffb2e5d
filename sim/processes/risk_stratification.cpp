// Risk stratification (MODEL.md section 3, risk_score): at each monthly review the PCN recomputes
// every adult's risk score from observed attributes and the last 12 months' use, turns the
// targeting strategy's percentile predicates into thresholds, and counts who is eligible. Between
// reviews the thresholds stand; eligibility itself is judged on the day (targeting.hpp).
#include "sim/processes/coaching_service.hpp"

namespace pcnsim {
namespace {

class RiskStratification final : public Process {
public:
    explicit RiskStratification(std::shared_ptr<CoachingService> service) : service_(std::move(service)) {}

    std::string_view name() const override { return "risk_stratification"; }
    Kind kind() const override { return Kind::per_pcn; }

    void step(const WeekContext& ctx, AgentRange range, Worker& worker) override {
        if (ctx.reported_week < 0) return;
        auto& s = *service_;
        if (CoachingService::review_week(ctx.reported_week)) {
            s.eligibility.review(ctx.agents);
            s.eligible_by_cell.fill(0);
            s.eligible_by_practice.assign(ctx.practices.size(), 0);
            for (std::uint32_t i = range.begin; i < range.end; ++i)
                if (s.eligibility.eligible(ctx.agents, i)) {
                    ++s.eligible_by_cell[static_cast<std::size_t>(group_cell(ctx.agents, i))];
                    ++s.eligible_by_practice[ctx.agents.practice[i]];
                }
        }
        for (std::size_t c = 0; c < kCells; ++c) worker.tally.cells[c][Counter::coaching_eligible] += s.eligible_by_cell[c];
        for (std::size_t p = 0; p < s.eligible_by_practice.size(); ++p)
            worker.tally.practices[p][Counter::coaching_eligible] += s.eligible_by_practice[p];
    }

private:
    std::shared_ptr<CoachingService> service_;
};

}  // namespace

std::unique_ptr<Process> make_risk_stratification(std::shared_ptr<CoachingService> service) {
    return std::make_unique<RiskStratification>(std::move(service));
}

}  // namespace pcnsim
