// The PAM score scale (pam_scale.hpp): a monotone transform of latent activation that reproduces
// the level mix of the parameters, at the start and after a year of drift.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <fstream>

#include "tests/support.hpp"
#include "tests/temp_dir.hpp"

using namespace pcnsim;

namespace {

std::array<double, 4> adult_level_shares(const AgentStore& a) {
    std::array<double, 4> count{};
    double adults = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a.age[i] >= kAdultAge) {
            count[static_cast<std::size_t>(pam_level(a.pam_score[i]) - 1)] += 1;
            adults += 1;
        }
    for (auto& c : count) c /= adults;
    return count;
}

// Tolerance of a simulated share p_hat of n adults against the parameter p: the synthetic list
// draws each adult's deprivation, conditions, set point and transient independently, so the number
// at a level is binomial(n, p) when the list is like the reference population the knots are placed
// on (England-like ages, equal IMD shares: the default synthetic PCN). 4 SE gives a false alarm
// probability of 6e-5 per share. The practices' deprivation profiles scatter around equal shares
// and the condition prevalences are drawn, which moves the expected share by less than 0.002 (the
// level mix moves by 0.5 points per 1 point of mean latent shift, and a 1-point shift needs a
// third of a quintile's step); that is added.
void check_mix(const std::array<double, 4>& simulated, const std::array<double, 4>& expected, double adults) {
    for (std::size_t l = 0; l < 4; ++l) {
        CAPTURE(l + 1);
        CAPTURE(simulated[l]);
        CHECK(std::abs(simulated[l] - expected[l]) < 4 * std::sqrt(expected[l] * (1 - expected[l]) / adults) + 0.002);
    }
}

Scenario mix_scenario(const std::array<double, 4>& shares) {
    Scenario s = pcnsim::testing::small_scenario(40000, 4);
    s.gp_capacity_unlimited = true;
    for (int l = 0; l < 4; ++l) s.parameters.set("activation.level_share_" + std::to_string(l + 1), shares[static_cast<std::size_t>(l)]);
    return s;
}

double adults(const AgentStore& a) {
    double n = 0;
    for (std::size_t i = 0; i < a.size(); ++i) n += a.age[i] >= kAdultAge;
    return n;
}

void check_mix_over_a_year(const std::array<double, 4>& expected) {
    pcnsim::testing::SteppedRun run(mix_scenario(expected));
    check_mix(adult_level_shares(run.agents()), expected, adults(run.agents()));
    run.run(52);
    check_mix(adult_level_shares(run.agents()), expected, adults(run.agents()));
}

}  // namespace

TEST_CASE("pam_scale: score and latent are inverse and the knots sit at the level bounds") {
    const PopulationModel model(Parameters{});
    const auto& scale = model.pam_scale;
    for (double x = -20; x <= 130; x += 0.37) {
        const double s = scale.score(x);
        if (s > 0 && s < 100) CHECK(scale.latent(s) == doctest::Approx(x).epsilon(1e-12));
    }
    for (std::size_t k = 0; k < 3; ++k) CHECK(scale.score(scale.latent_bounds()[k]) == doctest::Approx(kPamLevelBounds[k]));
    // The reference mixture reaches the parameters' cumulative shares at the knots.
    const double sd = model.pam_latent_sd;
    CHECK(mixture_cdf(model.activation_groups, sd, scale.latent_bounds()[0]) == doctest::Approx(0.22).epsilon(1e-8));
    CHECK(mixture_cdf(model.activation_groups, sd, scale.latent_bounds()[1]) == doctest::Approx(0.41).epsilon(1e-8));
    CHECK(mixture_cdf(model.activation_groups, sd, scale.latent_bounds()[2]) == doctest::Approx(0.87).epsilon(1e-8));
}

TEST_CASE("pam_scale: the simulated adult level mix matches the default parameters at the start and after a year") {
    check_mix_over_a_year({0.22, 0.19, 0.46, 0.13});
}

TEST_CASE("pam_scale: another mix (Salford 65+ 15 16 45 24) is matched too") { check_mix_over_a_year({0.15, 0.16, 0.45, 0.24}); }

TEST_CASE("pam_scale: deprivation lowers the mix (most deprived quintile has more level 1 than least)") {
    pcnsim::testing::SteppedRun run(mix_scenario({0.22, 0.19, 0.46, 0.13}));
    const auto& a = run.agents();
    std::array<double, 2> level1{}, n{};
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a.age[i] < kAdultAge || (a.imd_quintile[i] != 1 && a.imd_quintile[i] != 5)) continue;
        const std::size_t k = a.imd_quintile[i] == 1 ? 0 : 1;
        n[k] += 1;
        level1[k] += pam_level(a.pam_score[i]) == 1;
    }
    // A 12-point latent gap between quintiles 1 and 5 (4 steps of 3 points) moves level 1 by about
    // 0.2 against a binomial SE of 0.007 per quintile: 0.1 is a conservative bar that can fail.
    CHECK(level1[0] / n[0] - level1[1] / n[1] > 0.1);
}

TEST_CASE("pam_scale: level shares that do not sum to 1 are refused at the file and line of the last one set") {
    pcnsim::testing::TempDir dir;
    const auto path = dir.path() / "bad-mix.toml";
    std::ofstream(path) << "[parameters]\n"
                           "\"activation.level_share_1\" = 0.30\n"
                           "\"activation.level_share_2\" = 0.20\n";
    Problems problems;
    load_scenario(path.string(), {}, problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].file == path.string());
    CHECK(problems[0].line == 3);
    CHECK(problems[0].key == "activation.level_share_2");
    CHECK(problems[0].message.find("sum to") != std::string::npos);
    // All four set to a mix that sums to 1: accepted.
    std::ofstream(path) << "[parameters]\n"
                           "\"activation.level_share_1\" = 0.15\n\"activation.level_share_2\" = 0.16\n"
                           "\"activation.level_share_3\" = 0.45\n\"activation.level_share_4\" = 0.24\n";
    problems.clear();
    load_scenario(path.string(), {}, problems);
    CHECK(problems.empty());
}
