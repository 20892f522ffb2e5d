// Evaluation realism (MODEL.md section 8): for the patients who started a coaching programme, what
// a service evaluation would estimate (naive before-after; difference-in-differences against
// never-referred patients matched on what practice records show) beside the true effect on the
// same patients and windows (scenario arm minus paired counterfactual arm). Runs after both arms,
// when the week's coaching transitions are final and both arms' histories can be read: the store
// holds the scenario arm's, ctx.counterfactual the counterfactual's.
#include <algorithm>
#include <bit>
#include <map>
#include <set>
#include <unordered_set>

#include "sim/processes/evaluation.hpp"
#include "sim/core/rounding.hpp"
#include "sim/processes/module.hpp"
#include "sim/processes/targeting.hpp"

namespace pcnsim {
namespace {

constexpr int kMinWindow = 4, kMaxWindow = 60;

// Use of services in a window, or in one week.
struct Use {
    int gp = 0, ae = 0, admissions = 0;
    Use& operator+=(const Use& o) { return gp += o.gp, ae += o.ae, admissions += o.admissions, *this; }
};

// One week's use packed into a byte for the ring of past weeks: GP 4 bits, A&E and admissions 2 bits
// each, saturating (a week with more is vanishingly rare and only shortens a before window's count).
std::uint8_t pack(const Use& u) {
    return static_cast<std::uint8_t>(std::min(u.gp, 15) | std::min(u.ae, 3) << 4 | std::min(u.admissions, 3) << 6);
}
Use unpack(std::uint8_t b) { return {b & 0x0F, (b >> 4) & 0x03, b >> 6}; }

// A patient's use this week in one arm, as the change of the current quarter of the rolling
// histories that accounting keeps per arm (accounting.cpp: the quarter is (week / 13) mod 4 and is
// reset when it begins; a new registration starts from zero). `last` holds the quarter's value at
// the end of last week.
struct HistoryReader {
    std::vector<std::uint8_t> last_gp, last_acute;

    explicit HistoryReader(std::size_t n) : last_gp(n), last_acute(n) {}

    Use week_use(const ArmState& arm, const AgentStore& a, std::size_t i, int week) {
        const auto q = static_cast<std::size_t>(week / 13) % 4;
        const bool fresh = week % 13 == 0 || a.registered_week[i] == week;
        const int gp = arm.gp_history[i][q], acute = arm.acute_history[i][q];
        const int gp0 = fresh ? 0 : last_gp[i], acute0 = fresh ? 0 : last_acute[i];
        last_gp[i] = static_cast<std::uint8_t>(gp), last_acute[i] = static_cast<std::uint8_t>(acute);
        return {gp - gp0, (acute & 0x0F) - (acute0 & 0x0F), (acute >> 4) - (acute0 >> 4)};
    }
};

constexpr std::size_t kCovariates = kBalanceCovariates.size();
using Covariates = std::array<double, kCovariates>;

Covariates covariates(const AgentStore& a, std::size_t i) {
    const unsigned bits = condition_bits(a, i);
    return {static_cast<double>(a.age[i]), a.sex[i] == Sex::female ? 1.0 : 0.0, static_cast<double>(a.imd_quintile[i]),
            static_cast<double>(std::popcount(bits)), a.frailty[i] != Frailty::fit ? 1.0 : 0.0,
            static_cast<double>(gp_appointments_12m(a, i)), static_cast<double>(ae_attendances_12m(a, i)),
            static_cast<double>(emergency_admissions_12m(a, i)), static_cast<double>(a.pam_score[i])};
}

// The coarsened exact matching key: age band, sex, IMD quintile, conditions (0, 1, 2, 3+, frailty
// counting as one), frailty, GP appointments in the prior 12 months banded, A&E attendances and
// admissions in the prior 12 months (0, 1, 2+). The GP bands are narrow at the top (an open 15+
// band, or 10-14 against a cohort eligible from 12, left cases several appointments above their
// controls: SMD above 1 on frequent attenders), as an evaluator matching a high-use cohort would.
constexpr int kGpBands = 9;
constexpr int kAgeBands = 6;  // 18-34, 35-49, 50-64, 65-74, 75-84, 85+: an open 75+ band left risk-ranked cases older
constexpr int kMatchingCells = kAgeBands * 2 * 5 * 4 * 2 * kGpBands * 3 * 3;
int gp_band(double n) {
    constexpr double upper[kGpBands - 1] = {1, 3, 6, 9, 12, 15, 20, 30};  // 0, 1-2, 3-5, 6-8, 9-11, 12-14, 15-19, 20-29, 30+
    int band = 0;
    while (band < kGpBands - 1 && n >= upper[band]) ++band;
    return band;
}
int matching_cell(const Covariates& x) {
    const int age = x[0] < 35 ? 0 : x[0] < 50 ? 1 : x[0] < 65 ? 2 : x[0] < 75 ? 3 : x[0] < 85 ? 4 : 5;
    int key = age;
    key = key * 2 + static_cast<int>(x[1]);
    key = key * 5 + static_cast<int>(x[2]) - 1;
    key = key * 4 + std::min(3, static_cast<int>(x[3]));
    key = key * 2 + static_cast<int>(x[4]);
    key = key * kGpBands + gp_band(x[5]);
    key = key * 3 + std::min(2, static_cast<int>(x[6]));
    return key * 3 + std::min(2, static_cast<int>(x[7]));
}

// A case or a control in its case's calendar windows.
struct Person {
    std::uint32_t agent = 0;
    std::int16_t registered = 0;  // the slot's occupant when chosen: another occupant ends the record
    Covariates x{};               // at the referral week
    Use before;                   // scenario arm, the before window
    std::array<Use, 2> after{};   // scenario and counterfactual arms, the after window
    float pam_last = 0;           // at the end of the latest week before the first session
    float pam_before = 0;
    std::array<float, 2> pam_after{};
    bool dropped = false;
};

struct Record {
    int referral_week = 0, first_session = -1;
    Person patient;
    std::vector<Person> controls;
};

// Sums of a covariate over a sample, in fixed point.
struct CovariateSums {
    std::array<std::int64_t, kCovariates> sum{}, sumsq{};
    std::int64_t n = 0;
    void add(const Covariates& x, double weight = 1.0) {
        for (std::size_t k = 0; k < kCovariates; ++k) {
            sum[k] += round_half_away(weight * x[k] * kCovariateScale);
            sumsq[k] += round_half_away(weight * x[k] * x[k] * kCovariateScale * kCovariateScale);
        }
    }
};

class Evaluation final : public Process {
public:
    Evaluation(const Scenario& s, std::size_t agents)
        : before_(static_cast<int>(s.module_setting("evaluation.before_weeks", 52))),
          after_(static_cast<int>(s.module_setting("evaluation.after_weeks", 52))),
          controls_per_case_(static_cast<int>(s.module_setting("evaluation.controls_per_case", 5))),
          agents_(agents),
          ring_(agents * static_cast<std::size_t>(before_)),
          arms_{HistoryReader(agents), HistoryReader(agents)},
          this_week_(agents) {}

