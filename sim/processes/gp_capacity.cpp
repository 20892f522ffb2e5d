// GP capacity: each practice supplies appointments a week (clinician WTE x appointments per
// WTE-week, changing by gp_capacity.annual_wte_change a year). Requests beyond supply wait in the
// practice's backlog, oldest first; new requests join in a random order. Each week every request
// still waiting is abandoned, diverted to A&E or kept for next week. With unlimited capacity this is
// a pass-through: every request is an appointment the same week.
#include <algorithm>
#include <array>
#include <cmath>

#include "sim/core/distributions.hpp"
#include "sim/processes/module.hpp"
#include "sim/processes/processes.hpp"

namespace pcnsim {
namespace {

struct Request {
    std::uint32_t agent;
    std::int16_t week_requested;
    std::uint8_t index;  // which of the agent's requests that week
};

class GpCapacity final : public Process {
public:
    explicit GpCapacity(const ModelSetup& setup)
        : unlimited_(setup.scenario.gp_capacity_unlimited), backlog_(setup.population.practices.size()) {
        const auto& p = setup.scenario.parameters;
        appointments_per_patient_week_ =
            p.get("gp_capacity.clinician_wte_per_1000") / 1000.0 * p.get("gp_capacity.appointments_per_wte_week");
        annual_change_ = p.get("gp_capacity.annual_wte_change");
        abandon_ = p.get("gp_capacity.abandon_per_week");
        divert_ = p.get("gp_capacity.divert_to_ae_per_week");
    }

    Kind kind() const override { return Kind::per_practice; }

    void step(const WeekContext& ctx, AgentRange range, ThreadScratch& scratch) override {
        auto& a = ctx.agents;
        auto& tally = scratch.tally;
        if (unlimited_) {
            for (std::uint32_t i = range.begin; i < range.end; ++i) {
                a.gp_appointments_week[i] = a.gp_requests_week[i];
                a.gp_diverted_week[i] = 0;
            }
            return;
        }
        const auto practice = static_cast<std::size_t>(range.practice);
        auto& queue = backlog_[practice];
        drop_departed(a, queue);
        append_new_requests(ctx, range, queue);

        const auto supply = weekly_supply(ctx.practices[practice].list_size, ctx.reported_week);
        const std::size_t served = std::min<std::size_t>(supply, queue.size());
        std::int64_t wait_weeks = 0;
        for (std::size_t k = 0; k < served; ++k) {
            const auto& r = queue[k];
            if (a.gp_appointments_week[r.agent] < 255) ++a.gp_appointments_week[r.agent];
            wait_weeks += ctx.week - r.week_requested;
        }
        std::vector<Request> still_waiting;
        for (std::size_t k = served; k < queue.size(); ++k)
            if (keep_waiting(ctx, queue[k], tally)) still_waiting.push_back(queue[k]);
        queue = std::move(still_waiting);
        tally.add_practice(Counter::gp_wait_weeks, practice, wait_weeks);
        tally.add_practice(Counter::gp_backlog, practice, static_cast<std::int64_t>(queue.size()));
    }

private:
    std::uint32_t weekly_supply(std::uint32_t list_size, int reported_week) const {
        const double years = std::max(0, reported_week) / 52.0;
        return static_cast<std::uint32_t>(list_size * appointments_per_patient_week_ * std::pow(1.0 + annual_change_, years));
    }

    // A request whose patient has died or left is withdrawn; the slot now holds someone else.
    static void drop_departed(const AgentStore& a, std::vector<Request>& queue) {
        std::erase_if(queue, [&a](const Request& r) { return a.registered_week[r.agent] > r.week_requested; });
    }

    // New requests join in the order of a random key per request; ties (rare) keep agent order.
    static void append_new_requests(const WeekContext& ctx, AgentRange range, std::vector<Request>& queue) {
        auto& a = ctx.agents;
        std::fill(a.gp_appointments_week.begin() + range.begin, a.gp_appointments_week.begin() + range.end, 0);
        std::fill(a.gp_diverted_week.begin() + range.begin, a.gp_diverted_week.begin() + range.end, 0);
        std::vector<Request> fresh;
        std::vector<std::uint64_t> order;  // key in the high word, position in `fresh` in the low word
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            const int n = a.gp_requests_week[i];
            if (n == 0) continue;
            Draws draws(ctx.key, i, static_cast<std::uint32_t>(ctx.week), Stream::gp_queue_order);
            for (int k = 0; k < n; ++k) {
                order.push_back(static_cast<std::uint64_t>(draws.next_u32()) << 32 | fresh.size());
                fresh.push_back({i, static_cast<std::int16_t>(ctx.week), static_cast<std::uint8_t>(k)});
            }
        }
        sort_by_high_word(order);
        for (const auto key : order) queue.push_back(fresh[key & 0xFFFFFFFFu]);
    }

