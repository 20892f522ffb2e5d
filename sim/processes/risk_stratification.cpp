// Risk stratification (MODEL.md section 3, risk_score): at each monthly review the PCN recomputes
// every adult's risk score from observed attributes and the last 12 months' use, turns the
// targeting strategy's percentile predicates into thresholds, and counts who is eligible. Between
// reviews the thresholds stand; eligibility itself is judged on the day (targeting.hpp).
#include "sim/processes/coaching_service.hpp"
#include "sim/processes/module.hpp"

namespace pcnsim {
namespace {

class RiskStratification final : public Process {
public:
    explicit RiskStratification(std::shared_ptr<CoachingService> service) : service_(std::move(service)) {}

    Kind kind() const override { return Kind::per_pcn; }

    void step(const WeekContext& ctx, AgentRange range, ThreadScratch& scratch) override {
        if (ctx.reported_week < 0) return;
        auto& s = *service_;
        if (s.review_week(ctx.reported_week)) {
            s.eligibility.review(ctx.agents);
            s.eligible_by_cell.fill(0);
            s.eligible_by_practice.assign(ctx.practices.size(), 0);
            for (std::uint32_t i = range.begin; i < range.end; ++i)
                if (s.eligibility.eligible(ctx.agents, i)) {
                    ++s.eligible_by_cell[static_cast<std::size_t>(group_cell(ctx.agents, i))];
                    ++s.eligible_by_practice[ctx.agents.practice[i]];
                }
        }
        for (std::size_t c = 0; c < kCells; ++c) scratch.tally.cells[c][Counter::coaching_eligible] += s.eligible_by_cell[c];
        for (std::size_t p = 0; p < s.eligible_by_practice.size(); ++p)
            scratch.tally.practices[p][Counter::coaching_eligible] += s.eligible_by_practice[p];
    }

private:
    std::shared_ptr<CoachingService> service_;
};

}  // namespace

const Module& risk_stratification_module() {
    using namespace declare;
    static const std::vector<ScenarioKey> kRuleKeys = {
        {"conditions_any", KeyType::list, "at least one of these conditions"},
        {"conditions_all", KeyType::list, "every one of these conditions"},
        {"conditions_counted", KeyType::list, "the conditions conditions_at_least counts"},
        {"conditions_at_least", KeyType::integer, "at least this many of conditions_counted"},
        {"pam_level_at_most", KeyType::integer, "PAM level 1-4 or lower"},
        {"risk_top_percent", KeyType::number, "in the top percent by emergency-admission risk"},
        {"imd_quintiles", KeyType::list, "IMD quintiles (1 = most deprived)"},
        {"age_min", KeyType::integer, "youngest age"},
        {"age_max", KeyType::integer, "oldest age"},
        {"repeat_meds_at_most", KeyType::integer, "at most this many repeat medicines"},
        {"gp_appointments_12m_at_least", KeyType::integer, "at least this many GP appointments in 12 months"},
        {"gp_appointments_12m_top_percent", KeyType::number, "in the top percent by GP appointments in 12 months"},
        {"care_home", KeyType::boolean, "care-home residents only (true) or none (false)"},
        {"frailty_at_least", KeyType::text, "fit, mild, moderate or severe"},
    };
    static const auto keys = [] {
        auto k = kRuleKeys;
        k.push_back({"name", KeyType::text, "names the strategy in outputs"});
        k.push_back({"priority", KeyType::text, "none, risk, low_activation, gp_use or deprivation"});
        k.push_back({"case_finding", KeyType::boolean, "monthly proactive invitations"});
        k.push_back({"any_of", KeyType::list, "groups of predicates ([[targeting.any_of]]), at least one of which must hold"});
        return k;
    }();
    static const Module m{
        .declaration = {
            .name = "risk_stratification",
            .purpose = "the monthly review: each patient's emergency-admission risk and who is eligible under the targeting strategy",
            .parameters = {
            {"risk.intercept", "log-odds", -5.0, -7.0, -3.0, norm(-5.0, 0.5), "assumption: shaped on PARR-like tools: ~1% a year for a fit adult under 50"},
            {"risk.per_decade_over_50", "log-odds per 10 years", 0.5, 0.2, 0.8, norm(0.5, 0.1), kAssumption},
            {"risk.per_frailty_level", "log-odds per eFI level", 0.5, 0.2, 0.8, norm(0.5, 0.1), "assumption (direction: Clegg et al. 2016)"},
            {"risk.per_condition", "log-odds per condition", 0.25, 0.0, 0.5, norm(0.25, 0.08), kAssumption},
            {"risk.care_home", "log-odds", 0.7, 0.0, 1.5, norm(0.7, 0.2), kAssumption},
            {"risk.per_admission_12m", "log-odds per admission (up to 3)", 0.9, 0.3, 1.5, norm(0.9, 0.2), kAssumption},
            {"risk.per_ae_12m", "log-odds per attendance (up to 5)", 0.35, 0.1, 0.6, norm(0.35, 0.1), kAssumption},
            {"risk.per_10_gp_12m", "log-odds per 10 GP appointments", 0.3, 0.0, 0.6, norm(0.3, 0.1), kAssumption},
            },
            .counters = {{"coaching_eligible", "eligible at the last monthly review (stock)", Counter::coaching_eligible}},
            .metrics = {stock("coaching_eligible", "coaching_eligible", "patients",
                              "patients eligible under the targeting strategy at the last monthly review", 220)},
            .sections = {{"targeting", "who the coaching pathway is for (MODEL.md section 6)", keys}},
        },
        .placement = Placement::coaching_arm,
        .week_order = 50,
        .make = [](const ArmSetup& s) -> std::unique_ptr<Process> { return std::make_unique<RiskStratification>(s.coaching_service); },
    };
    return m;
}

}  // namespace pcnsim
