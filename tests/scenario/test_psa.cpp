// PSA parameter draws: reproducible from the seed, inside every prior's declared support, one draw
// per stratum of each truncated prior (Latin hypercube), and the scenario's own settings held.
#include <doctest/doctest.h>

#include <boost/math/distributions/beta.hpp>

#include <algorithm>
#include <set>

#include "sim/scenario/psa.hpp"
#include "tests/support.hpp"

using namespace pcnsim;

TEST_CASE("psa: draws are reproducible from the seed and change with it") {
    Scenario s = default_scenario();
    const auto a = psa_parameter_draws(s, 10), b = psa_parameter_draws(s, 10);
    s.run.seed += 1;
    const auto c = psa_parameter_draws(s, 10);
    const int causal = Parameters::index_of("activation.causal_share");
    for (int d = 0; d < 10; ++d) {
        for (std::size_t j = 0; j < parameter_declarations().size(); ++j)
            REQUIRE(a[static_cast<std::size_t>(d)].value(static_cast<int>(j)) == b[static_cast<std::size_t>(d)].value(static_cast<int>(j)));
    }
    bool differs = false;
    for (int d = 0; d < 10; ++d) differs |= a[static_cast<std::size_t>(d)].value(causal) != c[static_cast<std::size_t>(d)].value(causal);
    CHECK(differs);
}

TEST_CASE("psa: every draw lies inside the declared range, and fixed or scenario-set parameters are held") {
    const auto s = pcnsim::testing::load_test_scenario("scenarios/tests/small-coaching.toml", {"activation.causal_share=0.25"});
    const auto draws = psa_parameter_draws(s, 50);
    const auto& decls = parameter_declarations();
    int varied = 0;
    for (std::size_t j = 0; j < decls.size(); ++j) {
        const int index = static_cast<int>(j);
        std::set<double> values;
        for (const auto& p : draws) {
            const double v = p.value(index);
            CAPTURE(decls[j].name);
            REQUIRE(v >= decls[j].min);
            REQUIRE(v <= decls[j].max);
            values.insert(v);
        }
        if (psa_varies(s, index)) {
            ++varied;
            CHECK(values.size() == draws.size());  // continuous priors: all different
        } else {
            CHECK(values.size() == 1);
            CHECK(*values.begin() == s.parameters.value(index));
        }
    }
    CHECK(varied > 50);
    CHECK_FALSE(psa_varies(s, Parameters::index_of("activation.causal_share")));      // set with --set
    CHECK_FALSE(psa_varies(s, Parameters::index_of("skills.share_clinicians_trained")));  // set in the file
    CHECK_FALSE(psa_varies(s, Parameters::index_of("gp.age_shape.0_4")));                // fixed prior
    CHECK(psa_varies(s, Parameters::index_of("uptake.invitation")));
}

TEST_CASE("psa: Latin hypercube, one draw in each of D equal-probability strata of the truncated prior") {
    const Scenario s = default_scenario();
    const int draws = 40;
    const auto p = psa_parameter_draws(s, draws);
    const int index = Parameters::index_of("uptake.invitation");  // Beta(41, 59) on [0.2, 0.6]
    const auto& decl = parameter_declarations()[static_cast<std::size_t>(index)];
    const boost::math::beta_distribution<> prior(decl.prior.a, decl.prior.b);
    const double lo = boost::math::cdf(prior, decl.min), hi = boost::math::cdf(prior, decl.max);
    std::set<int> strata;
    for (const auto& draw : p) {
        const double u = (boost::math::cdf(prior, draw.value(index)) - lo) / (hi - lo);
        strata.insert(std::min(draws - 1, static_cast<int>(u * draws + 1e-9)));
    }
    CHECK(strata.size() == static_cast<std::size_t>(draws));
}