    Kind kind() const override { return Kind::per_pcn; }

    void step(const WeekContext& ctx, AgentRange, ThreadScratch&) override {
        const auto& a = ctx.agents;
        for (std::size_t i = 0; i < a.size(); ++i) {
            this_week_[i][0] = pack(arms_[0].week_use(a, a, i, ctx.week));
            if (ctx.counterfactual) this_week_[i][1] = pack(arms_[1].week_use(*ctx.counterfactual, a, i, ctx.week));
        }
        find_new_cases(ctx);
        follow_pending(ctx);
        follow_active(ctx);
        const auto slot = static_cast<std::size_t>(ctx.week % before_);
        for (std::size_t i = 0; i < a.size(); ++i) ring_[slot * agents_ + i] = this_week_[i][0];
    }

    void add_run_totals(RunTotals& totals) const override {
        pcnsim::add_run_totals(totals, totals_);
        totals[evaluation_total("censored")] += static_cast<std::int64_t>(active_.size());
    }

private:
    // The before window ends with last week: the ring holds weeks t - before .. t - 1 until this
    // week is written at the end of the step.
    Use before_window(std::size_t i) const {
        Use u;
        for (int k = 0; k < before_; ++k) u += unpack(ring_[static_cast<std::size_t>(k) * agents_ + i]);
        return u;
    }

    // Observed for a whole before window (registered long enough ago, weeks recorded).
    bool observable(const AgentStore& a, std::size_t i, int week) const {
        return a.age[i] >= kAdultAge && week >= before_ && a.registered_week[i] <= week - before_;
    }

    Person person(const AgentStore& a, std::size_t i) const {
        Person p;
        p.agent = static_cast<std::uint32_t>(i);
        p.registered = a.registered_week[i];
        p.x = covariates(a, i);
        p.before = before_window(i);
        p.pam_last = a.pam_score[i];
        return p;
    }

