// Coaching delivery and the activation change it brings (MODEL.md section 4 steps 8-9). Each week
// the coaches' session slots (coaching_service.hpp, CoachWorkforce) go first to patients part-way
// through a programme whose next session is due, then to the waiting list in order (first in,
// first out, or by the strategy's priority). Slots are never exceeded: a due session that does not
// fit waits a week. Before every session after the first a patient may drop out; a booked session
// may be missed (did not attend): its slot is used all the same and it is rebooked one interval
// later (a missed first session keeps the patient's place at the head of the waiting list: a start
// is the first session attended). Each attended session raises activation (larger for low scorers;
// smaller in groups and digital-hybrid mode), and the last completes the programme. With [network]
// group_sessions, group-mode patients start together in groups that pay group_slot_weight per
// session; without it, each uses group_slot_weight / group_size of a slot. Patients who die or leave
// while waiting or in a programme are counted by practice (the slot keeps its practice) but in no
// patient group: the slot already holds someone else.
#include <algorithm>
#include <cassert>
#include <map>
#include <set>

#include "sim/core/distributions.hpp"
#include "sim/network/social_network.hpp"
#include "sim/processes/coaching_service.hpp"
#include "sim/processes/module.hpp"

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
                              static_cast<double>(setup.population.agents.size()) / 1000.0),
          network_(setup.network),
          groups_(setup.scenario.network.group_sessions),
          group_size_(static_cast<std::size_t>(setup.scenario.parameters.get("coaching.group_size"))),
          group_min_size_(static_cast<std::size_t>(setup.scenario.parameters.get("coaching.group_min_size"))),
          group_max_wait_weeks_(static_cast<int>(setup.scenario.parameters.get("coaching.group_max_wait_weeks"))),
          group_slot_weight_(setup.scenario.parameters.get("coaching.group_slot_weight")),
          buddy_dropout_factor_(setup.scenario.network.buddies ? 1.0 - setup.scenario.parameters.get("buddy.dropout_reduction") : 1.0),
          spillover_share_(setup.scenario.network.spillover ? setup.scenario.parameters.get("spillover.gain_share") : 0.0) {}

    Kind kind() const override { return Kind::per_pcn; }

    void step(const WeekContext& ctx, AgentRange range, ThreadScratch& scratch) override {
        if (ctx.reported_week < 0) return;
        const double capacity = service_->workforce.slots(ctx.reported_week);
        double used = 0;
        charged_groups_.clear();
        continue_programmes(ctx, capacity, used, scratch.tally);
        update_waiting_list(ctx, range, scratch.tally);
        start_programmes(ctx, capacity, used, scratch.tally);
        count_stocks(ctx, capacity, used, scratch.tally);
    }

