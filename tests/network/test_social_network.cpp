// The social network: structure (no self-loops or duplicate ties, symmetric, households are
// cliques, mean community degree as configured), household composition against its parameters,
// and determinism.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "sim/network/social_network.hpp"
#include "tests/support.hpp"

using namespace pcnsim;

namespace {

struct Built {
    Scenario scenario;
    Population population;
    SocialNetwork network;
    explicit Built(int list_size, std::uint64_t seed = 12345, double mean_degree = 4)
        : scenario(pcnsim::testing::small_scenario(list_size, 3)) {
        scenario.run.seed = seed;
        scenario.parameters.set("network.community_mean_degree", mean_degree);
        const PopulationModel model(scenario.parameters);
        Problems problems;
        auto practices = build_practice_profiles(scenario, model, problems);
        population = synthesise_population(practices, model, {seed, 0});
        network = build_social_network(population, NetworkModel(scenario.parameters), {seed, 0});
    }
};

std::vector<std::uint32_t> neighbours(const NetworkGraph& g, std::uint32_t v) {
    std::vector<std::uint32_t> out;
    for (auto [it, end] = boost::adjacent_vertices(v, g); it != end; ++it) out.push_back(static_cast<std::uint32_t>(*it));
    return out;
}

void check_simple_and_symmetric(const NetworkGraph& g) {
    const auto n = static_cast<std::uint32_t>(num_vertices(g));
    std::set<std::pair<std::uint32_t, std::uint32_t>> edges;
    for (std::uint32_t v = 0; v < n; ++v)
        for (auto w : neighbours(g, v)) {
            REQUIRE(w != v);                           // no self-loop
            REQUIRE(edges.insert({v, w}).second);      // no duplicate
        }
    for (const auto& [v, w] : edges) REQUIRE(edges.count({w, v}) == 1);  // undirected
}

}  // namespace

TEST_CASE("network: no self-loops or duplicate ties, ties are mutual, households are cliques") {
    Built b(6000);
    check_simple_and_symmetric(b.network.households);
    check_simple_and_symmetric(b.network.community);
    std::map<std::uint32_t, std::vector<std::uint32_t>> members;
    for (std::uint32_t i = 0; i < b.population.agents.size(); ++i) members[b.network.household_of[i]].push_back(i);
    for (const auto& [id, m] : members)
        for (auto i : m) REQUIRE(neighbours(b.network.households, i).size() == m.size() - 1);
}

TEST_CASE("network: community ties have the configured mean degree and stay within the practice") {
    Built b(9000);
    const double n = static_cast<double>(b.population.agents.size());
    // Each of the n k/2 ring ties is kept or moved, never lost, so the mean degree is exactly k.
    CHECK(static_cast<double>(num_edges(b.network.community)) / n == b.scenario.parameters.get("network.community_mean_degree"));
    for (std::uint32_t v = 0; v < b.population.agents.size(); ++v)
        for (auto w : neighbours(b.network.community, v)) REQUIRE(b.population.agents.practice[w] == b.population.agents.practice[v]);

    // An odd degree: each member has 2 ring ties forward and a third with probability 0.5, so the
    // mean degree is 2 x (2 + Bernoulli(0.5) mean) with SD 2 x sqrt(0.25 / n); tolerance 4 SD.
    Built odd(9000, 12345, 5);
    const double mean = static_cast<double>(num_edges(odd.network.community)) / n;
    CHECK(std::abs(mean - 5.0) < 4 * 2 * std::sqrt(0.25 / n));
    check_simple_and_symmetric(odd.network.community);
}