    // Patients who joined the coaching waiting list this week, for the first time, once reporting
    // has begun: pending cases until their first session. Their controls are drawn now, at referral.
    void find_new_cases(const WeekContext& ctx) {
        const auto& a = ctx.agents;
        std::vector<Record> fresh;
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (a.coaching_state[i] != CoachingState::waiting || a.coaching_week[i] != ctx.week || ctx.reported_week < 0) continue;
            if (!observable(a, i, ctx.week) || !seen_.insert(registration_key(a, i)).second) continue;
            fresh.push_back({ctx.week, -1, person(a, i), {}});
        }
        if (fresh.empty()) return;
        std::vector<char> wanted(kMatchingCells, 0);
        for (const auto& r : fresh) wanted[static_cast<std::size_t>(matching_cell(r.patient.x))] = 1;
        std::map<int, std::vector<std::uint32_t>> cells;
        CovariateSums pool;
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (a.coaching_state[i] != CoachingState::never_referred || !observable(a, i, ctx.week)) continue;
            const auto x = covariates(a, i);
            pool.add(x), ++pool.n;
            const int cell = matching_cell(x);
            if (wanted[static_cast<std::size_t>(cell)]) cells[cell].push_back(static_cast<std::uint32_t>(i));
        }
        pool_by_week_[ctx.week] = pool;
        for (auto& r : fresh) {
            for (const auto j : draw_controls(ctx, r.patient.agent, cells[matching_cell(r.patient.x)])) r.controls.push_back(person(a, j));
            pending_.push_back(std::move(r));
        }
    }

    // Up to controls_per_case distinct members of the case's cell, uniformly (Floyd's algorithm: one
    // keyed draw per control, in the cell's agent order, so any thread count gives the same ones).
    std::vector<std::uint32_t> draw_controls(const WeekContext& ctx, std::uint32_t patient, const std::vector<std::uint32_t>& cell) const {
        const std::size_t n = cell.size(), k = std::min(n, static_cast<std::size_t>(controls_per_case_));
        std::set<std::size_t> chosen;
        Draws draws(ctx.key, patient, static_cast<std::uint32_t>(ctx.week), Stream::evaluation_controls);
        for (std::size_t j = n - k; j < n; ++j) {
            const auto t = static_cast<std::size_t>(draws.uniform() * static_cast<double>(j + 1));
            chosen.insert(chosen.count(t) ? j : t);
        }
        std::vector<std::uint32_t> out;
        for (const auto c : chosen) out.push_back(cell[c]);
        return out;
    }

    static std::uint64_t registration_key(const AgentStore& a, std::size_t i) {
        return static_cast<std::uint64_t>(i) << 16 | static_cast<std::uint16_t>(a.registered_week[i]);
    }
    static bool same_occupant(const AgentStore& a, const Person& p) { return a.registered_week[p.agent] == p.registered; }
    // A control who leaves the list is dropped. A control referred later stays, as in a prospective
    // matched design that cannot know who will be referred: dropping them ("contaminated") keeps only
    // the controls whose use fell, since those whose use stayed high get invited, and biased the
    // matched estimate upwards (+1.8 GP appointments a year on frequent attenders at causal_share 0).
    static void check_control(const AgentStore& a, Person& c) { c.dropped = c.dropped || !same_occupant(a, c); }

    // Waiting cases: the first session starts the after window; anything else ends the record.
    void follow_pending(const WeekContext& ctx) {
        const auto& a = ctx.agents;
        std::vector<Record> still;
        for (auto& r : pending_) {
            for (auto& c : r.controls) check_control(a, c);
            const auto state = a.coaching_state[r.patient.agent];
            if (!same_occupant(a, r.patient) || (state != CoachingState::waiting && state != CoachingState::in_programme &&
                                                 state != CoachingState::completed && state != CoachingState::dropped_out))
                continue;
            if (state == CoachingState::waiting) {
                r.patient.pam_last = a.pam_score[r.patient.agent];
                for (auto& c : r.controls) c.pam_last = a.pam_score[c.agent];
                still.push_back(std::move(r));
                continue;
            }
            r.first_session = ctx.week;
            r.patient.pam_before = r.patient.pam_last;
            for (auto& c : r.controls) c.pam_before = c.pam_last;
            active_.push_back(std::move(r));
        }
        pending_ = std::move(still);
    }

    // Cases in their after window: add the week; at its last week, the case is complete.
    void follow_active(const WeekContext& ctx) {
        const auto& a = ctx.agents;
        std::vector<Record> still;
        for (auto& r : active_) {
            if (!same_occupant(a, r.patient)) {
                ++totals_[evaluation_total("lost")];
                continue;
            }
            add_week(ctx, r.patient, 2);
            for (auto& c : r.controls) {
                check_control(a, c);
                if (!c.dropped) add_week(ctx, c, 1);
            }
            if (ctx.week < r.first_session + after_ - 1) {
                still.push_back(std::move(r));
                continue;
            }
            complete(r);
        }
        active_ = std::move(still);
    }

    void add_week(const WeekContext& ctx, Person& p, int arms) {
        for (int arm = 0; arm < arms; ++arm) p.after[static_cast<std::size_t>(arm)] += unpack(this_week_[p.agent][static_cast<std::size_t>(arm)]);
        p.pam_after[0] = ctx.agents.pam_score[p.agent];
        if (arms > 1 && ctx.counterfactual) p.pam_after[1] = ctx.counterfactual->pam_score[p.agent];
    }

