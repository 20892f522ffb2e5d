// Demography: birthdays, deaths (age-, sex- and frailty-specific), deregistrations (list turnover)
// and frailty onset and progression. The list size is held constant: whoever dies or leaves is
// replaced in the same slot by a new registration drawn from the practice's list profile
// (PARAMETERS.md: "replaced by new registrations with the list's age-sex profile").
#include <algorithm>
#include <cmath>

#include "sim/core/distributions.hpp"
#include "sim/processes/processes.hpp"

namespace pcnsim {
namespace {

class Demography final : public Process {
public:
    explicit Demography(const ModelSetup& setup) : model_(setup.model) {
        const auto& p = setup.scenario.parameters;
        turnover_ = weekly_probability(p.get("demography.turnover_per_year"));
        progression_ = weekly_probability(p.get("frailty.progression_per_year"));
        recovery_ = weekly_probability(p.get("frailty.recovery_per_year"));
        const double onset[4] = {p.get("frailty.onset_per_1000_50_64"), p.get("frailty.onset_per_1000_65_74"),
                                 p.get("frailty.onset_per_1000_75_84"), p.get("frailty.onset_per_1000_85plus")};
        for (int k = 0; k < 4; ++k) onset_[static_cast<std::size_t>(k)] = 1.0 - std::exp(-onset[k] / 1000.0 / 52.0);
        // Frailty thresholds are scaled by a width of at most 1, so these bound them from outside.
        quiet_from_ = turnover_ + std::max(progression_, *std::max_element(onset_.begin(), onset_.end()));
        quiet_to_ = 1.0 - recovery_;
        build_death_table(p, setup.population.agents);
    }

    std::string_view name() const override { return "demography"; }

    void step(const WeekContext& ctx, AgentRange range, Worker& worker) override {
        auto& a = ctx.agents;
        const auto week = static_cast<std::uint32_t>(ctx.week);
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            if (is_birthday(i, a.registered_week[i], week) && a.age[i] < kMaxAge) ++a.age[i];
            // Competing risks on one uniform: [0, p_death) dies, the next p_turnover leaves, and the
            // rest (of width 1 - p_death - p_turnover, so thresholds are scaled by it) decides any
            // change in frailty.
            const double u = worker.uniforms(Slot::demography, i);
            const double p_death = death_probability(a, i);
            // Exact fast path for the quiet majority: u is past every low threshold (death, leaving,
            // the largest onset or progression chance) and below the recovery band at the top.
            if (u >= p_death + quiet_from_ && u <= quiet_to_) continue;
            if (u < p_death) {
                replace(ctx, i, Counter::deaths, worker);
            } else if (u < p_death + turnover_) {
                replace(ctx, i, Counter::deregistrations, worker);
            } else {
                if (a.age[i] >= 50) progress_frailty(ctx, a, i, u - p_death - turnover_, 1.0 - p_death - turnover_, worker);
            }
        }
    }

private:
    // Each patient has a birthday week, fixed for as long as they occupy the slot.
    static bool is_birthday(std::uint32_t i, std::int16_t registered, std::uint32_t week) {
        std::uint32_t h = i * 2654435761u ^ static_cast<std::uint32_t>(registered) * 40503u;
        h ^= h >> 15;
        return h % 52u == week % 52u;
    }

    double death_probability(const AgentStore& a, std::size_t i) const {
        return death_[(static_cast<std::size_t>(a.age[i]) * 2 + static_cast<std::size_t>(a.sex[i])) * 4 +
                      static_cast<std::size_t>(a.frailty[i])];
    }

    // u is uniform on (0, width).
    void progress_frailty(const WeekContext& ctx, AgentStore& a, std::size_t i, double u, double width, Worker& worker) {
        const int age = a.age[i];
        if (a.frailty[i] == Frailty::fit) {
            const std::size_t band = age < 65 ? 0 : age < 75 ? 1 : age < 85 ? 2 : 3;
            if (u < onset_[band] * width) {
                a.frailty[i] = Frailty::mild;
                count(ctx, Counter::frailty_onsets, i, worker);
            }
        } else if (a.frailty[i] != Frailty::severe && u < progression_ * width) {
            a.frailty[i] = static_cast<Frailty>(static_cast<int>(a.frailty[i]) + 1);
        } else if (a.frailty[i] == Frailty::mild && u > (1.0 - recovery_) * width && !a.care_home[i]) {
            a.frailty[i] = Frailty::fit;
        }
    }

