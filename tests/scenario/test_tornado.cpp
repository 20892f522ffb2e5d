// The tornado of pcnsim tornado on a toy measure (a function of the parameters, no model): each bar
// spans the prior's 5th and 95th percentiles, the others stay at the base, and the bars are sorted by
// swing; and which parameters it varies.
#include <doctest/doctest.h>

#include <cmath>

#include "sim/scenario/psa.hpp"
#include "sim/scenario/tornado.hpp"
#include "tests/support.hpp"

using namespace pcnsim;

namespace {

const char* const kGain = "activation.coaching_gain_completers";  // Uniform(0, 10) on [0, 10]
const char* const kGroup = "activation.group_gain_factor";        // Uniform(0.3, 1) on [0.3, 1]
const char* const kDeprivation = "activation.deprivation_step";   // Uniform(-5, 0) on [-5, 0]

int index_of(const char* name) { return Parameters::index_of(name); }

}  // namespace

TEST_CASE("tornado: bars span the prior's 5th and 95th percentiles and are sorted by swing") {
    // A toy measure: gain + 100 x group factor + 0 x deprivation step. The uniform priors' 5th and
    // 95th percentiles are a + 0.05 (b - a) and a + 0.95 (b - a): gain 0.5 and 9.5 (swing 9), group
    // factor 0.335 and 0.965 (swing 63), deprivation step -4.75 and -0.25 (swing 0).
    int calls = 0;
    const auto measure = [&calls](const Parameters& p) {
        ++calls;
        const double m = p.get(kGain) + 100 * p.get(kGroup);
        return MeasureBand{m, m - 1, m + 1};
    };
    const Parameters base;
    const auto t = tornado(base, {index_of(kGain), index_of(kGroup), index_of(kDeprivation)}, measure);
    CHECK(calls == 7);  // the base and two ends per parameter
    CHECK(t.base.mean == doctest::Approx(base.get(kGain) + 100 * base.get(kGroup)));
    REQUIRE(t.bars.size() == 3);
    CHECK(t.bars[0].parameter == index_of(kGroup));
    CHECK(t.bars[1].parameter == index_of(kGain));
    CHECK(t.bars[2].parameter == index_of(kDeprivation));
    CHECK(t.bars[0].low_value == doctest::Approx(0.335));
    CHECK(t.bars[0].high_value == doctest::Approx(0.965));
    CHECK(t.bars[0].swing() == doctest::Approx(63));
    CHECK(t.bars[1].low_value == doctest::Approx(0.5));
    CHECK(t.bars[1].high_value == doctest::Approx(9.5));
    CHECK(t.bars[1].swing() == doctest::Approx(9));
    // The other parameters stay at the base: at the gain's ends the group factor term is the base's.
    CHECK(t.bars[1].at_low.mean == doctest::Approx(0.5 + 100 * base.get(kGroup)));
    CHECK(t.bars[1].at_high.p97_5 == doctest::Approx(9.5 + 100 * base.get(kGroup) + 1));
    CHECK(t.bars[2].low_value == doctest::Approx(-4.75));
    CHECK(t.bars[2].swing() == 0.0);
}

TEST_CASE("tornado: a swing of the wrong sign still ranks by size and an undefined one ranks last") {
    // Measure falls with the gain (swing 90) and is undefined whenever the group factor is off its default.
    const Parameters base;
    const double group_default = base.get(kGroup);
    const auto measure = [group_default](const Parameters& p) {
        const double m = p.get(kGroup) == group_default ? -10 * p.get(kGain) + p.get(kDeprivation) : std::nan("");
        return MeasureBand{m, m, m};
    };
    const auto t = tornado(base, {index_of(kGain), index_of(kGroup), index_of(kDeprivation)}, measure);
    REQUIRE(t.bars.size() == 3);
    CHECK(t.bars[0].parameter == index_of(kGain));
    CHECK(t.bars[0].swing() == doctest::Approx(90));
    CHECK(t.bars[0].at_high.mean < t.bars[0].at_low.mean);
    CHECK(t.bars[1].parameter == index_of(kDeprivation));
    CHECK(t.bars[1].swing() == doctest::Approx(4.5));
    CHECK(t.bars[2].parameter == index_of(kGroup));
    CHECK(std::isnan(t.bars[2].swing()));
}

TEST_CASE("tornado: it varies the parameters the PSA would vary, or those named") {
    const auto s = pcnsim::testing::load_test_scenario("scenarios/tests/small-coaching.toml",
                                                       {"activation.causal_share=0.25", "activation.durable_share=0.4"});
    Problems problems;
    const auto all = tornado_parameters(s, {}, problems);
    CHECK(problems.empty());
    int varied = 0;
    for (std::size_t i = 0; i < parameter_declarations().size(); ++i) varied += psa_varies(s, static_cast<int>(i)) ? 1 : 0;
    CHECK(static_cast<int>(all.size()) == varied);
    CHECK(std::is_sorted(all.begin(), all.end()));
    // Named ones, in declaration order whatever order they are given in, each once.
    const auto named = tornado_parameters(s, {kGroup, kGain, kGroup}, problems);
    CHECK(problems.empty());
    CHECK(named == std::vector<int>{std::min(index_of(kGain), index_of(kGroup)), std::max(index_of(kGain), index_of(kGroup))});
    // Unknown (with a hint), set by the scenario (with --set), fixed prior.
    tornado_parameters(
        s, {"activation.coaching_gain_completer", "activation.durable_share", "activation.causal_share", "activation.level_share_1"},
        problems);
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].message.find("did you mean 'activation.coaching_gain_completers'") != std::string::npos);
    CHECK(problems[1].message.find("the scenario sets it") != std::string::npos);
    CHECK(problems[2].message.find("the scenario sets it") != std::string::npos);
    CHECK(problems[3].message.find("fixed prior") != std::string::npos);
}
