// RunControl::scenario_arm_only (calibration) must leave the scenario arm exactly as a full run
// gives it: the arms are independent apart from the random numbers and the demography they share.
#include <doctest/doctest.h>

#include "sim/engine/ensemble.hpp"
#include "tests/support.hpp"

using namespace pcnsim;

namespace {

// Every counter of every reported week and group; the first difference is reported.
void check_same_scenario_arm(const RunResult& full, const RunResult& alone) {
    REQUIRE(full.replications.size() == alone.replications.size());
    for (std::size_t r = 0; r < full.replications.size(); ++r) {
        const auto& a = full.replications[r].weeks;
        const auto& b = alone.replications[r].weeks;
        REQUIRE(a.size() == b.size());
        long differing = 0;
        for (std::size_t w = 0; w < a.size(); ++w)
            for (std::size_t g = 0; g < a[w].size(); ++g) differing += a[w][g].v != b[w][g].v;
        CAPTURE(r);
        CHECK(differing == 0);
    }
}

}  // namespace

TEST_CASE("engine: simulating the scenario arm alone gives the scenario arm of a full run") {
    for (const char* file : {"scenarios/tests/small-coaching.toml", "scenarios/tests/small-network.toml"}) {
        CAPTURE(file);
        const auto scenario = testing::load_test_scenario(file, {"run.replications=2", "run.weeks=20"});
        RunControl alone;
        alone.scenario_arm_only = true;
        const auto full = run_scenario(scenario), only = run_scenario(scenario, alone);
        check_same_scenario_arm(full, only);
        // The counterfactual arm really was skipped (its weeks are empty of events), so the check above is not vacuous.
        std::int64_t full_events = 0, skipped_events = 0;
        for (const auto& week : full.replications[0].counterfactual_weeks) full_events += week[0][Counter::gp_requests];
        for (const auto& week : only.replications[0].counterfactual_weeks) skipped_events += week[0][Counter::gp_requests];
        CHECK(full_events > 0);
        CHECK(skipped_events == 0);
    }
}