    // Per coached patient-year (counts) or in points (PAM): after minus before in the scenario arm.
    std::array<double, 4> before_after(const Person& p) const {
        const double b = 52.0 / before_, f = 52.0 / after_;
        return {p.after[0].gp * f - p.before.gp * b, p.after[0].ae * f - p.before.ae * b,
                p.after[0].admissions * f - p.before.admissions * b, static_cast<double>(p.pam_after[0]) - p.pam_before};
    }
    std::array<double, 4> paired(const Person& p) const {
        const double f = 52.0 / after_;
        return {(p.after[0].gp - p.after[1].gp) * f, (p.after[0].ae - p.after[1].ae) * f,
                (p.after[0].admissions - p.after[1].admissions) * f, static_cast<double>(p.pam_after[0]) - p.pam_after[1]};
    }

    void add_estimate(std::string_view estimate, const std::array<double, 4>& values) {
        for (std::size_t m = 0; m < values.size(); ++m) {
            const auto fixed = round_half_away(values[m] * kEstimateScale);
            totals_[evaluation_total(estimate, kEvaluationMetrics[m], "sum")] += fixed;
            totals_[evaluation_total(estimate, kEvaluationMetrics[m], "sumsq")] += fixed * fixed;
        }
    }

    void add_balance(std::string_view sample, const CovariateSums& s) {
        for (std::size_t k = 0; k < kCovariates; ++k) {
            totals_[evaluation_total("balance", kBalanceCovariates[k], std::string(sample) + ".sum")] += s.sum[k];
            totals_[evaluation_total("balance", kBalanceCovariates[k], std::string(sample) + ".sumsq")] += s.sumsq[k];
        }
        totals_[evaluation_total("balance", sample, "n")] += s.n;
    }

    void complete(const Record& r) {
        ++totals_[evaluation_total("cases")];
        const auto naive = before_after(r.patient);
        add_estimate(kEvaluationEstimates[0], naive);
        add_estimate(kEvaluationEstimates[2], paired(r.patient));
        std::vector<const Person*> controls;
        for (const auto& c : r.controls)
            if (!c.dropped) controls.push_back(&c);
        if (controls.empty()) return;
        ++totals_[evaluation_total("matched_cases")];
        auto did = naive;
        CovariateSums cases, matched;
        cases.add(r.patient.x), cases.n = 1;
        const double w = 1.0 / static_cast<double>(controls.size());
        for (const auto* c : controls) {
            const auto d = before_after(*c);
            for (std::size_t m = 0; m < did.size(); ++m) did[m] -= w * d[m];
            matched.add(c->x, w);
        }
        matched.n = 1;
        add_estimate(kEvaluationEstimates[1], did);
        add_balance(kBalanceSamples[0], cases);
        add_balance(kBalanceSamples[1], pool_by_week_.at(r.referral_week));
        add_balance(kBalanceSamples[2], matched);
    }

    int before_, after_, controls_per_case_;
    std::size_t agents_;
    // Week-major (week slot x agent), so the weekly write is one sequential pass: before_ weeks of
    // packed use (scenario arm); only cases and controls are read back, once each.
    std::vector<std::uint8_t> ring_;
    std::array<HistoryReader, 2> arms_;       // scenario, counterfactual
    std::vector<std::array<std::uint8_t, 2>> this_week_;  // packed, scenario and counterfactual arms
    std::unordered_set<std::uint64_t> seen_;  // registrations already taken as cases (first programme only)
    std::map<int, CovariateSums> pool_by_week_;  // never-referred adults at each referral week
    std::vector<Record> pending_, active_;
    RunTotals totals_;
};

}  // namespace

const Module& evaluation_module() {
    static const Module m{
        .declaration = {
            .name = "evaluation",
            .purpose = "evaluation realism: naive before-after, matched difference-in-differences and the true paired effect for the coached cohort",
            .streams = {{Stream::evaluation_controls, "evaluation_controls", "matched comparison patients drawn for each coached case"}},
            .sections = {{"evaluation", "evaluation realism (MODEL.md section 8): windows and matching", {
                {"before_weeks", KeyType::integer, "weeks before referral in the before window (default 52)", kMinWindow, kMaxWindow},
                {"after_weeks", KeyType::integer, "weeks from the first session in the after window (default 52)", kMinWindow, kMaxWindow},
                {"controls_per_case", KeyType::integer, "matched never-referred patients drawn per case (default 5)", 1, 50},
            }}},
        },
        .placement = Placement::after_arms,
        .week_order = 200,
        .included = [](const Scenario& s) { return s.coaching.present; },
        .make = [](const ArmSetup& s) -> std::unique_ptr<Process> {
            return std::make_unique<Evaluation>(s.model.scenario, s.model.population.agents.size());
        },
    };
    return m;
}

}  // namespace pcnsim
