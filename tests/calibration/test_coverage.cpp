// Calibration coverage (simulation-based calibration, sim/calibration/coverage.hpp): a recovery's
// truths and data, the rows it gives from a posterior, and the summary's bands and verdicts. The
// whole check runs end to end at K = 2 in tests/cli/test_calibrate_cli.cpp; K = 20 is docs/calibration.md.
#include <doctest/doctest.h>

#include <cmath>

#include "sim/calibration/coverage.hpp"
#include "tests/support.hpp"

using namespace pcnsim;

namespace {

// One parameter "a" with truth `truth`, as coverage_rows and summarise_coverage see a config.
CalibrationConfig one_parameter(double truth) {
    CalibrationConfig c;
    c.seed = 5;
    c.parameters.push_back({"a", Prior{PriorKind::uniform, 0, 200}, 0, 200, truth});
    return c;
}

// 64 equally weighted samples 1, 2, ..., 64 (weights 1/64: cumulative sums without rounding).
CalibrationResult uniform_posterior() {
    CalibrationResult r;
    r.samples.resize(64, 1);
    for (int i = 0; i < 64; ++i) r.samples(i, 0) = i + 1;
    r.weights = Eigen::VectorXd::Constant(64, 1.0 / 64);
    return r;
}

std::vector<CoverageRow> rows_of(int k, int inside_90, int inside_50, int rank) {
    std::vector<CoverageRow> rows;
    for (int i = 0; i < k; ++i) {
        CoverageRow row;
        row.recovery = i + 1, row.parameter = "a", row.inside_90 = i < inside_90, row.inside_50 = i < inside_50, row.rank = rank;
        rows.push_back(row);
    }
    return rows;
}

}  // namespace

TEST_CASE("coverage rows: the posterior's intervals around the truth and its rank among posterior draws") {
    const auto c = one_parameter(20);
    const auto rows = coverage_rows(c, 3, uniform_posterior(), 99);
    REQUIRE(rows.size() == 1);
    const auto& row = rows[0];
    CHECK(row.recovery == 3);
    CHECK(row.parameter == "a");
    CHECK(row.mean == doctest::Approx(32.5));
    // Weighted quantiles as posterior_summary.csv: the smallest value whose cumulative weight k / 64
    // reaches p (k >= 3.2, 16, 48, 60.8).
    CHECK(row.q05 == 4);
    CHECK(row.q25 == 16);
    CHECK(row.q75 == 48);
    CHECK(row.q95 == 61);
    CHECK(row.inside_50);
    CHECK(row.inside_90);
    // 19 of the 64 values lie below 20 (weight 0.297); stratified draw k falls below when
    // (k + U_k) / 99 < 0.297: every k up to 28, and k = 29 when U_29 < 0.39.
    CHECK(row.rank >= 29);
    CHECK(row.rank <= 30);
    const auto outside = coverage_rows(one_parameter(63), 1, uniform_posterior(), 99)[0];
    CHECK_FALSE(outside.inside_50);
    CHECK_FALSE(outside.inside_90);
    CHECK(outside.rank >= 95);  // 62 of 64 below: (k + U_k) / 99 < 0.969 for every k up to 94
    const auto in90 = coverage_rows(one_parameter(55), 1, uniform_posterior(), 99)[0];
    CHECK_FALSE(in90.inside_50);
    CHECK(in90.inside_90);
}

TEST_CASE("coverage rows: without a posterior the truth is outside both intervals and has no rank") {
    const auto row = coverage_rows(one_parameter(20), 1, CalibrationResult{}, 99)[0];
    CHECK(std::isnan(row.mean));
    CHECK_FALSE(row.inside_50);
    CHECK_FALSE(row.inside_90);
    CHECK(row.rank == -1);
}

