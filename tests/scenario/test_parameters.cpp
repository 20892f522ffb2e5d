// The parameter table: declared once, complete, and self-consistent.
#include <doctest/doctest.h>

#include <set>

#include "sim/scenario/parameters.hpp"

using namespace pcnsim;

TEST_CASE("parameters: every declaration is complete and its default inside its range") {
    std::set<std::string_view> names;
    for (const auto& d : parameter_declarations()) {
        CAPTURE(d.name);
        CHECK(names.insert(d.name).second);
        CHECK(!d.unit.empty());
        CHECK(!d.source.empty());
        CHECK(d.min <= d.default_value);
        CHECK(d.default_value <= d.max);
        if (d.prior.kind == PriorKind::beta) CHECK(d.max <= 1.0);
        if (d.prior.kind == PriorKind::lognormal) CHECK(d.prior.a == doctest::Approx(d.default_value));
    }
    CHECK(names.size() > 90);
}

TEST_CASE("parameters: defaults follow PARAMETERS.md for the headline rates") {
    const Parameters p;
    CHECK(p.get("gp.base_rate_per_year") == 5.9);
    CHECK(p.get("ae.base_rate_per_year") == 0.44);
    CHECK(p.get("admission.base_rate_per_year") == 0.11);
    CHECK(p.get("activation.causal_share") == 0.5);
    CHECK(p.get("activation.gp_rr_per_10_points") == 0.949);
    CHECK(p.get("propensity.gamma_shape") == 1.5);
}

TEST_CASE("parameters: unknown names are errors and near names are suggested") {
    Parameters p;
    CHECK(Parameters::index_of("gp.base_rate_per_year") >= 0);
    CHECK(Parameters::index_of("gp.nope") == -1);
    CHECK_THROWS(p.get("gp.nope"));
    std::vector<std::string> known;
    for (const auto& d : parameter_declarations()) known.emplace_back(d.name);
    const auto close = closest_names("activation.causal_shar", known);
    REQUIRE(!close.empty());
    CHECK(close.front() == "activation.causal_share");
}
