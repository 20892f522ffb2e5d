// GP capacity: pass-through when unlimited; supply never exceeded; every request accounted for;
// waiting requests abandoned and diverted at their configured weekly probabilities; oldest served first.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <deque>

#include "tests/support.hpp"

using namespace pcnsim;

namespace {
Scenario capacity_scenario(double wte_per_1000) {
    Scenario s = pcnsim::testing::small_scenario(20000, 2);
    s.demography = false;  // no departures: no request is withdrawn
    s.parameters.set("gp_capacity.clinician_wte_per_1000", wte_per_1000);
    return s;
}
}  // namespace

TEST_CASE("gp_capacity: unlimited capacity is a pass-through for every patient every week") {
    Scenario s = capacity_scenario(0.98);
    s.gp_capacity_unlimited = true;
    pcnsim::testing::SteppedRun run(s);
    for (int w = 0; w < 8; ++w) {
        run.sim->step_week();
        const auto& a = run.agents();
        for (std::size_t i = 0; i < a.size(); ++i) REQUIRE(a.gp_appointments_week[i] == a.gp_requests_week[i]);
        const auto& all = run.sim->last_week_groups()[0];
        CHECK(all[Counter::gp_backlog] == 0);
        CHECK(all[Counter::gp_unmet] == 0);
        CHECK(all[Counter::gp_diverted_to_ae] == 0);
    }
}

TEST_CASE("gp_capacity: appointments never exceed supply and every request is accounted for") {
    // Supply 20% below demand: a backlog builds up.
    Scenario s = capacity_scenario(0.75);
    pcnsim::testing::SteppedRun run(s);
    const double per_patient_week = 0.75 / 1000.0 * s.parameters.get("gp_capacity.appointments_per_wte_week");
    std::int64_t requests = 0, appointments = 0, unmet = 0, diverted = 0, backlog = 0;
    for (int w = 0; w < 30; ++w) {
        run.sim->step_week();
        const auto& groups = run.sim->last_week_groups();
        for (std::size_t p = 0; p < 2; ++p) {
            const auto& practice = groups[1 + p];
            const auto supply = static_cast<std::int64_t>(run.sim->population().practices[p].list_size * per_patient_week);
            CHECK(practice[Counter::gp_appointments] <= supply);
            if (practice[Counter::gp_backlog] > 0) CHECK(practice[Counter::gp_appointments] == supply);
        }
        requests += groups[0][Counter::gp_requests];
        appointments += groups[0][Counter::gp_appointments];
        unmet += groups[0][Counter::gp_unmet];
        diverted += groups[0][Counter::gp_diverted_to_ae];
        backlog = groups[0][Counter::gp_backlog];
    }
    CHECK(backlog > 0);
    CHECK(requests == appointments + unmet + diverted + backlog);
}

TEST_CASE("gp_capacity: waiting requests are abandoned and diverted at their weekly probabilities") {
    // Each week every request left unserved is abandoned (p_a), diverted (p_d) or kept, so over all
    // weeks unserved = abandoned + diverted + kept, and abandoned / unserved estimates p_a with
    // binomial standard error sqrt(p (1 - p) / unserved). Tolerance 4 SE. (Draws of one request in
    // successive weeks are independent, so the weekly decisions are independent trials.)
    Scenario s = capacity_scenario(0.75);
    pcnsim::testing::SteppedRun run(s);
    double abandoned = 0, diverted = 0, unserved = 0;
    for (int w = 0; w < 30; ++w) {
        run.sim->step_week();
        const auto& all = run.sim->last_week_groups()[0];
        abandoned += static_cast<double>(all[Counter::gp_unmet]);
        diverted += static_cast<double>(all[Counter::gp_diverted_to_ae]);
        unserved += static_cast<double>(all[Counter::gp_unmet] + all[Counter::gp_diverted_to_ae] + all[Counter::gp_backlog]);
    }
    const double pa = s.parameters.get("gp_capacity.abandon_per_week"), pd = s.parameters.get("gp_capacity.divert_to_ae_per_week");
    CHECK(unserved > 10000);
    CHECK(std::abs(abandoned / unserved - pa) < 4 * std::sqrt(pa * (1 - pa) / unserved));
    CHECK(std::abs(diverted / unserved - pd) < 4 * std::sqrt(pd * (1 - pd) / unserved));
}

TEST_CASE("gp_capacity: the oldest requests are served first") {
    // Nobody abandons, is diverted or leaves, so every request waits until it is served, and a
    // practice's backlog is a sequence of week cohorts. Oldest first, a week's appointments take
    // the oldest cohorts whole and then part of the next: knowing only each week's new requests and
    // appointments (counters), the summed wait of the requests served that week is determined, and
    // it is the largest any order could give. Random or newest-first service serves some new
    // requests while older ones still wait, and so gives a smaller sum from week 1 on (supply is 20%
    // below demand: part of week 0's requests wait). The summed wait and the backlog are checked
    // exactly, for each practice, every week.
    Scenario s = capacity_scenario(0.75);
    s.parameters.set("gp_capacity.abandon_per_week", 0.0);
    s.parameters.set("gp_capacity.divert_to_ae_per_week", 0.0);
    pcnsim::testing::SteppedRun run(s);
    struct Cohort {
        int week;
        std::int64_t waiting;
    };
    std::vector<std::deque<Cohort>> backlog(2);
    int oldest_wait_served = 0;
    for (int w = 0; w < 20; ++w) {
        run.sim->step_week();
        for (std::size_t p = 0; p < 2; ++p) {
            const auto& practice = run.sim->last_week_groups()[1 + p];
            auto& queue = backlog[p];
            queue.push_back({w, practice[Counter::gp_requests]});
            std::int64_t to_serve = practice[Counter::gp_appointments], expected_wait = 0, waiting = 0;
            while (to_serve > 0 && !queue.empty()) {
                const std::int64_t served = std::min(to_serve, queue.front().waiting);
                expected_wait += served * (w - queue.front().week);
                oldest_wait_served = std::max(oldest_wait_served, w - queue.front().week);
                to_serve -= served;
                if ((queue.front().waiting -= served) == 0) queue.pop_front();
            }
            for (const auto& c : queue) waiting += c.waiting;
            CAPTURE(w);
            CAPTURE(p);
            REQUIRE(to_serve == 0);  // no more appointments than requests
            REQUIRE(practice[Counter::gp_wait_weeks] == expected_wait);
            REQUIRE(practice[Counter::gp_backlog] == waiting);
        }
    }
    CHECK(oldest_wait_served >= 3);  // the backlog spanned several weeks, so the order mattered
}

TEST_CASE("gp_capacity: diverted requests become A&E attendances the same week") {
    Scenario s = capacity_scenario(0.75);
    s.parameters.set("gp_capacity.divert_to_ae_per_week", 0.1);
    pcnsim::testing::SteppedRun run(s);
    for (int w = 0; w < 10; ++w) {
        run.sim->step_week();
        const auto& a = run.agents();
        for (std::size_t i = 0; i < a.size(); ++i) REQUIRE(a.ae_week[i] >= a.gp_diverted_week[i]);
    }
}