TEST_CASE("coverage summary: shares beside their binomial bands and a verdict") {
    const auto c = one_parameter(0);
    const CoverageSettings settings{20, 0.03, 99};
    SUBCASE("nominal coverage and central ranks are consistent") {
        const auto s = summarise_coverage(rows_of(20, 18, 10, 50), c, settings);
        REQUIRE(s.size() == 1);
        CHECK(s[0].recoveries == 20);
        CHECK(s[0].inside_90 == doctest::Approx(0.9));
        CHECK(s[0].inside_50 == doctest::Approx(0.5));
        CHECK(s[0].band_90_lower == doctest::Approx(0.75));  // Binomial(20, 0.9): 15 to 20 (tests/stats/test_binomial.cpp)
        CHECK(s[0].band_90_upper == doctest::Approx(1.0));
        CHECK(s[0].band_50_lower == doctest::Approx(0.30));
        CHECK(s[0].band_50_upper == doctest::Approx(0.70));
        // Mean of 20 ranks / 99, each uniform on 0..99: 0.5 +- 1.96 sqrt(101 / (12 x 99 x 20)) = 0.5 +- 0.128.
        CHECK(s[0].mean_rank_lower == doctest::Approx(0.372).epsilon(0.002));
        CHECK(s[0].mean_rank_upper == doctest::Approx(0.628).epsilon(0.002));
        CHECK(s[0].verdict == "consistent");
    }
    SUBCASE("14 of 20 inside 90% intervals is below the band") {
        const auto s = summarise_coverage(rows_of(20, 14, 10, 50), c, settings);
        CHECK(s[0].inside_90 == doctest::Approx(0.7));
        CHECK(s[0].verdict == "90% intervals cover too few");
    }
    SUBCASE("truths always high in the posterior: it underestimates") {
        const auto s = summarise_coverage(rows_of(20, 18, 10, 80), c, settings);
        CHECK(s[0].verdict == "truths sit high in the posterior (it underestimates)");
    }
    SUBCASE("every 50% interval covering: too wide") {
        const auto s = summarise_coverage(rows_of(20, 20, 20, 50), c, settings);
        CHECK(s[0].verdict == "50% intervals cover too many (too wide)");
    }
}

TEST_CASE("coverage recovery: truths from the priors and data of its own, reproducibly") {
    Problems problems;
    const auto c = load_calibration_config(testing::source_path("calibration/tests/small-hm.toml"), {}, problems);
    REQUIRE(problems.empty());
    const auto one = recovery_config(c, 1, 0.03), two = recovery_config(c, 2, 0.03);
    for (std::size_t k = 0; k < c.parameters.size(); ++k) {
        CAPTURE(c.parameters[k].name);
        for (const auto* r : {&one, &two}) {
            REQUIRE(r->parameters[k].truth.has_value());
            CHECK(*r->parameters[k].truth >= c.parameters[k].lower);
            CHECK(*r->parameters[k].truth <= c.parameters[k].upper);
        }
        CHECK(*one.parameters[k].truth != *two.parameters[k].truth);
        CHECK(*one.parameters[k].truth != *c.parameters[k].truth);  // not the config's [truth]
    }
    // Each recovery calibrates on its own seed (all three copies of it), without a predictive check.
    CHECK(one.seed == c.seed + 1);
    CHECK(two.seed == c.seed + 2);
    CHECK(one.history_matching.seed == one.seed);
    CHECK(one.abc.seed == one.seed);
    CHECK(one.predictive_draws == 0);
    // Its targets: the template's rows with values made at its truth, 3% SDs.
    REQUIRE(one.targets.size() == c.targets.size());
    for (std::size_t i = 0; i < c.targets.size(); ++i) {
        CHECK(one.targets[i].metric == c.targets[i].metric);
        CHECK(one.targets[i].value != two.targets[i].value);
        CHECK(one.targets[i].sd > 0);
    }
    const auto again = recovery_config(c, 1, 0.03);
    CHECK(*again.parameters[0].truth == *one.parameters[0].truth);
    CHECK(again.targets[0].value == one.targets[0].value);
}
