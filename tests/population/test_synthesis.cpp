// Population synthesis: exact age-sex counts from practice files, and the configured prevalence and
// PAM level mix reproduced within sampling error.
#include <doctest/doctest.h>

#include <cmath>

#include "sim/population/practice_files.hpp"
#include "tests/support.hpp"

using namespace pcnsim;
using pcnsim::testing::source_path;

namespace {

Population synthetic(Scenario& s) {
    const PopulationModel model(s.parameters);
    Problems problems;
    auto practices = build_practice_profiles(s, model, problems);
    REQUIRE(problems.empty());
    return synthesise_population(std::move(practices), model, {s.run.seed, 0});
}
}  // namespace

TEST_CASE("population: every practice's age-sex counts equal the registered-patients file exactly") {
    Scenario s = default_scenario();
    s.population.kind = PopulationSourceKind::practice_files;
    s.population.files.registered_patients = source_path("scenarios/data/fictional-pcn-registered-patients.csv");
    s.population.files.prevalence = source_path("scenarios/data/fictional-pcn-prevalence.csv");
    s.population.files.deprivation = source_path("scenarios/data/fictional-pcn-deprivation.csv");
    s.population.files.org_codes = {"Z00001", "Z00002", "Z00003", "Z00004", "Z00005", "Z00006"};
    Problems problems;
    const auto registers = load_registered_patients(s.population.files.registered_patients, s.population.files.org_codes, problems);
    REQUIRE(problems.empty());
    const auto pop = synthetic(s);
    REQUIRE(pop.practices.size() == registers.size());
    std::vector<std::array<std::array<std::uint32_t, kAgeBands5>, 2>> counted(registers.size());
    for (std::size_t i = 0; i < pop.agents.size(); ++i)
        ++counted[pop.agents.practice[i]][static_cast<std::size_t>(pop.agents.sex[i])]
                 [static_cast<std::size_t>(five_year_band(pop.agents.age[i]))];
    for (std::size_t p = 0; p < registers.size(); ++p) {
        CAPTURE(registers[p].org_code);
        CHECK(pop.practices[p].code == registers[p].org_code);
        CHECK(counted[p] == registers[p].counts);
    }
}

TEST_CASE("population: adult prevalence of each condition matches its parameter") {
    // With every practice at the national IMD mix and the reference (England-like) age structure,
    // the expected adult prevalence is the parameter itself (respiratory: all ages). The tolerance
    // is 4 binomial standard errors, sqrt(p (1 - p) / n), plus 0.002 for the age structure being
    // apportioned to whole patients per practice.
    Scenario s = pcnsim::testing::small_scenario(60000, 3);
    s.population.synthetic.practice_imd_spread = 0.0;
    const auto pop = synthetic(s);
    const auto& a = pop.agents;
    for (int c = 0; c < kConditionCount; ++c) {
        CAPTURE(kConditionNames[c]);
        double n = 0, with = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (c != 2 && a.age[i] < kAdultAge) continue;
            n += 1;
            with += (a.conditions[i] >> c) & 1;
        }
        const double p = s.parameters.get(std::string("prevalence.") + kConditionNames[c]);
        CHECK(std::abs(with / n - p) < 4 * std::sqrt(p * (1 - p) / n) + 0.002);
    }
}

TEST_CASE("population: initial PAM level mix matches the level shares with no deprivation or multimorbidity shift") {
    // With no shifts the latent activation is one normal, and the PAM scale's knots sit at its
    // quantiles for the cumulative level shares (pam_scale.hpp), so each adult's level is a draw
    // from the shares. Tolerance: 4 binomial standard errors.
    Scenario s = pcnsim::testing::small_scenario(60000, 3);
    s.parameters.set("activation.deprivation_step", 0.0);
    s.parameters.set("activation.multimorbidity_shift", 0.0);
    const auto pop = synthetic(s);
    std::array<double, 4> counts{};
    double adults = 0;
    for (std::size_t i = 0; i < pop.agents.size(); ++i)
        if (pop.agents.age[i] >= kAdultAge) {
            adults += 1;
            counts[static_cast<std::size_t>(pam_level(pop.agents.pam_score[i]) - 1)] += 1;
        }
    for (int level = 0; level < 4; ++level) {
        CAPTURE(level + 1);
        const double p = s.parameters.get("activation.level_share_" + std::to_string(level + 1));
        CHECK(std::abs(counts[static_cast<std::size_t>(level)] / adults - p) < 4 * std::sqrt(p * (1 - p) / adults));
    }
}

