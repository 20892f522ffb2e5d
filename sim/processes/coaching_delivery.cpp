// Coaching delivery and the activation change it brings (MODEL.md section 4 steps 8-9). Each week
// the coaches' session slots (coaching_service.hpp, CoachWorkforce) go first to patients part-way
// through a programme whose next session is due, then to the waiting list in order (first in,
// first out, or by the strategy's priority). Slots are never exceeded: a due session that does not
// fit waits a week. Before every session after the first a patient may drop out; each attended
// session raises activation (larger for low scorers; smaller in groups and digital-hybrid mode),
// and the last completes the programme. Group members use group_slot_weight / group_size of a slot
// each: forming actual groups needs the social network (a later issue). Patients who die or leave
// while waiting or in a programme are counted by practice (the slot keeps its practice) but in no
// patient group: the slot already holds someone else.
#include <algorithm>

#include "sim/core/distributions.hpp"
#include "sim/processes/coaching_service.hpp"

namespace pcnsim {
namespace {

class CoachingDelivery final : public Process {
public:
    CoachingDelivery(const ModelSetup& setup, std::shared_ptr<CoachingService> service)
        : service_(std::move(service)),
          gain_(setup.scenario.parameters),
          priority_order_(setup.scenario.coaching.priority_waiting_list),
          skills_trained_wte_(setup.scenario.parameters.get("skills.share_clinicians_trained") *
                              setup.scenario.parameters.get("gp_capacity.clinician_wte_per_1000") *
                              static_cast<double>(setup.population.agents.size()) / 1000.0) {}

    std::string_view name() const override { return "coaching_delivery"; }
    Kind kind() const override { return Kind::per_pcn; }

    void step(const WeekContext& ctx, AgentRange range, Worker& worker) override {
        if (ctx.reported_week < 0) return;
        const double capacity = service_->workforce.slots(ctx.reported_week);
        double used = 0;
        continue_programmes(ctx, capacity, used, worker.tally);
        update_waiting_list(ctx, range, worker.tally);
        start_programmes(ctx, capacity, used, worker.tally);
        count_stocks(ctx, capacity, used, worker.tally);
    }

private:
    void continue_programmes(const WeekContext& ctx, double capacity, double& used, Tally& tally) {
        auto& a = ctx.agents;
        const auto& design = service_->programme;
        std::vector<std::uint32_t> still_in;
        for (const std::uint32_t i : in_programme_) {
            if (a.coaching_state[i] != CoachingState::in_programme) {  // died or left: the slot holds someone else
                tally.add_practice(Counter::coaching_dropped_out, a.practice[i], 1);  // a slot keeps its practice
                continue;
            }
            still_in.push_back(i);
            if (a.coaching_week[i] > ctx.week) continue;  // not due
            const auto mode = static_cast<std::size_t>(coaching_mode(a, i));
            if (used + design.slot_weight[mode] > capacity + 1e-9) {
                a.coaching_week[i] = static_cast<std::int16_t>(ctx.week + 1);  // no slot: next week
                continue;
            }
            Draws draws(ctx.key, i, static_cast<std::uint32_t>(ctx.week), Stream::coaching_session);
            if (draws.uniform() < design.dropout_before_session) {
                leave(ctx, i, CoachingState::dropped_out, Counter::coaching_dropped_out, tally);
                still_in.pop_back();
                continue;
            }
            used += design.slot_weight[mode];
            if (!attend(ctx, i, tally)) still_in.pop_back();
        }
        in_programme_ = std::move(still_in);
    }

    // Drops patients who left the list (death, deregistration), adds this week's acceptances in
    // agent order and, with a priority order, re-sorts by the strategy's priority.
    void update_waiting_list(const WeekContext& ctx, AgentRange range, Tally& tally) {
        auto& a = ctx.agents;
        auto& list = service_->waiting_list;
        // Everyone on the list joined in an earlier week: a waiting patient who joined this week in
        // the same slot is a new registration, and the one who was listed has gone.
        std::erase_if(list, [&](std::uint32_t i) {
            const bool gone = a.coaching_state[i] != CoachingState::waiting || a.coaching_week[i] == ctx.week;
            if (gone) tally.add_practice(Counter::coaching_withdrawn, a.practice[i], 1);
            return gone;
        });
        for (std::uint32_t i = range.begin; i < range.end; ++i)
            if (a.coaching_state[i] == CoachingState::waiting && a.coaching_week[i] == ctx.week) list.push_back(i);
        if (priority_order_)
            std::stable_sort(list.begin(), list.end(), [&](std::uint32_t x, std::uint32_t y) {
                return service_->eligibility.priority(a, x) > service_->eligibility.priority(a, y);
            });
    }

