// The cost-effectiveness frontier on small constructed sets.
#include <doctest/doctest.h>

#include "sim/stats/frontier.hpp"

using namespace pcnsim;

TEST_CASE("cost-effectiveness frontier: points not dominated on lower cost and higher benefit") {
    using V = std::vector<std::optional<double>>;
    // (cost, benefit): (0,0) on; (10,5) on; (10,4) dominated by (10,5); (20,5) dominated by (10,5);
    // (30,9) on; undefined never on.
    const V cost{0.0, 10.0, 10.0, 20.0, 30.0, std::nullopt};
    const V benefit{0.0, 5.0, 4.0, 5.0, 9.0, 100.0};
    CHECK(cost_effectiveness_frontier(cost, benefit) == std::vector<bool>{true, true, false, false, true, false});
    CHECK(cost_effectiveness_frontier(V{1.0, 1.0}, V{2.0, 2.0}) == std::vector<bool>{true, true});  // equal points both on
    // A cheaper point with more benefit dominates every other.
    CHECK(cost_effectiveness_frontier(V{5.0, 1.0, 3.0}, V{1.0, 10.0, 2.0}) == std::vector<bool>{false, true, false});
    CHECK(cost_effectiveness_frontier(V{}, V{}).empty());
}

TEST_CASE("cost-effectiveness frontier: found within each group only") {
    using V = std::vector<std::optional<double>>;
    // Group a: (0,0) and (10,5) on. Group b: (5,1), dominated by (0,0) only across groups, is alone in
    // its group and so on the frontier.
    const V cost{0.0, 10.0, 5.0};
    const V benefit{0.0, 5.0, 1.0};
    CHECK(cost_effectiveness_frontier(cost, benefit, {"a", "a", "b"}) == std::vector<bool>{true, true, true});
    CHECK(cost_effectiveness_frontier(V{0.0, 5.0}, V{2.0, 1.0}, {"a", "a"}) == std::vector<bool>{true, false});
}
