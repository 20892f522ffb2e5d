// Compared scenarios must share one population: the parameters declared Comparison::same_population.
#include <doctest/doctest.h>

#include "sim/scenario/comparability.hpp"
#include "tests/support.hpp"

using namespace pcnsim;

TEST_CASE("comparability: population parameters are declared shared, the options compared are not") {
    const auto starts = [](std::string_view name, std::string_view prefix) { return name.substr(0, prefix.size()) == prefix; };
    int shared = 0;
    for (const auto& d : parameter_declarations()) {
        CAPTURE(d.name);
        const bool population = starts(d.name, "prevalence.") || starts(d.name, "frailty.") || starts(d.name, "care_home.") ||
                                starts(d.name, "repeat_meds.") || starts(d.name, "mortality.") || starts(d.name, "demography.") ||
                                starts(d.name, "propensity.") || starts(d.name, "population.");
        const bool option = starts(d.name, "coaching.") || starts(d.name, "uptake.") || starts(d.name, "gp_capacity.") ||
                            starts(d.name, "cost.") || starts(d.name, "referral.") || starts(d.name, "activation.coaching_gain");
        if (population) CHECK(d.comparison == Comparison::same_population);
        if (option) CHECK(d.comparison == Comparison::may_differ);
        shared += d.comparison == Comparison::same_population;
    }
    CHECK(shared >= 38);  // 30 population and demography, 3 propensity, 5 activation set-point parameters
}

TEST_CASE("comparability: a scenario with another population parameter is refused, another option is not") {
    const Scenario first = testing::small_scenario(500);
    Scenario other_option = first, other_population = first;
    other_option.name = "other-option";
    other_option.parameters.set("gp_capacity.annual_wte_change", -0.02);
    other_population.name = "other-population";
    other_population.parameters.set("mortality.female_ratio", 0.7);
    Problems problems;
    check_comparable({first, other_option}, {"a.toml", "b.toml"}, problems);
    CHECK(problems.empty());
    check_comparable({first, other_population}, {"a.toml", "c.toml"}, problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems.front().file == "c.toml");
    CHECK(problems.front().key == "parameters");
}

TEST_CASE("comparability: scenarios valued with another discount rate or thresholds are refused") {
    const Scenario first = testing::small_scenario(500);
    Scenario discounted = first, thresholds = first, same = first;
    discounted.name = "discounted", thresholds.name = "thresholds", same.name = "same";
    discounted.module_settings["economics.discount_rate"] = 0.015;
    thresholds.module_lists["economics.thresholds"] = {13000};
    same.module_lists["economics.thresholds"] = {20000, 30000};  // the defaults, written out
    Problems problems;
    check_comparable({first, same}, {"a.toml", "s.toml"}, problems);
    CHECK(problems.empty());
    check_comparable({first, discounted, thresholds}, {"a.toml", "d.toml", "t.toml"}, problems);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].file == "d.toml");
    CHECK(problems[0].key == "economics");
    CHECK(problems[1].file == "t.toml");
}
