// The population model's shapes and the coaching review interval are declared parameters (issue 13):
// appended at the end of the catalogue with fixed priors, read from the parameters, and at their
// defaults the numbers the constants they replaced gave.
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <string>

#include "sim/core/catalogue.hpp"
#include "sim/population/population_shapes.hpp"
#include "sim/processes/coaching_service.hpp"
#include "tests/support.hpp"

using namespace pcnsim;

TEST_CASE("population shapes: declared last in the catalogue with fixed priors and the same in compared scenarios") {
    const auto& decls = parameter_declarations();
    const auto& shapes = population_shapes_module().parameters;
    REQUIRE(shapes.size() == 39);  // 25 condition shapes, 3 + 3 + 3 frailty and medicine shapes, 5 of the reference list
    // The shapes, then the coaching review interval, were appended after every earlier parameter (no
    // earlier index moved); only modules added since (valuation, issue 15) come after them.
    const auto review = static_cast<std::size_t>(Parameters::index_of("coaching_review.interval_weeks"));
    const std::size_t first = review - shapes.size();
    for (std::size_t k = 0; k < shapes.size(); ++k) {
        CAPTURE(shapes[k].name);
        CHECK(decls[first + k].name == shapes[k].name);
        CHECK(shapes[k].prior.kind == PriorKind::fixed);
        CHECK(shapes[k].comparison == Comparison::same_population);
        CHECK(shapes[k].source.starts_with("assumption"));
        CHECK(catalogue().parameter_owner(first + k) == "population_shapes");
    }
    CHECK(decls[review].prior.kind == PriorKind::fixed);
    CHECK(catalogue().parameter_owner(review) == "coaching_review");
    for (std::size_t k = review + 1; k < decls.size(); ++k) CHECK(catalogue().parameter_owner(k) == "valuation");
    // Every condition has a shape for each of its bands.
    for (int c = 0; c < kConditionCount; ++c)
        for (int b = 0; b < kConditionAgeBands; ++b) {
            const auto band = c == 2 ? kRespiratoryAgeBandNames[b] : kAdultConditionAgeBandNames[b];
            CHECK(Parameters::index_of("population.condition_age_shape." + std::string(kConditionNames[c]) + "." + std::string(band)) >= 0);
        }
}

TEST_CASE("population shapes: at their defaults the model has the values of the former constants") {
    const PopulationModel m{Parameters()};
    CHECK(m.condition_age_shape(0, 17) == 0.0);
    CHECK(m.condition_age_shape(0, 50) == 1.15);
    CHECK(m.condition_age_shape(1, 18) == 1.2);
    CHECK(m.condition_age_shape(2, 5) == 0.9);
    CHECK(m.condition_age_shape(2, 44) == 0.8);
    CHECK(m.condition_age_shape(3, 74) == 2.2);
    CHECK(m.condition_age_shape(4, 90) == 1.5);
    CHECK(m.frailty_age_shape(65) == 0.6);
    CHECK(m.frailty_age_shape(80) == 1.3);
    CHECK(m.frailty_age_shape(100) == 2.0);
    const auto f = m.frailty_distribution(55, 3);
    const double any = std::min(0.9, m.frailty_50_64 * m.deprivation_factor(3));
    CHECK(f[1] == any * 0.75);
    CHECK(f[2] == any * 0.20);
    CHECK(f[3] == any * 0.05);
    CHECK(m.repeat_meds_distribution(30)[1] == std::min(0.6, m.meds_mid_adults * 0.4));
    CHECK(m.repeat_meds_distribution(70)[2] == std::min(0.3, m.meds_high_adults * 2.0));
    // The reference list of the model's parameters is the one of the defaults, bit for bit.
    CHECK(m.age_sex_weights == england_age_sex_weights(Parameters()));
    const auto w = england_age_sex_weights(Parameters());
    CHECK(w[40][0] / (w[40][0] + w[40][1]) == doctest::Approx(0.5));
    CHECK(w[70][0] / (w[70][0] + w[70][1]) == doctest::Approx(0.53));
    CHECK(w[95][0] / (w[95][0] + w[95][1]) == doctest::Approx(0.7));
    CHECK((w[81][0] + w[81][1]) / (w[80][0] + w[80][1]) == doctest::Approx(0.85));
}

TEST_CASE("population shapes: the model reads them from the parameters") {
    Parameters p;
    p.set("population.condition_age_shape.diabetes.75plus", 3.5);
    p.set("population.frailty_age_shape.85plus", 3.0);
    p.set("population.frailty_split_50_64.severe", 0.15);
    p.set("population.repeat_meds_age_factor.18_44", 0.8);
    p.set("population.age_sex.female_share.90plus", 0.8);
    p.set("population.age_sex.ratio_per_year_80plus", 0.75);
    const PopulationModel m(p), base{Parameters()};
    CHECK(m.condition_age_shape(3, 80) == 3.5);
    // Normalised over the reference adults: a heavier 75+ shape raises the old and lowers the young.
    CHECK(m.condition_probability(3, 80, 3) > base.condition_probability(3, 80, 3));
    CHECK(m.condition_probability(3, 50, 3) < base.condition_probability(3, 50, 3));
    CHECK(m.frailty_age_shape(90) == 3.0);
    CHECK(m.frailty_age_norm > base.frailty_age_norm);
    // The split of frail 50-64s is normalised: 0.75 / 0.2 / 0.15 of 1.1.
    const auto f = m.frailty_distribution(55, 3);
    CHECK(std::accumulate(f.begin(), f.end(), 0.0) == doctest::Approx(1.0));
    CHECK(f[3] / (f[1] + f[2] + f[3]) == doctest::Approx(0.15 / 1.1));
    CHECK(m.repeat_meds_distribution(30)[1] == doctest::Approx(2 * base.repeat_meds_distribution(30)[1]));
    // The reference list: the female share at 90+ and the thinning of the 80+.
    const auto& w = m.age_sex_weights;
    CHECK(w[95][0] / (w[95][0] + w[95][1]) == doctest::Approx(0.8));
    CHECK((w[81][0] + w[81][1]) / (w[80][0] + w[80][1]) == doctest::Approx(0.75));
    CHECK(england_age_sex_weights(p) == w);
    // The 80+ keep their share of the list; only its spread over the years of age changes.
    double old_80 = 0, new_80 = 0;
    for (int a = 80; a <= kMaxAge; ++a) {
        old_80 += base.age_sex_weights[static_cast<std::size_t>(a)][0] + base.age_sex_weights[static_cast<std::size_t>(a)][1];
        new_80 += w[static_cast<std::size_t>(a)][0] + w[static_cast<std::size_t>(a)][1];
    }
    CHECK(new_80 == doctest::Approx(old_80));
}

TEST_CASE("coaching review: the register is reviewed every coaching_review.interval_weeks reported weeks") {
    Scenario s = default_scenario();
    const CoachingService monthly(s, s.parameters);
    CHECK(monthly.weeks_between_reviews == 4);
    CHECK(!monthly.review_week(-4));
    CHECK(monthly.review_week(0));
    CHECK(!monthly.review_week(3));
    CHECK(monthly.review_week(4));
    CHECK(monthly.review_week(52));
    s.parameters.set("coaching_review.interval_weeks", 13);
    const CoachingService quarterly(s, s.parameters);
    CHECK(quarterly.review_week(0));
    CHECK(!quarterly.review_week(4));
    CHECK(quarterly.review_week(13));
    CHECK(quarterly.review_week(26));
}
