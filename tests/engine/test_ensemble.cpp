// The ensemble layer: units of work (draw x replication x PCN) split between partial runs (MPI
// ranks, an interrupted run) add up to the whole run, through the byte form as well.
#include <doctest/doctest.h>

#include "sim/engine/partial_run.hpp"
#include "tests/support.hpp"

using namespace pcnsim;

namespace {
void check_same_weeks(const RunResult& a, const RunResult& b) {
    REQUIRE(a.replications.size() == b.replications.size());
    for (std::size_t r = 0; r < a.replications.size(); ++r)
        for (Arm arm : {Arm::scenario, Arm::counterfactual}) {
            const auto &x = a.replications[r].arm(arm), &y = b.replications[r].arm(arm);
            REQUIRE(x.size() == y.size());
            for (std::size_t w = 0; w < x.size(); ++w) {
                REQUIRE(x[w].size() == y[w].size());
                for (std::size_t g = 0; g < x[w].size(); ++g) REQUIRE(x[w][g].v == y[w][g].v);
            }
        }
    CHECK(a.agents == b.agents);
    CHECK(a.practice_list_sizes == b.practice_list_sizes);
    CHECK(a.pcn_list_sizes == b.pcn_list_sizes);
}
}  // namespace

TEST_CASE("ensemble: shares of the units, run apart and added up through their bytes, equal the whole run") {
    for (const char* file : {"scenarios/tests/small-coaching.toml", "scenarios/tests/small-icb.toml"}) {
        CAPTURE(file);
        const Scenario s = testing::load_test_scenario(file, {"run.replications=3", "run.weeks=8", "run.warmup_weeks=4"});
        const RunResult whole = run_scenario(s);
        REQUIRE(std::all_of(whole.units_done.begin(), whole.units_done.end(), [](char d) { return d == 1; }));
        const std::string fingerprint = run_fingerprint(s);
        RunControl first_share, second_share;
        first_share.unit_stride = second_share.unit_stride = 2;
        second_share.unit_offset = 1;
        RunResult sum = run_scenario(s, first_share);
        CHECK(std::count(sum.units_done.begin(), sum.units_done.end(), 1) == static_cast<long>((whole.units_done.size() + 1) / 2));
        add_partial_run(sum, deserialize_partial_run(serialize_partial_run(run_scenario(s, second_share), fingerprint), fingerprint));
        check_same_weeks(whole, sum);
        // Resuming from one share runs the other.
        const RunResult part = run_scenario(s, first_share);
        RunControl resume;
        resume.resume_from = &part;
        check_same_weeks(whole, run_scenario(s, resume));
    }
}

TEST_CASE("ensemble: bytes of a partial run are refused for another scenario or when damaged") {
    const Scenario s = testing::load_test_scenario("scenarios/tests/small.toml", {"run.weeks=4", "run.warmup_weeks=0"});
    const Scenario other = testing::load_test_scenario("scenarios/tests/small.toml", {"run.weeks=5", "run.warmup_weeks=0"});
    const std::string bytes = serialize_partial_run(run_scenario(s), run_fingerprint(s));
    CHECK_NOTHROW(deserialize_partial_run(bytes, run_fingerprint(s)));
    CHECK_THROWS_WITH_AS(deserialize_partial_run(bytes, run_fingerprint(other)), doctest::Contains("another scenario"), std::runtime_error);
    CHECK_THROWS_AS(deserialize_partial_run(bytes.substr(0, bytes.size() - 8), run_fingerprint(s)), std::runtime_error);
    CHECK_THROWS_AS(deserialize_partial_run("not a partial run", run_fingerprint(s)), std::runtime_error);
    // One digit changed (the number of agents in the header) no longer matches the digest.
    std::string changed = bytes;
    const auto at = changed.find("\"agents\":") + 9;
    changed[at] = changed[at] == '9' ? '8' : static_cast<char>(changed[at] + 1);
    CHECK_THROWS_WITH_AS(deserialize_partial_run(changed, run_fingerprint(s)), doctest::Contains("changed or damaged"), std::runtime_error);
}