    // Demography is shared by both arms: an event counts in each arm's own PAM-level group.
    static void count(const WeekContext& ctx, Counter c, std::uint32_t i, Worker& worker) {
        const auto& a = ctx.agents;
        worker.tally.add(c, group_cell(a, i), a.practice[i]);
        const int other = ctx.counterfactual ? group_cell_in(a, *ctx.counterfactual, i) : group_cell(a, i);
        worker.counterfactual_tally.add(c, other, a.practice[i]);
    }

    void replace(const WeekContext& ctx, std::uint32_t i, Counter why, Worker& worker) {
        auto& a = ctx.agents;
        const std::uint16_t p = a.practice[i];
        count(ctx, why, i, worker);
        Draws draws(ctx.key, i, static_cast<std::uint32_t>(ctx.week), Stream::registration);
        const auto& practice = ctx.practices[p];
        const auto [age, sex] = draw_age_sex(practice, draws);
        synthesise_patient(model_, practice, p, age, sex, draws, a, i);
        a.registered_week[i] = static_cast<std::int16_t>(ctx.week);
        // The newcomer is the same person in both arms (copied to the other after this phase).
        worker.tally.add(Counter::registrations, group_cell(a, i), p);
        worker.counterfactual_tally.add(Counter::registrations, group_cell(a, i), p);
    }

    // Gompertz approximation of ONS qx (docs/parameters.md); frailty hazard ratios are normalised
    // within each age band and sex so that the population's mortality still matches qx.
    void build_death_table(const Parameters& p, const AgentStore& initial) {
        const std::array<double, 4> hr{1.0, p.get("mortality.frailty_hr_mild"), p.get("mortality.frailty_hr_moderate"),
                                       p.get("mortality.frailty_hr_severe")};
        std::array<double, kServiceAgeBands * 2> hr_sum{}, count{};
        for (std::size_t i = 0; i < initial.size(); ++i) {
            const auto k = static_cast<std::size_t>(service_age_band(initial.age[i]) * 2 + static_cast<int>(initial.sex[i]));
            hr_sum[k] += hr[static_cast<std::size_t>(initial.frailty[i])];
            count[k] += 1;
        }
        death_.assign(static_cast<std::size_t>(kMaxAge + 1) * 2 * 4, 0.0);
        for (int age = 0; age <= kMaxAge; ++age)
            for (int s = 0; s < 2; ++s) {
                const auto k = static_cast<std::size_t>(service_age_band(age) * 2 + s);
                const double mean_hr = count[k] > 0 ? hr_sum[k] / count[k] : 1.0;
                const double annual_hazard = -std::log(1.0 - std::min(0.95, annual_mortality(p, age, static_cast<Sex>(s))));
                for (int f = 0; f < 4; ++f)
                    // Hazard ratios act on the hazard, not the annual probability, so no cell reaches
                    // certain death; q itself is capped below 1.
                    death_[(static_cast<std::size_t>(age) * 2 + static_cast<std::size_t>(s)) * 4 + static_cast<std::size_t>(f)] =
                        1.0 - std::exp(-annual_hazard * hr[static_cast<std::size_t>(f)] / mean_hr / 52.0);
            }
    }

    static double annual_mortality(const Parameters& p, int age, Sex sex) {
        const double sex_ratio = sex == Sex::female ? p.get("mortality.female_ratio") : 1.0;
        const double q = age < 40 ? p.get("mortality.q_under_40")
                                  : p.get("mortality.q40_male") * std::exp(p.get("mortality.gompertz_slope") * (age - 40));
        return std::min(1.0, q * sex_ratio);
    }

    const PopulationModel& model_;
    double turnover_ = 0, progression_ = 0, recovery_ = 0;
    double quiet_from_ = 0, quiet_to_ = 1;  // u in [p_death + quiet_from_, quiet_to_]: nothing happens
    std::array<double, 4> onset_{};
    std::vector<double> death_;
};

}  // namespace

std::unique_ptr<Process> make_demography(const ModelSetup& setup) { return std::make_unique<Demography>(setup); }

}  // namespace pcnsim
