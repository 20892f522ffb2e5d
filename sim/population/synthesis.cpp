// Drawing patients: the initial list (every practice's age-sex counts exactly) and each new
// registration (age and sex drawn from the practice's list profile).
#include <algorithm>
#include <cmath>

#include "sim/core/distributions.hpp"
#include "sim/core/parallel.hpp"
#include "sim/population/population.hpp"

namespace pcnsim {
namespace {

int band_low(int band) { return band * 5; }
int band_high(int band) { return band == kAgeBands5 - 1 ? kMaxAge : band * 5 + 4; }

// Single year of age within a 5-year band, weighted like the England-like reference list.
int draw_age_in_band(const AgeSexWeights& w, int band, Sex sex, Draws& draws) {
    const auto s = static_cast<std::size_t>(sex);
    double total = 0;
    for (int a = band_low(band); a <= band_high(band); ++a) total += w[static_cast<std::size_t>(a)][s];
    double u = draws.uniform() * total;
    for (int a = band_low(band); a <= band_high(band); ++a) {
        u -= w[static_cast<std::size_t>(a)][s];
        if (u < 0) return a;
    }
    return band_high(band);
}

std::uint8_t draw_repeat_meds(const PopulationModel& model, int age, Draws& draws) {
    const int category = categorical(draws, model.repeat_meds_distribution(age));
    static constexpr int lowest[3] = {0, 4, 10};
    static constexpr int span[3] = {4, 6, 6};  // 0-3, 4-9, 10-15
    return static_cast<std::uint8_t>(lowest[category] + static_cast<int>(draws.uniform() * span[category]));
}

}  // namespace

void synthesise_patient(const PopulationModel& model, const PracticeProfile& practice, std::uint16_t practice_index,
                        int age, Sex sex, Draws& draws, AgentStore& agents, std::uint32_t i) {
    agents.practice[i] = practice_index;
    agents.age[i] = static_cast<std::uint8_t>(age);
    agents.sex[i] = sex;
    const int imd = 1 + categorical(draws, practice.imd_share);
    agents.imd_quintile[i] = static_cast<std::uint8_t>(imd);

    std::uint8_t conditions = 0;
    int condition_count = 0;
    for (int c = 0; c < kConditionCount; ++c) {
        const double p = model.condition_probability(c, age, imd) * practice.prevalence_scale[static_cast<std::size_t>(c)];
        if (bernoulli(draws, p)) conditions |= static_cast<std::uint8_t>(1u << c), ++condition_count;
    }
    agents.conditions[i] = conditions;
    auto frailty = static_cast<Frailty>(categorical(draws, model.frailty_distribution(age, imd)));
    const bool care_home = bernoulli(draws, model.care_home_probability(age));
    // Care-home residents are at least moderately frail (assumption).
    if (care_home && frailty < Frailty::moderate) frailty = Frailty::moderate;
    agents.frailty[i] = frailty;
    agents.care_home[i] = care_home ? 1 : 0;
    agents.repeat_meds[i] = draw_repeat_meds(model, age, draws);
    condition_count += frailty != Frailty::fit ? 1 : 0;

    const double shape = model.propensity_shape;
    agents.propensity_permanent[i] = static_cast<float>(gamma_unit(draws, shape) / shape);
    const double sd = model.propensity_transient_sd;
    const double transient = -0.5 * sd * sd + sd * standard_normal(draws);
    agents.propensity[i] = static_cast<float>(agents.propensity_permanent[i] * std::exp(transient));

    // Activation on the latent scale (pam_scale.hpp): the set point's deviation is the latent
    // activation-use trait that also loads on the rates of use (MODEL.md section 5).
    const double trait = std::clamp(standard_normal(draws), -kActivationTraitLimit, kActivationTraitLimit);
    const double setpoint = model.pam_setpoint_mean(imd, condition_count) + model.pam_setpoint_sd * trait;
    agents.activation_trait[i] = static_cast<float>(trait);
    agents.pam_setpoint[i] = static_cast<float>(model.pam_scale.score(setpoint));
    agents.pam_score[i] = static_cast<float>(model.pam_scale.score(setpoint + model.pam_transient_sd * standard_normal(draws)));

    agents.gp_history[i] = {0, 0, 0, 0};
    agents.acute_history[i] = {0, 0, 0, 0};
    agents.gp_requests_week[i] = agents.gp_appointments_week[i] = agents.gp_diverted_week[i] = 0;
    agents.ae_week[i] = agents.admissions_week[i] = 0;
    agents.coaching_state[i] = CoachingState::never_referred;
    agents.coaching_progress[i] = 0;
    agents.coaching_week[i] = 0;
}

std::pair<int, Sex> draw_age_sex(const PopulationModel& model, const PracticeProfile& practice, Draws& draws) {
    std::array<double, 2 * kAgeBands5> weights{};
    for (int s = 0; s < 2; ++s)
        for (int b = 0; b < kAgeBands5; ++b)
            weights[static_cast<std::size_t>(s * kAgeBands5 + b)] = practice.counts[static_cast<std::size_t>(s)][static_cast<std::size_t>(b)];
    const int cell = categorical(draws, weights);
    const auto sex = static_cast<Sex>(cell / kAgeBands5);
    return {draw_age_in_band(model.age_sex_weights, cell % kAgeBands5, sex, draws), sex};
}

Population synthesise_population(std::vector<PracticeProfile> practices, const PopulationModel& model, const RunKey& key) {
    Population pop;
    // Slots first (cheap, serial): practice by practice, sex by sex, band by band.
    struct Slot { std::uint16_t practice; std::uint8_t band; Sex sex; };
    std::vector<Slot> slots;
    for (std::size_t p = 0; p < practices.size(); ++p) {
        auto& practice = practices[p];
        practice.first_agent = static_cast<std::uint32_t>(slots.size());
        for (int s = 0; s < 2; ++s)
            for (int b = 0; b < kAgeBands5; ++b)
                for (std::uint32_t k = 0; k < practice.counts[static_cast<std::size_t>(s)][static_cast<std::size_t>(b)]; ++k)
                    slots.push_back({static_cast<std::uint16_t>(p), static_cast<std::uint8_t>(b), static_cast<Sex>(s)});
        practice.list_size = static_cast<std::uint32_t>(slots.size()) - practice.first_agent;
    }
    pop.agents.resize(slots.size());
    parallel_for_blocks(slots.size(), kAgentBlock, [&](std::size_t, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            const auto id = static_cast<std::uint32_t>(i);
            Draws draws(key, id, 0, Stream::population_synthesis);
            const auto& slot = slots[i];
            const int age = draw_age_in_band(model.age_sex_weights, slot.band, slot.sex, draws);
            synthesise_patient(model, practices[slot.practice], slot.practice, age, slot.sex, draws, pop.agents, id);
            pop.agents.registered_week[i] = -1;  // registered before the run began
        }
    });
    pop.practices = std::move(practices);
    return pop;
}

}  // namespace pcnsim
