#pragma once
// The PCN's social network (MODEL.md section 4 step 11): households and community ties, built once
// per replication from the initial list and the seed. Two Boost compressed-sparse-row graphs (one
// for households, one for community ties), each undirected edge stored in both directions.
//
// Why CSR: the network is fixed for the run (a new registration takes over its slot's household and
// ties, as a new tenant takes over a home), so nothing is ever inserted; CSR stores a vertex in one
// 4-byte offset and a neighbour in one 4-byte index, with neighbours contiguous in memory, about a
// fifth of an adjacency_list's footprint and faster to scan.
//
// Households, per practice: care-home residents live in care homes of network.care_home_size;
// other adults form couples (a woman and a man of close age, with the couple probability of their
// age band) or live alone; children are grouped into families (siblings) and join a household with
// an adult aged 20-55. Community ties, per practice: a Watts-Strogatz small world on a random ring
// (mean degree network.community_mean_degree, rewiring probability network.rewire_probability).
#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/population/population.hpp"
#include "sim/scenario/parameters.hpp"

namespace pcnsim {

using NetworkGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                                        boost::no_property, std::uint32_t, std::uint32_t>;

struct NetworkModel {
    explicit NetworkModel(const Parameters& p);
    double couple_probability(int age) const;
    double community_mean_degree, rewire_probability;
    int care_home_size;
    double couple_18_24, couple_25_64, couple_65_84, couple_85plus;
    double extra_sibling;  // probability a family has one more child (geometric number of children)
};

struct SocialNetwork {
    NetworkGraph households;
    NetworkGraph community;
    std::vector<std::uint32_t> household_of;  // household id per agent (for composition statistics)

    std::size_t bytes() const;  // graph storage, for the benchmark
};

// Deterministic in (seed, replication): draws are keyed per agent with Stream::network.
SocialNetwork build_social_network(const Population& population, const NetworkModel& model, const RunKey& key);

// The network's self-description (sim/core/module.hpp): its parameters, stream and [network] section.
struct ModuleDeclaration;
const ModuleDeclaration& social_network_module();

}  // namespace pcnsim