    // Stable least-significant-digit radix sort on bits 32-63, so equal keys stay in position
    // order: the same result as std::sort on the whole word, without the comparison sort's
    // mispredicted branches on random keys.
    static void sort_by_high_word(std::vector<std::uint64_t>& v) {
        std::vector<std::uint64_t> scratch(v.size());
        for (int shift = 32; shift < 64; shift += 8) {
            std::array<std::size_t, 257> start{};
            for (const auto x : v) ++start[((x >> shift) & 0xFF) + 1];
            for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
            for (const auto x : v) scratch[start[(x >> shift) & 0xFF]++] = x;
            v.swap(scratch);
        }
    }

    bool keep_waiting(const WeekContext& ctx, const Request& r, Tally& tally) const {
        const auto substream = (static_cast<std::uint32_t>(static_cast<std::uint16_t>(r.week_requested)) << 8) | r.index;
        Draws draws(ctx.key, r.agent, static_cast<std::uint32_t>(ctx.week), Stream::gp_backlog_outcome, substream);
        const double u = draws.uniform();
        auto& a = ctx.agents;
        if (u < abandon_) {
            tally.add(Counter::gp_unmet, group_cell(a, r.agent), a.practice[r.agent]);
            return false;
        }
        if (u < abandon_ + divert_) {
            if (a.gp_diverted_week[r.agent] < 255) ++a.gp_diverted_week[r.agent];
            tally.add(Counter::gp_diverted_to_ae, group_cell(a, r.agent), a.practice[r.agent]);
            return false;
        }
        return true;
    }

    bool unlimited_;
    double appointments_per_patient_week_ = 0, annual_change_ = 0, abandon_ = 0, divert_ = 0;
    std::vector<std::vector<Request>> backlog_;
};

}  // namespace

const Module& gp_capacity_module() {
    using namespace declare;
    static const Module m{
        .declaration = {
            .name = "gp_capacity",
            .purpose = "each practice's appointments this week: a queue, oldest request first; waiting requests abandon or go to A&E",
            .parameters = {
            {"gp_capacity.clinician_wte_per_1000", "clinician WTE per 1,000 registered patients", 0.98, 0.5, 1.5, logn(0.98, 0.08), "assumption: 3-4% headroom over expected demand at the default rates"},
            {"gp_capacity.appointments_per_wte_week", "appointments per clinician WTE-week", 120, 80, 160, logn(120, 0.1), "assumption (GP, nurse and ARRS mix)"},
            {"gp_capacity.annual_wte_change", "proportional change per year", 0.0, -0.1, 0.1, norm(0.0, 0.02), "scenario setting; -0.02 in the GP-workforce-decline variant"},
            {"gp_capacity.abandon_per_week", "probability per waiting week", 0.15, 0.0, 0.5, beta(3, 17), kAssumption},
            {"gp_capacity.divert_to_ae_per_week", "probability per waiting week", 0.03, 0.0, 0.1, beta(3, 97), kAssumption},
            },
            .columns = {
                column<&AgentStore::gp_appointments_week>("gp_appointments_week", kThisWeek, "GP appointments delivered this week"),
                column<&AgentStore::gp_diverted_week>("gp_diverted_week", kThisWeek, "waiting requests that went to A&E this week"),
            },
            .counters = {
                {"gp_unmet", "waiting requests abandoned", Counter::gp_unmet},
                {"gp_diverted_to_ae", "waiting requests that went to A&E", Counter::gp_diverted_to_ae},
                {"gp_backlog", "requests waiting at the end of the week (practice stock)", Counter::gp_backlog},
                {"gp_wait_weeks", "weeks waited, summed over delivered appointments", Counter::gp_wait_weeks},
            },
            .metrics = {
                {"gp_backlog", kStock, "gp_backlog", {}, 1.0, {}, kPractice, "requests", "requests waiting at the end of the week", 40},
                {"gp_mean_wait_weeks", kRatio, "gp_wait_weeks", "gp_appointments", 1.0, {}, kPractice, "weeks",
                 "mean weeks from request to appointment over delivered appointments (0 with unlimited capacity)", 50},
                flow("gp_unmet", "gp_unmet", "requests", "waiting requests abandoned (demand that went unmet)", 60),
                flow("gp_diverted_to_ae", "gp_diverted_to_ae", "requests", "waiting requests that went to A&E instead", 70),
            },
            .streams = {
                {Stream::gp_queue_order, "gp_queue_order", "position of a new GP request in the practice's queue"},
                {Stream::gp_backlog_outcome, "gp_backlog_outcome", "abandon / divert / keep waiting, per waiting request"},
            },
            .sections = {{"gp_workforce", "the GP workforce", {{"unlimited", KeyType::boolean, "every request is served the week it is made"}}}},
            .reads = {"gp_requests_week"},
            .writes = {"gp_appointments_week", "gp_diverted_week"},
        },
        .placement = Placement::each_arm,
        .week_order = 40,
        .make = [](const ArmSetup& s) -> std::unique_ptr<Process> { return std::make_unique<GpCapacity>(s.model); },
    };
    return m;
}

}  // namespace pcnsim