TEST_CASE("population: synthetic PCN has the requested list size, practices and mean propensity 1") {
    Scenario s = pcnsim::testing::small_scenario(45000, 6);
    const auto pop = synthetic(s);
    CHECK(pop.agents.size() == 45000);
    CHECK(pop.practices.size() == 6);
    std::uint32_t total = 0;
    for (const auto& p : pop.practices) total += p.list_size;
    CHECK(total == 45000);
    // E[propensity] = 1 (Gamma mean 1 times exp of a transient with mean 1); Var = (1 + 1/k) e^{s^2} - 1.
    const double k = s.parameters.get("propensity.gamma_shape"), sd = s.parameters.get("propensity.transient_sd");
    const double var = (1 + 1 / k) * std::exp(sd * sd) - 1;
    double sum = 0;
    for (float x : pop.agents.propensity) sum += x;
    CHECK(std::abs(sum / 45000 - 1.0) < 4 * std::sqrt(var / 45000));
}

TEST_CASE("population: the same seed draws the same population - another seed a different one") {
    Scenario s = pcnsim::testing::small_scenario(5000, 2);
    const auto a = synthetic(s), b = synthetic(s);
    CHECK(a.agents.pam_score == b.agents.pam_score);
    CHECK(a.agents.conditions == b.agents.conditions);
    s.run.seed += 1;
    const auto c = synthetic(s);
    CHECK(a.agents.pam_score != c.agents.pam_score);
    // Age-sex counts per band are fixed by the profile; only the single year within a band is drawn.
    for (std::size_t i = 0; i < a.agents.size(); ++i) CHECK(five_year_band(a.agents.age[i]) == five_year_band(c.agents.age[i]));
}

TEST_CASE("population: register shares from the prevalence file are reproduced over their denominators") {
    // Each practice's simulated share of adults (respiratory: whole list) with the condition is
    // compared with REGISTER / LIST_SIZE from the file. The draws are independent Bernoullis, so the
    // tolerance is 4 binomial standard errors, plus 0.005 for the age-within-band approximation of
    // the expected share and for probabilities capped at 1.
    Scenario s = default_scenario();
    s.population.kind = PopulationSourceKind::practice_files;
    s.population.files.registered_patients = source_path("scenarios/data/fictional-pcn-registered-patients.csv");
    s.population.files.prevalence = source_path("scenarios/data/fictional-pcn-prevalence.csv");
    s.population.files.org_codes = {"Z00001", "Z00004"};
    Problems problems;
    const auto files = load_prevalence(s.population.files.prevalence, s.population.files.org_codes, problems);
    REQUIRE(problems.empty());
    const auto pop = synthetic(s);
    for (std::size_t p = 0; p < files.size(); ++p)
        for (int c = 0; c < kConditionCount; ++c) {
            const auto it = files[p].share.find(kConditionNames[c]);
            if (it == files[p].share.end()) continue;
            CAPTURE(files[p].org_code);
            CAPTURE(kConditionNames[c]);
            double n = 0, with = 0;
            for (std::size_t i = 0; i < pop.agents.size(); ++i) {
                if (pop.agents.practice[i] != p || (c != 2 && pop.agents.age[i] < kAdultAge)) continue;
                n += 1;
                with += (pop.agents.conditions[i] >> c) & 1;
            }
            const double target = it->second;
            CHECK(std::abs(with / n - target) < 4 * std::sqrt(target * (1 - target) / n) + 0.005);
        }
}

TEST_CASE("population: a synthetic England of PCNs has the asked-for mean list size, spread and deprivation gradient") {
    // Sizes are lognormal quantiles at 1,250 golden-ratio positions: deterministic, so the checks
    // are of the construction (quadrature error of order 1/n), not sampling error.
    Scenario s = default_scenario();
    auto& syn = s.population.synthetic;
    syn.pcns = 1250, syn.list_size = 50400, syn.pcn_list_size_spread = 0.3, syn.pcn_imd_spread = 0.5;
    Problems problems;
    const auto pcns = build_pcn_profiles(s, PopulationModel(s.parameters), problems);
    REQUIRE(problems.empty());
    REQUIRE(pcns.size() == 1250);
    std::vector<double> sizes, q1_share;
    for (const auto& pcn : pcns) {
        REQUIRE(pcn.practices.size() == 6);
        double n = 0, q1 = 0;
        for (const auto& p : pcn.practices)
            for (const auto& sex : p.counts)
                for (auto c : sex) n += c, q1 += c * p.imd_share[0];
        sizes.push_back(n);
        q1_share.push_back(q1 / n);
    }
    double mean = 0, var = 0;
    for (double x : sizes) mean += x / sizes.size();
    for (double x : sizes) var += (x - mean) * (x - mean) / (sizes.size() - 1);
    CHECK(mean == doctest::Approx(50400).epsilon(0.01));
    CHECK(std::sqrt(var) / mean == doctest::Approx(0.3).epsilon(0.05));
    // PCN 1 is the most deprived, the last the least; codes are unique.
    CHECK(q1_share.front() > 0.3);
    CHECK(q1_share.back() < 0.1);
    CHECK(pcns[0].code == "SYNPCN1");
    CHECK(pcns[0].practices[0].code == "SYNPCN1-1");
    CHECK(pcns[1249].practices[5].code == "SYNPCN1250-6");
}