TEST_CASE("network: household composition follows its parameters") {
    Built b(30000);
    const auto& a = b.population.agents;
    const auto& p = b.scenario.parameters;
    const NetworkModel model(p);
    std::map<std::uint32_t, std::vector<std::uint32_t>> homes;
    for (std::uint32_t i = 0; i < a.size(); ++i) homes[b.network.household_of[i]].push_back(i);

    // Couples: partnered adults are drawn independently (Bernoulli of their age band's share) and
    // paired within a practice up to the smaller of the partnered women and men: couples = min(W, M)
    // with W, M sums of Bernoullis. We compare with min(E[W], E[M]) summed over practices. When W and
    // M have close means (the usual case: equal shares for both sexes), E[min(W, M)] lies below
    // min(E[W], E[M]) by at most about 0.56 SD (the mean of the minimum of two equal normals is
    // 1/sqrt(pi) SD below), so a tolerance of 4 SD of the summed smaller side (plus 1) still holds
    // with a wide margin over 3 practices.
    double couples = 0, expected = 0, variance = 0;
    for (const auto& [id, m] : homes) {
        const auto adults = std::count_if(m.begin(), m.end(), [&](std::uint32_t i) { return a.age[i] >= kAdultAge; });
        if (!a.care_home[m.front()] && adults == 2) couples += 1;
    }
    for (std::uint16_t practice = 0; practice < b.population.practices.size(); ++practice) {
        double ew = 0, em = 0, vw = 0, vm = 0;
        for (std::uint32_t i = 0; i < a.size(); ++i) {
            if (a.practice[i] != practice || a.care_home[i] || a.age[i] < kAdultAge) continue;
            const double q = model.couple_probability(a.age[i]);
            (a.sex[i] == Sex::female ? ew : em) += q;
            (a.sex[i] == Sex::female ? vw : vm) += q * (1 - q);
        }
        expected += std::min(ew, em);
        variance += ew < em ? vw : vm;
    }
    CHECK(std::abs(couples - expected) < 4 * std::sqrt(variance) + 1);

    // Every child lives with an adult of parent age; every care-home resident only with residents,
    // in homes of at most network.care_home_size.
    double families = 0, children = 0;
    for (const auto& [id, m] : homes) {
        const bool care_home = a.care_home[m.front()];
        if (care_home) {
            CHECK(m.size() <= static_cast<std::size_t>(p.get("network.care_home_size")));
            for (auto i : m) REQUIRE(a.care_home[i]);
            continue;
        }
        const auto kids = std::count_if(m.begin(), m.end(), [&](std::uint32_t i) { return a.age[i] < kAdultAge; });
        if (kids == 0) continue;
        REQUIRE(std::any_of(m.begin(), m.end(), [&](std::uint32_t i) { return a.age[i] >= 20 && a.age[i] <= 55; }));
        families += 1;
        children += static_cast<double>(kids);
    }
    // Children per family: 1 + a geometric number of siblings (probability q each), at most 4.
    // Mean sum k P(k) with P(k) = q^(k-1) (1 - q) for k < 4 and q^3 for k = 4; tolerance 4 SE.
    const double q = p.get("network.extra_sibling_probability");
    double mean = 0, second = 0;
    for (int k = 1; k <= 4; ++k) {
        const double pk = k < 4 ? std::pow(q, k - 1) * (1 - q) : std::pow(q, 3);
        mean += k * pk, second += k * k * pk;
    }
    REQUIRE(families > 1000);
    CHECK(std::abs(children / families - mean) < 4 * std::sqrt((second - mean * mean) / families));
}

TEST_CASE("network: the same seed builds the same network - another seed a different one") {
    Built one(4000, 7), two(4000, 7), other(4000, 8);
    CHECK(one.network.household_of == two.network.household_of);
    const auto all_ties = [](const NetworkGraph& g) {
        std::vector<std::uint32_t> out;
        for (std::uint32_t v = 0; v < num_vertices(g); ++v)
            for (auto w : neighbours(g, v)) out.push_back(v * 65536u + w);
        return out;
    };
    CHECK(all_ties(one.network.community) == all_ties(two.network.community));
    CHECK(all_ties(one.network.households) == all_ties(two.network.households));
    CHECK(all_ties(one.network.community) != all_ties(other.network.community));
}