private:
    void continue_programmes(const WeekContext& ctx, double capacity, double& used, Tally& tally) {
        auto& a = ctx.agents;
        const auto& design = service_->programme;
        std::vector<std::uint32_t> still_in;
        for (const std::uint32_t i : in_programme_) {
            if (a.coaching_state[i] != CoachingState::in_programme) {  // died or left: the slot holds someone else
                tally.add_practice(Counter::coaching_dropped_out, a.practice[i], 1);  // a slot keeps its practice
                group_of_.erase(i);
                continue;
            }
            still_in.push_back(i);
            if (a.coaching_week[i] > ctx.week) continue;  // not due
            if (used + slot_cost(a, i) > capacity + 1e-9) {
                a.coaching_week[i] = static_cast<std::int16_t>(ctx.week + 1);  // no slot: next week
                continue;
            }
            const auto draw = session_draw(ctx, i);
            const double dropout = design.dropout_before_session * (has_buddy(a, i) ? buddy_dropout_factor_ : 1.0);
            // A rebooked session does not draw dropout again: the patient already chose to go on,
            // so completion_after_start stays the share of starters completing.
            if (!rebooked(a, i) && draw.dropout < dropout) {
                leave(ctx, i, CoachingState::dropped_out, Counter::coaching_dropped_out, tally);
                group_of_.erase(i);
                still_in.pop_back();
                continue;
            }
            const bool missed = draw.attendance < design.dna_rate;
            used += charge(a, i, !missed, tally);
            if (missed) miss_later_session(ctx, i, tally);
            else if (!attend(ctx, i, tally)) still_in.pop_back();
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
        if (!priority_order_) return;
        // Each priority computed once (the risk score is not cheap), then a stable sort on it.
        std::vector<std::pair<double, std::uint32_t>> keyed;
        for (const auto i : list) keyed.emplace_back(service_->eligibility.priority(a, i), i);
        std::stable_sort(keyed.begin(), keyed.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
        for (std::size_t k = 0; k < list.size(); ++k) list[k] = keyed[k].second;
    }

    void start_programmes(const WeekContext& ctx, double capacity, double& used, Tally& tally) {
        auto& a = ctx.agents;
        auto& list = service_->waiting_list;
        std::vector<bool> starting(list.size(), false);
        for (std::size_t k = 0; k < list.size(); ++k) {
            if (starting[k]) continue;  // already joined a group this week
            const std::uint32_t i = list[k];
            auto mode = drawn_mode(ctx, i);
            std::vector<std::size_t> members{k};
            double cost = service_->programme.slot_weight[static_cast<std::size_t>(mode)];
            if (groups_ && mode == CoachingMode::group) {
                members = group_from(ctx, k, starting);
                const bool full_enough = members.size() >= std::min(group_min_size_, group_size_);
                if (!full_enough && ctx.week - a.coaching_week[i] < group_max_wait_weeks_) continue;  // wait for more
                cost = group_slot_weight_;
            }
            const bool as_group = groups_ && mode == CoachingMode::group && members.size() > 1;
            if (groups_ && mode == CoachingMode::group && !as_group) {  // nobody to join: coached one-to-one
                mode = CoachingMode::one_to_one;
                cost = service_->programme.slot_weight[0];
            }
            if (used + cost > capacity + 1e-9) break;  // first in, first out: nobody overtakes
            used += cost;  // booked: the slot is used whether or not the patient comes
            const auto group = next_group_id_++;
            for (const auto m : members) {
                const std::uint32_t j = list[m];
                const bool missed = session_draw(ctx, j).attendance < service_->programme.dna_rate;
                if (as_group) count_group(group, !missed, tally);
                if (missed) {  // not started: keeps the place on the list for the next free slot
                    count_missed(a, j, tally);
                    continue;
                }
                starting[m] = true;
                start(ctx, j, mode, tally);
                if (as_group) group_of_[j] = group;
                if (attend(ctx, j, tally)) in_programme_.push_back(j);
            }
        }
        std::size_t kept = 0;
        for (std::size_t k = 0; k < list.size(); ++k)
            if (!starting[k]) list[kept++] = list[k];
        list.resize(kept);
        // Due sessions are served longest-due first (then by slot), so no practice is favoured
        // when the slots run short.
        std::sort(in_programme_.begin(), in_programme_.end(), [&a](std::uint32_t x, std::uint32_t y) {
            return a.coaching_week[x] != a.coaching_week[y] ? a.coaching_week[x] < a.coaching_week[y] : x < y;
        });
    }

    // Keyed by the week the patient joined, so a patient kept waiting by a full week does not draw
    // again (which would favour the modes that use fewer slots).
    CoachingMode drawn_mode(const WeekContext& ctx, std::uint32_t i) const {
        Draws draws(ctx.key, i, static_cast<std::uint32_t>(ctx.agents.coaching_week[i]), Stream::coaching_session, kModeSubstream);
        return static_cast<CoachingMode>(categorical(draws, service_->programme.mode_share));
    }

    // The waiting patient at `head` and up to group_size - 1 others after it in the list who drew
    // group mode, in the same practice and sharing a condition (frailty counting as one).
    std::vector<std::size_t> group_from(const WeekContext& ctx, std::size_t head, const std::vector<bool>& starting) const {
        const auto& a = ctx.agents;
        const auto& list = service_->waiting_list;
        std::vector<std::size_t> members{head};
        const std::uint32_t h = list[head];
        for (std::size_t k = head + 1; k < list.size() && members.size() < group_size_; ++k) {
            const std::uint32_t j = list[k];
            if (starting[k] || a.practice[j] != a.practice[h] || drawn_mode(ctx, j) != CoachingMode::group) continue;
            const unsigned ch = condition_bits(a, h), cj = condition_bits(a, j);
            if ((ch & cj) || (ch == 0 && cj == 0)) members.push_back(k);
        }
        return members;
    }

    void start(const WeekContext& ctx, std::uint32_t i, CoachingMode mode, Tally& tally) {
        auto& a = ctx.agents;
        const int cell = group_cell(a, i);
        tally.add(Counter::coaching_started, cell, a.practice[i]);
        tally.add(Counter::coaching_wait_weeks, cell, a.practice[i], ctx.week - a.coaching_week[i]);
        a.coaching_state[i] = CoachingState::in_programme;
        a.coaching_progress[i] = static_cast<std::uint8_t>(static_cast<int>(mode) << 4);
    }

    // Slots a session of patient i would use this week: a formed group pays once per week, whoever
    // of its members comes first; otherwise the mode's weight per patient.
    double slot_cost(const AgentStore& a, std::uint32_t i) const {
        const auto group = group_of_.find(i);
        if (group == group_of_.end()) return service_->programme.slot_weight[static_cast<std::size_t>(coaching_mode(a, i))];
        return charged_groups_.count(group->second) ? 0.0 : group_slot_weight_;
    }

    double charge(const AgentStore& a, std::uint32_t i, bool attended, Tally& tally) {
        const double cost = slot_cost(a, i);
        const auto group = group_of_.find(i);
        if (group != group_of_.end()) count_group(group->second, attended, tally);
        return cost;
    }

    // A group session is run (and counted) once a week, whoever of its members comes.
    void count_group(std::uint32_t group, bool attended, Tally& tally) {
        if (charged_groups_.insert(group).second) ++tally.pcn[Counter::group_sessions];
        if (attended) ++tally.pcn[Counter::group_attendances];
    }

    // A booked session's uniforms, in this order: dropout before it (sessions after the first),
    // then attendance. Two uniforms of one Draws, so the two decisions never share a number.
    struct SessionDraw {
        double dropout, attendance;
    };
    static SessionDraw session_draw(const WeekContext& ctx, std::uint32_t i) {
        Draws draws(ctx.key, i, static_cast<std::uint32_t>(ctx.week), Stream::coaching_session);
        const double dropout = draws.uniform();
        return {dropout, draws.uniform()};
    }

    // The mark of a session rebooked after a miss, in the spare top bit of coaching_progress (start
    // and attend clear it).
    static constexpr std::uint8_t kRebookedBit = 0x80;
    static bool rebooked(const AgentStore& a, std::uint32_t i) { return (a.coaching_progress[i] & kRebookedBit) != 0; }

    void miss_later_session(const WeekContext& ctx, std::uint32_t i, Tally& tally) const {
        auto& a = ctx.agents;
        a.coaching_progress[i] = static_cast<std::uint8_t>(a.coaching_progress[i] | kRebookedBit);
        a.coaching_week[i] = static_cast<std::int16_t>(ctx.week + service_->programme.interval_weeks);
        count_missed(a, i, tally);
    }

    static void count_missed(const AgentStore& a, std::uint32_t i, Tally& tally) {
        tally.add(Counter::coaching_sessions_missed, group_cell(a, i), a.practice[i]);
    }

    // One attended session; returns whether the programme goes on.
    bool attend(const WeekContext& ctx, std::uint32_t i, Tally& tally) {
        auto& a = ctx.agents;
        const auto& design = service_->programme;
        const auto mode = static_cast<std::size_t>(coaching_mode(a, i));
        const double gain = design.gain_per_session * design.gain_factor[mode];
        gain_.add(a, i, gain);
        if (spillover_share_ > 0) spill_over(a, i, gain, tally);
        a.coaching_progress[i] = static_cast<std::uint8_t>((a.coaching_progress[i] & ~kRebookedBit) + 1);
        tally.add(Counter::coaching_sessions, group_cell(a, i), a.practice[i]);
        if (coaching_sessions_attended(a, i) >= design.sessions) {
            leave(ctx, i, CoachingState::completed, Counter::coaching_completed, tally);
            group_of_.erase(i);
            return false;
        }
        a.coaching_week[i] = static_cast<std::int16_t>(ctx.week + design.interval_weeks);
        return true;
    }

    // Adult household members of a coached patient gain a share of each session's gain.
    // (Not in care homes: fellow residents are not a family.)
    void spill_over(AgentStore& a, std::uint32_t i, double gain, Tally& tally) {
        assert(network_ && "spill-over needs the network");
        if (a.care_home[i]) return;
        for (auto [it, end] = boost::adjacent_vertices(i, network_->households); it != end; ++it) {
            const auto j = static_cast<std::uint32_t>(*it);
            if (a.age[j] < kAdultAge) continue;
            gain_.add(a, j, spillover_share_ * gain);
            if (spillover_recipients_.insert({j, a.registered_week[j]}).second)  // a new occupant counts anew
                tally.add(Counter::spillover_recipients, group_cell(a, j), a.practice[j]);
        }
    }

    static void leave(const WeekContext& ctx, std::uint32_t i, CoachingState state, Counter why, Tally& tally) {
        auto& a = ctx.agents;
        a.coaching_state[i] = state;
        // A dropout loses the buddy effect at once; the partner keeps it until the next review.
        if (state == CoachingState::dropped_out) a.coaching_progress[i] = static_cast<std::uint8_t>(a.coaching_progress[i] & ~kBuddyBit);
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
    const SocialNetwork* network_;             // households, for spill-over
    bool groups_;
    std::size_t group_size_, group_min_size_;
    int group_max_wait_weeks_;
    double group_slot_weight_, buddy_dropout_factor_, spillover_share_;
    std::map<std::uint32_t, std::uint32_t> group_of_;  // agent -> group, for group members in a programme
    std::set<std::uint32_t> charged_groups_;           // groups whose session this week is paid for
    std::uint32_t next_group_id_ = 0;
    std::set<std::pair<std::uint32_t, std::int16_t>> spillover_recipients_;  // (slot, registration week)
};

}  // namespace

// Long, but a table, not logic: one line per parameter, column, counter and metric the module owns.
const Module& coaching_delivery_module() {
    using namespace declare;
    static const Module m{
        .declaration = {
            .name = "coaching_delivery",
            .purpose = "the coach workforce and its sessions: waiting list, programmes (one-to-one, group, digital), dropout and activation gains",
            .parameters = {
            {"coaching.sessions_per_programme", "sessions", 6, 2, 12, fixed(), "NHS workforce development framework via KYOH (4-8)"},
            {"coaching.session_interval_weeks", "weeks", 2, 1, 4, fixed(), "NHS workforce development framework via KYOH"},
            {"coaching.first_session_minutes", "minutes", 60, 30, 90, fixed(), "NHS workforce development framework via KYOH"},
            {"coaching.followup_session_minutes", "minutes", 45, 20, 60, fixed(), "NHS workforce development framework via KYOH"},
            {"coaching.admin_minutes_per_session", "minutes", 20, 0, 40, unif(10, 30), "assumption: gives ~20 session slots per WTE-week (PARAMETERS.md)"},
            {"coaching.hours_per_wte_week", "hours", 37.5, 30, 40, fixed(), "Agenda for Change full time"},
            {"coaching.patient_facing_share", "share of hours", 0.6, 0.5, 0.7, beta(60, 40), kAssumption},
            {"coaching.supervision_hours_per_month", "hours per coach WTE", 1, 0, 4, fixed(), "seeds 000, 003"},
            {"coaching.training_days", "days before first sessions", 4, 0, 10, fixed(), "seeds 003, 004: 4-day accredited course"},
            {"coaching.ramp_weeks", "weeks to full caseload", 4, 0, 12, fixed(), "seeds 003, 004"},
            {"coaching.leave_share", "share of weeks", 0.2, 0.1, 0.3, beta(20, 80),
             "Agenda for Change: 29 days annual leave (27 to 33 by service) + 8 bank holidays; about 5 study and training days; NHS sickness absence about 5% (NHS Digital sickness absence rates): 1 - 207.8 / 260.7 working days = 0.203, about 41.6 working weeks a year (of the kind PSSRU Unit Costs assumes for working time, not checked against it: an assumption)"},
            {"coaching.completion_after_start", "probability", 0.65, 0.5, 0.85, beta(65, 35), "KYOH 61%; PROTECTS >80% got 4+ sessions"},
            {"coaching.dna_rate", "share of booked sessions", 0.1, 0.05, 0.2, beta(10, 90),
             "assumption (PARAMETERS.md: general practice DNA about 4-5%; coaching cohorts are less activated); a missed session uses its slot and is rebooked"},
            {"coaching.share_group", "share of programmes", 0.0, 0.0, 1.0, fixed(), "scenario setting: delivery-mode mix"},
            {"coaching.share_digital_hybrid", "share of programmes", 0.0, 0.0, 1.0, fixed(), "scenario setting: delivery-mode mix"},
            {"coaching.group_size", "patients per group session", 8, 4, 12, fixed(), kAssumption},
            {"coaching.group_min_size", "patients", 4, 1, 12, fixed(), "assumption: a group starts when this many are waiting ([network] group_sessions)"},
            {"coaching.group_max_wait_weeks", "weeks", 6, 0, 26, fixed(), "assumption: or when its first patient has waited this long"},
            {"coaching.group_slot_weight", "session slots per group session", 1.5, 1.0, 3.0, unif(1.0, 3.0), "assumption: a group session takes longer to prepare and run"},
            {"coaching.digital_coach_time_share", "share of a 1:1 session's coach time", 0.5, 0.2, 1.0, unif(0.2, 1.0), kAssumption},
            {"activation.coaching_gain_completers", "PAM points over a programme", 4, 0, 10, unif(0, 10),
             "controlled: Panagioti 2018 PROTECTS +1.44 ITT, +3.69 among those coached (CACE); Oddone 2018 (VA RCT) +2.5; US RCT +4.8 (PMC6445901); uncontrolled +8.0 (Turner 2015) and +13.7 (KYOH/Imperial) are inflated by regression to the mean"},
            {"activation.durable_share", "share of a gain", 0.3, 0.0, 0.7, beta(3, 7), "assumption: added to the set point; the rest decays with the AR(1)"},
            {"activation.group_gain_factor", "ratio to 1:1", 0.7, 0.3, 1.0, unif(0.3, 1.0), kAssumption},
            {"activation.digital_gain_factor", "ratio to 1:1", 0.5, 0.3, 1.0, unif(0.3, 1.0), kAssumption},
            {"activation.skills_consultation_gain", "PAM points per consultation", 0.3, 0.0, 1.0, unif(0.0, 1.0), kAssumption},
            {"activation.brief_intervention_gain", "PAM points", 0.5, 0.0, 1.5, unif(0.0, 1.5), "assumption (Aveyard et al. 2016 for the behaviour change)"},
            },
            .counters = {
                {"coaching_started", "programmes started (first session attended)", Counter::coaching_started},
                {"coaching_completed", "programmes completed", Counter::coaching_completed},
                {"coaching_dropped_out", "programmes left before the last session", Counter::coaching_dropped_out},
                {"coaching_withdrawn", "patients leaving the waiting list by death or deregistration", Counter::coaching_withdrawn},
                {"coaching_waiting", "patients on the waiting list at the end of the week (stock)", Counter::coaching_waiting},
                {"coaching_in_programme", "patients part-way through a programme at the end of the week (stock)", Counter::coaching_in_programme},
                {"coaching_wait_weeks", "weeks waited, summed over patients starting", Counter::coaching_wait_weeks},
                {"coaching_sessions", "sessions attended", Counter::coaching_sessions},
                {"coaching_sessions_missed", "booked sessions missed (did not attend), the slot used all the same", Counter::coaching_sessions_missed},
                {"coach_wte_milli", "effective coach WTE x 1000 (PCN stock)", Counter::coach_wte_milli},
                {"coaching_capacity_milli", "session slots available x 1000 (PCN)", Counter::coaching_capacity_milli},
                {"coaching_slots_used_milli", "session slots used x 1000 (PCN)", Counter::coaching_slots_used_milli},
                {"coach_training_wte_milli", "coach WTE starting training this week x 1000 (PCN)", Counter::coach_training_wte_milli},
                {"skills_training_wte_milli", "clinician WTE trained in coaching skills this week x 1000 (PCN)", Counter::skills_training_wte_milli},
                {"group_sessions", "group sessions run (PCN)", Counter::group_sessions},
                {"group_attendances", "patients attending group sessions (PCN)", Counter::group_attendances},
            },
            .metrics = {
                flow("coaching_started", "coaching_started", "patients", "programmes started (first session attended)", 280),
                flow("coaching_completed", "coaching_completed", "patients", "programmes completed (every session attended)", 290),
                flow("coaching_dropped_out", "coaching_dropped_out", "patients", "programmes left before the last session (including death or leaving the list)", 300),
                flow("coaching_withdrawn", "coaching_withdrawn", "patients", "patients leaving the waiting list by death or deregistration", 310),
                stock("coaching_waiting_list", "coaching_waiting", "patients", "patients on the coaching waiting list at the end of the week", 320),
                stock("coaching_in_programme", "coaching_in_programme", "patients", "patients part-way through a programme at the end of the week", 330),
                {"coaching_mean_wait_weeks", kRatio, "coaching_wait_weeks", "coaching_started", 1.0, {}, kGroups, "weeks",
                 "mean weeks from accepting to the first session, over programmes started", 340},
                flow("coaching_sessions", "coaching_sessions", "sessions", "coaching sessions attended", 350),
                flow("coaching_sessions_missed", "coaching_sessions_missed", "sessions",
                     "booked coaching sessions the patient missed (did not attend): each used its slot and was rebooked", 355),
                {"coaching_group_sessions", kFlow, "group_sessions", {}, 1.0, {}, kPcn, "sessions", "group sessions run ([network] group_sessions)", 400},
                {"coaching_mean_group_size", kRatio, "group_attendances", "group_sessions", 1.0, {}, kPcn, "patients",
                 "patients attending per group session", 410},
                {"coach_wte", kStock, "coach_wte_milli", {}, 1e-3, {}, kPcn, "WTE", "coach WTE in post (including those in training)", 420},
                {"coach_wte_years", kFlow, "coach_wte_milli", {}, 1e-3 / 52.0, {}, kPcn, "WTE-years",
                 "coach WTE-years in post (the horizon total is the staffing that was paid for)", 430},
                {"coach_utilisation", kRatio, "coaching_slots_used_milli", "coaching_capacity_milli", 1.0, {}, kPcn, "share of session slots",
                 "session slots used (missed sessions included) over session slots available", 440},
                cost("cost_coaching_staff", "coach_wte_milli", "cost.coach_wte_year", "coach pay and on-costs (WTE-weeks x cost per WTE-year / 52)",
                     450, kPcn, 1e-3 / 52.0),
                cost("cost_coach_training", "coach_training_wte_milli", "cost.coach_training", "training of new coaches", 460, kPcn, 1e-3),
                cost("cost_skills_training", "skills_training_wte_milli", "cost.skills_training_per_clinician",
                     "coaching-skills training of GP-practice clinicians", 470, kPcn, 1e-3),
            },
            .streams = {{Stream::coaching_session, "coaching_session", "delivery mode at the start; for each booked session, dropout before it, then attendance"}},
            .sections = {{"coaching", "a coaching pathway (the counterfactual never has one)", {
                {"wte", KeyType::number, "coach WTE from the first reported week"},
                {"wte_schedule", KeyType::list, "[[reported week, WTE], ...]: a step schedule"},
                {"waiting_list", KeyType::text, "fifo or priority (the targeting priority)"},
            }}},
        },
        .placement = Placement::coaching_arm,
        .week_order = 80,
        .make = [](const ArmSetup& s) -> std::unique_ptr<Process> { return std::make_unique<CoachingDelivery>(s.model, s.coaching_service); },
    };
    return m;
}

// Spill-over to household members is given by coaching delivery, session by session (spill_over
// above); its parameter, counter and metric are declared here as their own module, so that
// `pcnsim modules` shows it as the network effect it is.
const Module& spillover_module() {
    using namespace declare;
    static const Module m{
        .declaration = {
            .name = "spillover",
            .purpose = "household members of a coached patient gain a small share of each session's gain ([network] spillover)",
            .parameters = {
            {"spillover.gain_share", "share of a session's gain", 0.05, 0.0, 0.3, beta(1, 19), "assumption: household members of a coached patient gain a small share (off unless [network] spillover = true)"},
            },
            .counters = {{"spillover_recipients", "household members receiving their first spill-over gain", Counter::spillover_recipients}},
            .metrics = {flow("spillover_recipients", "spillover_recipients", "patients",
                             "household members of a coached patient receiving a spill-over activation gain for the first time ([network] spillover)", 390)},
        },
    };
    return m;
}

}  // namespace pcnsim
