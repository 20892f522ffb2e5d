// Activation drift and service propensity: AR(1) processes with known stationary moments.
#include <doctest/doctest.h>

#include <cmath>

#include "tests/support.hpp"

using namespace pcnsim;

namespace {
Scenario drift_scenario() {
    Scenario s = pcnsim::testing::small_scenario(20000, 2);
    s.demography = false;
    s.gp_capacity_unlimited = true;
    return s;
}

double correlation(const std::vector<double>& x, const std::vector<double>& y) {
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < x.size(); ++i) mx += x[i], my += y[i];
    mx /= static_cast<double>(x.size()), my /= static_cast<double>(y.size());
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}
}  // namespace

TEST_CASE("activation_drift: held fixed when the annual autocorrelation is 1") {
    Scenario s = drift_scenario();
    s.parameters.set("activation.annual_autocorrelation", 1.0);
    pcnsim::testing::SteppedRun run(s);
    const auto before = run.agents().pam_score;
    run.run(10);
    CHECK(run.agents().pam_score == before);
}

TEST_CASE("activation_drift: transient keeps its SD and has the configured annual autocorrelation") {
    // Start is stationary, so after 52 weeks the transient (latent score - latent set point, on the
    // scale where the AR(1) runs: pam_scale.hpp) still has SD activation.transient_sd and
    // correlates with its start value at the configured 0.6.
    // Standard errors with n = ~16,000 adults: SD of a sample SD ~ sd / sqrt(2n);
    // of a correlation ~ (1 - rho^2) / sqrt(n). Tolerance 4 SE, plus 0.1 points on the SD for
    // clamping at 0 and 100 (scores beyond 3.3 SD of the set point are rare but do occur).
    pcnsim::testing::SteppedRun run(drift_scenario());
    const PamScale scale = PopulationModel(run.scenario.parameters).pam_scale;
    const auto transient = [&run, &scale] {
        std::vector<double> x;  // adults: children's PAM does not drift (it is neither measured nor used)
        for (std::size_t i = 0; i < run.agents().size(); ++i)
            if (run.agents().age[i] >= kAdultAge)
                x.push_back(scale.latent(run.agents().pam_score[i]) - scale.latent(run.agents().pam_setpoint[i]));
        return x;
    };
    const auto start = transient();
    run.run(52);
    const auto end = transient();
    double sum = 0, sum2 = 0;
    for (double x : end) sum += x, sum2 += x * x;
    const double n = static_cast<double>(end.size());
    const double sd = std::sqrt(sum2 / n - (sum / n) * (sum / n));
    const double target_sd = run.scenario.parameters.get("activation.transient_sd");
    CHECK(std::abs(sd - target_sd) < 4 * target_sd / std::sqrt(2 * n) + 0.1);
    CHECK(std::abs(sum / n) < 4 * target_sd / std::sqrt(n) + 0.1);
    const double rho = run.scenario.parameters.get("activation.annual_autocorrelation");
    CHECK(std::abs(correlation(start, end) - rho) < 4 * (1 - rho * rho) / std::sqrt(n) + 0.01);
}

TEST_CASE("service_propensity: exp(transient) keeps mean 1 and log-propensity its annual autocorrelation") {
    // Stationary AR(1) on the log scale with mean -sd^2/2: E[exp(y)] = 1, Var[exp(y)] = e^{sd^2} - 1.
    pcnsim::testing::SteppedRun run(drift_scenario());
    const auto logs = [&run] {
        std::vector<double> y;
        for (std::size_t i = 0; i < run.agents().size(); ++i) y.push_back(pcnsim::propensity_transient(run.agents(), i));
        return y;
    };
    const auto start = logs();
    run.run(52);
    const auto end = logs();
    const double n = static_cast<double>(end.size());
    const double sd = run.scenario.parameters.get("propensity.transient_sd");
    double mean_exp = 0;
    for (double y : end) mean_exp += std::exp(y) / n;
    CHECK(std::abs(mean_exp - 1.0) < 4 * std::sqrt((std::exp(sd * sd) - 1) / n));
    const double rho = run.scenario.parameters.get("propensity.annual_autocorrelation");
    CHECK(std::abs(correlation(start, end) - rho) < 4 * (1 - rho * rho) / std::sqrt(n) + 0.01);
    // The multiplier stays positive and finite (the transient part is recovered from it).
    for (std::size_t i = 0; i < run.agents().size(); ++i) REQUIRE((run.agents().propensity[i] > 0 && std::isfinite(run.agents().propensity[i])));
}
