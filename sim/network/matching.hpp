#pragma once
// Maximum-cardinality matching on a small undirected graph (Edmonds' algorithm, Boost.Graph), for
// pairing buddies. Deterministic: the same vertices and edges in the same order give the same pairs.
#include <cstdint>
#include <utility>
#include <vector>

namespace pcnsim {

// Pairs (u, v) with u < v, in increasing u, of a maximum matching of the graph on vertices 0..n-1.
std::vector<std::pair<std::uint32_t, std::uint32_t>> maximum_matching(std::uint32_t n,
                                                                      const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges);

}  // namespace pcnsim
