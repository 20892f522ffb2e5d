#include "sim/network/matching.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/max_cardinality_matching.hpp>

namespace pcnsim {

std::vector<std::pair<std::uint32_t, std::uint32_t>> maximum_matching(std::uint32_t n,
                                                                      const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges) {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
    Graph g(n);
    for (const auto& [u, v] : edges) boost::add_edge(u, v, g);
    std::vector<boost::graph_traits<Graph>::vertex_descriptor> mate(n);
    boost::edmonds_maximum_cardinality_matching(g, &mate[0]);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (std::uint32_t u = 0; u < n; ++u)
        if (mate[u] != boost::graph_traits<Graph>::null_vertex() && u < mate[u]) pairs.emplace_back(u, static_cast<std::uint32_t>(mate[u]));
    return pairs;
}

}  // namespace pcnsim