    void start_programmes(const WeekContext& ctx, double capacity, double& used, Tally& tally) {
        auto& a = ctx.agents;
        const auto& design = service_->programme;
        auto& list = service_->waiting_list;
        std::size_t started = 0;
        for (; started < list.size(); ++started) {
            const std::uint32_t i = list[started];
            // Keyed by the week the patient joined, so a patient kept waiting by a full week does
            // not draw again (which would favour the modes that use fewer slots).
            Draws draws(ctx.key, i, static_cast<std::uint32_t>(a.coaching_week[i]), Stream::coaching_session, kModeSubstream);
            const auto mode = static_cast<std::size_t>(categorical(draws, design.mode_share));
            if (used + design.slot_weight[mode] > capacity + 1e-9) break;
            used += design.slot_weight[mode];
            const int cell = group_cell(a, i);
            tally.add(Counter::coaching_started, cell, a.practice[i]);
            tally.add(Counter::coaching_wait_weeks, cell, a.practice[i], ctx.week - a.coaching_week[i]);
            a.coaching_state[i] = CoachingState::in_programme;
            a.coaching_progress[i] = static_cast<std::uint8_t>(mode << 4);
            if (attend(ctx, i, tally)) in_programme_.push_back(i);
        }
        list.erase(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(started));
        // Due sessions are served longest-due first (then by slot), so no practice is favoured
        // when the slots run short.
        std::sort(in_programme_.begin(), in_programme_.end(), [&a](std::uint32_t x, std::uint32_t y) {
            return a.coaching_week[x] != a.coaching_week[y] ? a.coaching_week[x] < a.coaching_week[y] : x < y;
        });
    }

    // One attended session; returns whether the programme goes on.
    bool attend(const WeekContext& ctx, std::uint32_t i, Tally& tally) {
        auto& a = ctx.agents;
        const auto& design = service_->programme;
        const auto mode = static_cast<std::size_t>(coaching_mode(a, i));
        gain_.add(a, i, design.gain_per_session * design.gain_factor[mode]);
        a.coaching_progress[i] = static_cast<std::uint8_t>(a.coaching_progress[i] + 1);
        tally.add(Counter::coaching_sessions, group_cell(a, i), a.practice[i]);
        if (coaching_sessions_attended(a, i) >= design.sessions) {
            leave(ctx, i, CoachingState::completed, Counter::coaching_completed, tally);
            return false;
        }
        a.coaching_week[i] = static_cast<std::int16_t>(ctx.week + design.interval_weeks);
        return true;
    }

    static void leave(const WeekContext& ctx, std::uint32_t i, CoachingState state, Counter why, Tally& tally) {
        auto& a = ctx.agents;
        a.coaching_state[i] = state;
        a.coaching_week[i] = static_cast<std::int16_t>(ctx.week);
        tally.add(why, group_cell(a, i), a.practice[i]);
    }

    void count_stocks(const WeekContext& ctx, double capacity, double used, Tally& tally) const {
        const auto& a = ctx.agents;
        for (const std::uint32_t i : service_->waiting_list) tally.add(Counter::coaching_waiting, group_cell(a, i), a.practice[i]);
        for (const std::uint32_t i : in_programme_) tally.add(Counter::coaching_in_programme, group_cell(a, i), a.practice[i]);
        const auto& workforce = service_->workforce;
        const auto milli = [](double x) { return static_cast<std::int64_t>(std::llround(x * 1000.0)); };
        tally.pcn[Counter::coach_wte_milli] += milli(workforce.wte_in_post(ctx.reported_week));
        tally.pcn[Counter::coaching_capacity_milli] += milli(capacity);
        tally.pcn[Counter::coaching_slots_used_milli] += milli(used);
        tally.pcn[Counter::coach_training_wte_milli] += milli(workforce.new_wte(ctx.reported_week));
        if (ctx.reported_week == 0) tally.pcn[Counter::skills_training_wte_milli] += milli(skills_trained_wte_);
    }

    static constexpr std::uint32_t kModeSubstream = 1;  // dropout draws use substream 0
    std::shared_ptr<CoachingService> service_;
    ActivationGain gain_;
    bool priority_order_;
    double skills_trained_wte_;
    std::vector<std::uint32_t> in_programme_;  // agents, by next session due, then slot
};

}  // namespace

std::unique_ptr<Process> make_coaching_delivery(const ModelSetup& setup, std::shared_ptr<CoachingService> service) {
    return std::make_unique<CoachingDelivery>(setup, std::move(service));
}

}  // namespace pcnsim
