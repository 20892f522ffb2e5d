// Demography: birthdays, deaths (age-, sex- and frailty-specific), deregistrations (list turnover)
// and frailty onset and progression. The list size is held constant: whoever dies or leaves is
// replaced in the same slot by a new registration drawn from the practice's list profile
// (PARAMETERS.md: "replaced by new registrations with the list's age-sex profile").
#include <algorithm>
#include <cmath>

#include "sim/core/distributions.hpp"
#include "sim/processes/module.hpp"
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

    void step(const WeekContext& ctx, AgentRange range, ThreadScratch& scratch) override {
        auto& a = ctx.agents;
        const auto week = static_cast<std::uint32_t>(ctx.week);
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            if (is_birthday(i, a.registered_week[i], week) && a.age[i] < kMaxAge) ++a.age[i];
            // Competing risks on one uniform: [0, p_death) dies, the next p_turnover leaves, and the
            // rest (of width 1 - p_death - p_turnover, so thresholds are scaled by it) decides any
            // change in frailty.
            const double u = scratch.uniforms(Slot::demography, i);
            const double p_death = death_probability(a, i);
            // Exact fast path for the quiet majority: u is past every low threshold (death, leaving,
            // the largest onset or progression chance) and below the recovery band at the top.
            if (u >= p_death + quiet_from_ && u <= quiet_to_) continue;
            if (u < p_death) {
                replace(ctx, i, Counter::deaths, scratch);
            } else if (u < p_death + turnover_) {
                replace(ctx, i, Counter::deregistrations, scratch);
            } else {
                if (a.age[i] >= 50) progress_frailty(ctx, a, i, u - p_death - turnover_, 1.0 - p_death - turnover_, scratch);
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
    void progress_frailty(const WeekContext& ctx, AgentStore& a, std::size_t i, double u, double width, ThreadScratch& scratch) {
        const int age = a.age[i];
        if (a.frailty[i] == Frailty::fit) {
            const std::size_t band = age < 65 ? 0 : age < 75 ? 1 : age < 85 ? 2 : 3;
            if (u < onset_[band] * width) {
                a.frailty[i] = Frailty::mild;
                count(ctx, Counter::frailty_onsets, i, scratch);
            }
        } else if (a.frailty[i] != Frailty::severe && u < progression_ * width) {
            a.frailty[i] = static_cast<Frailty>(static_cast<int>(a.frailty[i]) + 1);
        } else if (a.frailty[i] == Frailty::mild && u > (1.0 - recovery_) * width && !a.care_home[i]) {
            a.frailty[i] = Frailty::fit;
        }
    }

    // Demography is shared by both arms: an event counts in each arm's own PAM-level group.
    static void count(const WeekContext& ctx, Counter c, std::uint32_t i, ThreadScratch& scratch) {
        const auto& a = ctx.agents;
        scratch.tally.add(c, group_cell(a, i), a.practice[i]);
        const int other = ctx.counterfactual ? group_cell_in(a, *ctx.counterfactual, i) : group_cell(a, i);
        scratch.counterfactual_tally.add(c, other, a.practice[i]);
    }

    void replace(const WeekContext& ctx, std::uint32_t i, Counter why, ThreadScratch& scratch) {
        auto& a = ctx.agents;
        const std::uint16_t p = a.practice[i];
        count(ctx, why, i, scratch);
        Draws draws(ctx.key, i, static_cast<std::uint32_t>(ctx.week), Stream::registration);
        const auto& practice = ctx.practices[p];
        const auto [age, sex] = draw_age_sex(model_, practice, draws);
        synthesise_patient(model_, practice, p, age, sex, draws, a, i);
        a.registered_week[i] = static_cast<std::int16_t>(ctx.week);
        // The newcomer is the same person in both arms (copied to the other after this phase).
        scratch.tally.add(Counter::registrations, group_cell(a, i), p);
        scratch.counterfactual_tally.add(Counter::registrations, group_cell(a, i), p);
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

// Long, but a table, not logic: one line per parameter, column, counter and metric the module owns.
const Module& demography_module() {
    using namespace declare;
    static const Module m{
        .declaration = {
            .name = "demography",
            .purpose = "who is registered: the list's attributes at the start, deaths, leavers, new registrations and frailty change",
            .parameters = {
            {"prevalence.obesity", "share of adults", 0.29, 0.15, 0.45, beta(29, 71), "Health Survey for England 2022", kSamePopulation},
            {"prevalence.anxiety_depression", "share of adults", 0.13, 0.08, 0.25, beta(13, 87), "QOF depression register; PHE 2018; not checked against QOF 2022/23: an assumption", kSamePopulation},
            {"prevalence.respiratory", "share of all ages", 0.08, 0.05, 0.12, beta(16, 184), "QOF asthma 6.5% + COPD 1.9%; not checked against QOF 2022/23: an assumption", kSamePopulation},
            {"prevalence.diabetes", "share of adults", 0.075, 0.05, 0.10, beta(15, 185), "QOF diabetes register; year not checked: an assumption", kSamePopulation},
            {"prevalence.chronic_pain", "share of adults", 0.12, 0.08, 0.20, beta(12, 88), "assumption (high-impact chronic pain ~10-14% of adults)", kSamePopulation},
            {"prevalence.deprivation_ratio_q1_vs_q5", "ratio", 1.7, 1.0, 2.5, logn(1.7, 0.2), "HSE 2022 obesity 34% most vs 20% least deprived; applied to every condition (assumption)", kSamePopulation},
            {"frailty.prevalence_50_64", "share", 0.10, 0.05, 0.15, beta(10, 90), "Fogg et al. 2023 (any frailty, eFI)", kSamePopulation},
            {"frailty.prevalence_65plus_mild", "share of 65+", 0.30, 0.2, 0.4, beta(30, 70), "Clegg et al. 2016 (eFI)", kSamePopulation},
            {"frailty.prevalence_65plus_moderate", "share of 65+", 0.10, 0.05, 0.15, beta(10, 90), "Clegg et al. 2016 (eFI)", kSamePopulation},
            {"frailty.prevalence_65plus_severe", "share of 65+", 0.03, 0.01, 0.06, beta(3, 97), "Clegg et al. 2016 (eFI)", kSamePopulation},
            {"frailty.onset_per_1000_50_64", "per 1,000 person-years", 48, 30, 70, logn(48, 0.2), "Fogg et al., Age and Ageing 2023", kSamePopulation},
            {"frailty.onset_per_1000_65_74", "per 1,000 person-years", 130, 90, 170, logn(130, 0.15), "Fogg et al., Age and Ageing 2023", kSamePopulation},
            {"frailty.onset_per_1000_75_84", "per 1,000 person-years", 214, 150, 280, logn(214, 0.15), "Fogg et al., Age and Ageing 2023", kSamePopulation},
            {"frailty.onset_per_1000_85plus", "per 1,000 person-years", 380, 280, 480, logn(380, 0.15), "Fogg et al., Age and Ageing 2023", kSamePopulation},
            {"frailty.recovery_per_year", "probability per year", 0.3, 0.0, 0.5, beta(6, 14), "assumption: mild to fit; balances onset so that prevalence by age stays near its published level (eFI deficits do regress in cohort data)", kSamePopulation},
            {"frailty.progression_per_year", "probability per year", 0.08, 0.03, 0.30, beta(4, 46), "assumption: mild to moderate and moderate to severe; with recovery, keeps admissions near their national rate over a 3-year run", kSamePopulation},
            {"care_home.share_75_84", "share", 0.01, 0.0, 0.03, beta(2, 198), "assumption (~400,000 care-home residents in England)", kSamePopulation},
            {"care_home.share_85plus", "share", 0.08, 0.03, 0.15, beta(8, 92), "assumption (~400,000 care-home residents in England)", kSamePopulation},
            {"repeat_meds.share_4_9_adults", "share of adults", 0.169, 0.10, 0.25, beta(17, 83), "Payne et al. 2014", kSamePopulation},
            {"repeat_meds.share_10plus_adults", "share of adults", 0.046, 0.02, 0.08, beta(5, 100), "Payne et al. 2014", kSamePopulation},
            {"repeat_meds.share_4_9_80plus", "share of 80+", 0.518, 0.4, 0.6, beta(52, 48), "Payne et al. 2014", kSamePopulation},
            {"repeat_meds.share_10plus_80plus", "share of 80+", 0.186, 0.1, 0.3, beta(19, 81), "Payne et al. 2014", kSamePopulation},
            {"mortality.q40_male", "probability per year", 0.0015, 0.001, 0.0025, logn(0.0015, 0.1), "Gompertz fit to ONS national life tables England 2017-19 (approximation, see docs/parameters.md)", kSamePopulation},
            {"mortality.gompertz_slope", "per year of age", 0.088, 0.075, 0.10, norm(0.088, 0.004), "Gompertz fit to ONS national life tables England 2017-19 (approximation)", kSamePopulation},
            {"mortality.female_ratio", "ratio", 0.65, 0.5, 0.8, logn(0.65, 0.05), "ONS national life tables (female/male qx, ages 40-85, approximation)", kSamePopulation},
            {"mortality.q_under_40", "probability per year", 0.0004, 0.0001, 0.001, logn(0.0004, 0.3), "ONS national life tables (mean qx ages 1-39, approximation)", kSamePopulation},
            {"mortality.frailty_hr_mild", "hazard ratio vs fit", 1.9, 1.5, 2.4, logn(1.9, 0.1), "Clegg et al., Age and Ageing 2016: one-year adjusted hazard ratio of mortality 1.92 (95% CI 1.81-2.04) for mild frailty", kSamePopulation},
            {"mortality.frailty_hr_moderate", "hazard ratio vs fit", 3.1, 2.4, 4.0, logn(3.1, 0.1), "Clegg et al., Age and Ageing 2016: one-year adjusted hazard ratio of mortality 3.10 (95% CI 2.91-3.31) for moderate frailty", kSamePopulation},
            {"mortality.frailty_hr_severe", "hazard ratio vs fit", 4.5, 3.5, 5.8, logn(4.5, 0.1), "Clegg et al., Age and Ageing 2016: one-year adjusted hazard ratio of mortality 4.52 (95% CI 4.16-4.91) for severe frailty", kSamePopulation},
            {"demography.turnover_per_year", "share of list per year", 0.09, 0.05, 0.15, beta(9, 91), "assumption: 8-10% of a list deregisters a year (urban practices)", kSamePopulation},
            },
            .columns = {
                column<&AgentStore::practice>("practice", kShared, "index of the patient's practice"),
                column<&AgentStore::age>("age", kShared, "age in whole years"),
                column<&AgentStore::sex>("sex", kShared, "female or male"),
                column<&AgentStore::imd_quintile>("imd_quintile", kShared, "IMD quintile of the patient's area (1 = most deprived)"),
                column<&AgentStore::conditions>("conditions", kShared, "long-term conditions (one bit each)"),
                column<&AgentStore::frailty>("frailty", kShared, "electronic frailty index level"),
                column<&AgentStore::repeat_meds>("repeat_meds", kShared, "repeat medicines"),
                column<&AgentStore::care_home>("care_home", kShared, "care-home resident"),
                column<&AgentStore::registered_week>("registered_week", kShared, "week the slot's current patient registered"),
            },
            .counters = {
                {"registrations", "new registrations", Counter::registrations},
                {"deaths", "deaths", Counter::deaths},
                {"deregistrations", "patients leaving the list other than by death", Counter::deregistrations},
                {"frailty_onsets", "patients becoming mildly frail", Counter::frailty_onsets},
            },
            .metrics = {
                flow("deaths", "deaths", "patients", "deaths", 100),
                flow("deregistrations", "deregistrations", "patients", "patients leaving the list other than by death", 110),
                flow("registrations", "registrations", "patients", "new registrations (replacing deaths and leavers)", 120),
                flow("frailty_onsets", "frailty_onsets", "patients", "patients becoming mildly frail", 130),
            },
            .streams = {
                {Stream::registration, "registration", "a new patient's attributes"},
                {Stream::population_synthesis, "population_synthesis", "the initial list"},
            },
            .sections = {
                {"population", "where the patients come from: synthetic, or practice files as published", {
                    {"source", KeyType::text, "synthetic or practice_files"},
                    {"list_size", KeyType::integer, "synthetic: patients per PCN (mean)"},
                    {"practices", KeyType::integer, "synthetic: practices per PCN"},
                    {"imd_quintile_shares", KeyType::list, "synthetic: PCN-wide IMD quintile shares"},
                    {"practice_imd_spread", KeyType::number, "synthetic: how strongly practices sort by deprivation (0-1)"},
                    {"pcns", KeyType::integer, "synthetic: number of PCNs"},
                    {"pcn_list_size_spread", KeyType::number, "synthetic: coefficient of variation of PCN size"},
                    {"pcn_imd_spread", KeyType::number, "synthetic: deprivation tilt between PCNs (0-1)"},
                    {"pcn_membership", KeyType::text, "practice files: ORG_CODE to PCN_CODE file"},
                    {"pcn_codes", KeyType::list, "practice files: the PCNs of the membership file to run"},
                    {"registered_patients", KeyType::text, "practice files: NHS Digital registered patients file"},
                    {"prevalence", KeyType::text, "practice files: QOF-style prevalence file (optional)"},
                    {"deprivation", KeyType::text, "practice files: IMD quintile shares or score (optional)"},
                    {"org_codes", KeyType::list, "practice files: the practices to run"},
                }},
                {"processes", "switches for processes of the week", {
                    {"demography", KeyType::boolean, "deaths, leavers and new registrations (default true)"},
                }},
            },
            .slots = {Slot::demography},
        },
        .placement = Placement::before_arms,
        .week_order = 10,
        .included = [](const Scenario& s) { return s.demography; },
        .make = [](const ArmSetup& s) -> std::unique_ptr<Process> { return std::make_unique<Demography>(s.model); },
    };
    return m;
}

}  // namespace pcnsim
