// Buddy pairing ([network] buddies): at each monthly review, coached patients without a buddy (in a
// programme, or completed within buddy.window_weeks) are paired by a maximum-cardinality matching
// (sim/network/matching.hpp) on a compatibility graph: same practice, neighbouring age band, a
// shared condition (frailty counting as one) and, with buddy_requires_tie, already linked in a
// household or by a community tie. A buddy slows the decay of activation gains (activation_drift)
// and lowers dropout (coaching_delivery); a pair ends when either patient drops out, starts a new
// programme or leaves the list, and otherwise lasts (the window decides only who can be paired). The
// slower decay applies to the whole transient part of the score, below the set point as well.
#include <algorithm>
#include <map>
#include <memory>

#include "sim/network/matching.hpp"
#include "sim/network/social_network.hpp"
#include "sim/processes/coaching_service.hpp"
#include "sim/processes/module.hpp"

namespace pcnsim {
namespace {

class BuddyPairing final : public Process {
public:
    BuddyPairing(const ModelSetup& setup, std::shared_ptr<const CoachingService> service)
        : service_(std::move(service)),
          network_(*setup.network),
          window_weeks_(static_cast<int>(setup.scenario.parameters.get("buddy.window_weeks"))),
          requires_tie_(setup.scenario.network.buddy_requires_tie) {}

    Kind kind() const override { return Kind::per_pcn; }

    void step(const WeekContext& ctx, AgentRange range, ThreadScratch& scratch) override {
        if (!service_->review_week(ctx.reported_week)) return;
        auto& a = ctx.agents;
        end_pairs(a);
        std::map<std::uint16_t, std::vector<std::uint32_t>> candidates;  // by practice, agents ascending
        for (std::uint32_t i = range.begin; i < range.end; ++i)
            if (candidate(a, i, ctx.week)) candidates[a.practice[i]].push_back(i);
        for (const auto& [practice, people] : candidates) pair_within(a, people, scratch.tally);
    }

private:
    struct Pair {
        std::uint32_t first, second;
    };

    bool candidate(const AgentStore& a, std::uint32_t i, int week) const {
        if (has_buddy(a, i)) return false;
        const auto state = a.coaching_state[i];
        return state == CoachingState::in_programme ||
               (state == CoachingState::completed && week - a.coaching_week[i] <= window_weeks_);
    }

    static bool still_paired(const AgentStore& a, std::uint32_t i) {
        const auto state = a.coaching_state[i];
        return has_buddy(a, i) && (state == CoachingState::in_programme || state == CoachingState::completed);
    }

    // A pair ends when either patient drops out, starts a new programme or leaves the list (a new
    // registration in the slot starts with the bit clear); both lose the buddy bit, so nobody keeps
    // the buddy effect alone. A cleared bit on a new occupant is already clear.
    void end_pairs(AgentStore& a) {
        std::erase_if(pairs_, [&a](const Pair& p) {
            if (still_paired(a, p.first) && still_paired(a, p.second)) return false;
            for (const auto i : {p.first, p.second}) a.coaching_progress[i] = static_cast<std::uint8_t>(a.coaching_progress[i] & ~kBuddyBit);
            return true;
        });
    }

    bool compatible(const AgentStore& a, std::uint32_t x, std::uint32_t y) const {
        if (std::abs(service_age_band(a.age[x]) - service_age_band(a.age[y])) > 1) return false;
        if (!(condition_bits(a, x) & condition_bits(a, y))) return false;
        return !requires_tie_ || tied(network_.households, x, y) || tied(network_.community, x, y);
    }

    static bool tied(const NetworkGraph& g, std::uint32_t x, std::uint32_t y) {
        for (auto [it, end] = boost::adjacent_vertices(x, g); it != end; ++it)
            if (*it == y) return true;
        return false;
    }

    void pair_within(AgentStore& a, const std::vector<std::uint32_t>& people, Tally& tally) {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
        for (std::uint32_t x = 0; x < people.size(); ++x)
            for (std::uint32_t y = x + 1; y < people.size(); ++y)
                if (compatible(a, people[x], people[y])) edges.emplace_back(x, y);
        for (const auto& [x, y] : maximum_matching(static_cast<std::uint32_t>(people.size()), edges)) {
            for (const auto i : {people[x], people[y]}) {
                a.coaching_progress[i] = static_cast<std::uint8_t>(a.coaching_progress[i] | kBuddyBit);
                tally.add(Counter::buddies_paired, group_cell(a, i), a.practice[i]);
            }
            pairs_.push_back({people[x], people[y]});
        }
    }

    std::shared_ptr<const CoachingService> service_;  // its review weeks
    const SocialNetwork& network_;
    int window_weeks_;
    bool requires_tie_;
    std::vector<Pair> pairs_;
};

}  // namespace

const Module& buddy_pairing_module() {
    using namespace declare;
    static const Module m{
        .declaration = {
            .name = "buddy_pairing",
            .purpose = "pairs coached patients with a buddy by maximum matching ([network] buddies)",
            .parameters = {
            {"buddy.window_weeks", "weeks after completion", 26, 0, 104, fixed(), "assumption: patients in a programme or completed this recently can be paired"},
            {"buddy.decay_reduction", "share of the weekly decay", 0.3, 0.0, 0.8, beta(3, 7), "assumption (conservative): a buddy slows the decay of activation gains"},
            {"buddy.dropout_reduction", "relative reduction", 0.2, 0.0, 0.6, beta(2, 8), "assumption (conservative): a buddy lowers dropout before each session"},
            },
            .counters = {{"buddies_paired", "patients newly paired with a buddy", Counter::buddies_paired}},
            .metrics = {flow("coaching_buddies_paired", "buddies_paired", "patients", "coached patients newly paired with a buddy ([network] buddies)", 380)},
        },
        .placement = Placement::coaching_arm,
        .week_order = 90,
        .included = [](const Scenario& s) { return s.network.buddies; },
        .make = [](const ArmSetup& s) -> std::unique_ptr<Process> { return std::make_unique<BuddyPairing>(s.model, s.coaching_service); },
    };
    return m;
}

}  // namespace pcnsim
