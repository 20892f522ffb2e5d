#include "sim/network/social_network.hpp"

#include "sim/core/module.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace pcnsim {

NetworkModel::NetworkModel(const Parameters& p)
    : community_mean_degree(p.get("network.community_mean_degree")),
      rewire_probability(p.get("network.rewire_probability")),
      care_home_size(static_cast<int>(p.get("network.care_home_size"))),
      couple_18_24(p.get("network.couple_share_18_24")),
      couple_25_64(p.get("network.couple_share_25_64")),
      couple_65_84(p.get("network.couple_share_65_84")),
      couple_85plus(p.get("network.couple_share_85plus")),
      extra_sibling(p.get("network.extra_sibling_probability")) {}

double NetworkModel::couple_probability(int age) const {
    return age < 25 ? couple_18_24 : age < 65 ? couple_25_64 : age < 85 ? couple_65_84 : couple_85plus;
}

std::size_t SocialNetwork::bytes() const {
    const auto csr = [](const NetworkGraph& g) {
        return (num_vertices(g) + 1) * sizeof(std::uint32_t) + num_edges(g) * sizeof(std::uint32_t);
    };
    return csr(households) + csr(community) + household_of.size() * sizeof(std::uint32_t);
}

namespace {

using Edges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// Draw number k of agent i's network stream: the network is built once, at week 0.
double draw(const RunKey& key, std::uint32_t i, std::uint32_t k) {
    Draws d(key, i, 0, Stream::network, k);
    return d.uniform();
}

// Substreams of Stream::network. kSibling + 8 s (s = 1..3) and kRewire + 8 j (+ 1) (j >= 1) leave
// the values 0-7 to the others.
enum Substream : std::uint32_t { kOrder = 0, kPartnered = 1, kSibling = 2, kRing = 3, kRewire = 4, kHomeOrder = 5, kExtraTie = 6 };

// Agents sorted by a random key per agent (ties by slot).
std::vector<std::uint32_t> shuffled(std::vector<std::uint32_t> agents, const RunKey& key, Substream s) {
    std::vector<std::pair<double, std::uint32_t>> keyed;
    for (auto i : agents) keyed.emplace_back(draw(key, i, s), i);
    std::sort(keyed.begin(), keyed.end());
    for (std::size_t k = 0; k < keyed.size(); ++k) agents[k] = keyed[k].second;
    return agents;
}

void add_clique(const std::vector<std::uint32_t>& members, Edges& edges) {
    for (auto a : members)
        for (auto b : members)
            if (a != b) edges.emplace_back(a, b);
}

class HouseholdBuilder {
public:
    HouseholdBuilder(const AgentStore& a, const NetworkModel& m, const RunKey& key, std::vector<std::uint32_t>& household_of,
                     Edges& edges)
        : a_(a), m_(m), key_(key), household_of_(household_of), edges_(edges) {}

    void practice(std::uint32_t first, std::uint32_t end) {
        std::vector<std::uint32_t> residents, adults, children;
        for (std::uint32_t i = first; i < end; ++i) {
            if (a_.care_home[i]) residents.push_back(i);
            else if (a_.age[i] >= kAdultAge) adults.push_back(i);
            else children.push_back(i);
        }
        care_homes(shuffled(residents, key_, kOrder));
        const auto parents = adult_households(adults);
        families(shuffled(children, key_, kOrder), shuffled(parents, key_, kHomeOrder));
    }

    void finish() {
        for (auto& members : households_) add_clique(members, edges_);
    }

private:
    std::uint32_t open(std::vector<std::uint32_t> members) {
        const auto id = static_cast<std::uint32_t>(households_.size());
        for (auto i : members) household_of_[i] = id;
        households_.push_back(std::move(members));
        return id;
    }

    void care_homes(const std::vector<std::uint32_t>& residents) {
        for (std::size_t k = 0; k < residents.size(); k += static_cast<std::size_t>(m_.care_home_size))
            open({residents.begin() + static_cast<std::ptrdiff_t>(k),
                  residents.begin() + static_cast<std::ptrdiff_t>(std::min(residents.size(), k + static_cast<std::size_t>(m_.care_home_size)))});
    }

    // Couples pair the partnered women and men in age order; the rest live alone. Returns one adult
    // aged 20-55 of each household that has one: the homes where children can live.
    std::vector<std::uint32_t> adult_households(const std::vector<std::uint32_t>& adults) {
        std::vector<std::uint32_t> women, men;
        for (auto i : adults) {
            if (draw(key_, i, kPartnered) >= m_.couple_probability(a_.age[i])) open({i});
            else (a_.sex[i] == Sex::female ? women : men).push_back(i);
        }
        const auto by_age = [this](std::uint32_t x, std::uint32_t y) { return a_.age[x] != a_.age[y] ? a_.age[x] < a_.age[y] : x < y; };
        std::sort(women.begin(), women.end(), by_age);
        std::sort(men.begin(), men.end(), by_age);
        const std::size_t couples = std::min(women.size(), men.size());
        for (std::size_t k = 0; k < couples; ++k) open({women[k], men[k]});
        for (std::size_t k = couples; k < women.size(); ++k) open({women[k]});
        for (std::size_t k = couples; k < men.size(); ++k) open({men[k]});
        std::vector<std::uint32_t> parents;
        for (auto i : adults) {
            if (a_.age[i] < 20 || a_.age[i] > 55) continue;
            const auto& home = households_[household_of_[i]];
            const bool other_parent_listed = home.size() == 2 && home[0] != i && a_.age[home[0]] >= 20 && a_.age[home[0]] <= 55;
            if (!other_parent_listed) parents.push_back(i);  // one entry per household
        }
        return parents;
    }

    // Children form families (one more sibling with probability extra_sibling, up to four), and each
    // family joins the next household with a parent-age adult, in a random order.
    void families(const std::vector<std::uint32_t>& children, const std::vector<std::uint32_t>& parents) {
        std::size_t next_home = 0;
        for (std::size_t k = 0; k < children.size();) {
            std::size_t size = 1;
            while (size < 4 && k + size < children.size() && draw(key_, children[k], kSibling + 8 * static_cast<std::uint32_t>(size)) < m_.extra_sibling) ++size;
            const std::vector<std::uint32_t> family(children.begin() + static_cast<std::ptrdiff_t>(k),
                                                    children.begin() + static_cast<std::ptrdiff_t>(k + size));
            if (parents.empty()) {
                open(family);
            } else {
                const auto id = household_of_[parents[next_home++ % parents.size()]];
                for (auto c : family) household_of_[c] = id, households_[id].push_back(c);
            }
            k += size;
        }
    }

    const AgentStore& a_;
    const NetworkModel& m_;
    const RunKey& key_;
    std::vector<std::uint32_t>& household_of_;
    Edges& edges_;
    std::vector<std::vector<std::uint32_t>> households_;
};

// Watts-Strogatz within a practice: each member tied to the k/2 next on a random ring, each tie
// rewired with probability beta to a random member it is not yet tied to (never itself).
// A degree that is not even: each member also gets the tie to the (half + 1)-th next with probability
// frac(k / 2), so the mean degree is k in expectation.
void small_world(std::vector<std::uint32_t> members, const NetworkModel& m, const RunKey& key, Edges& edges) {
    const auto n = members.size();
    const double ties_forward = m.community_mean_degree / 2;
    const auto half = static_cast<std::size_t>(std::floor(ties_forward));
    const double extra = ties_forward - static_cast<double>(half);
    if (n < 2 * half + 3) return;  // too small for a ring of this degree
    members = shuffled(members, key, kRing);
    std::unordered_set<std::uint64_t> ties;
    const auto tie = [](std::uint32_t x, std::uint32_t y) { return std::uint64_t{std::min(x, y)} << 32 | std::max(x, y); };
    const auto reach = [&](std::size_t k) { return half + (extra > 0 && draw(key, members[k], kExtraTie) < extra ? 1 : 0); };
    std::vector<std::size_t> reaches(n);
    for (std::size_t k = 0; k < n; ++k) reaches[k] = reach(k);
    for (std::size_t k = 0; k < n; ++k)
        for (std::size_t j = 1; j <= reaches[k]; ++j) ties.insert(tie(members[k], members[(k + j) % n]));
    for (std::size_t k = 0; k < n; ++k)
        for (std::size_t j = 1; j <= reaches[k]; ++j) {
            const auto from = members[k], to = members[(k + j) % n];
            const auto sub = static_cast<std::uint32_t>(kRewire + 8 * j);
            if (draw(key, from, sub) >= m.rewire_probability) continue;
            const auto other = members[static_cast<std::size_t>(draw(key, from, sub + 1) * static_cast<double>(n)) % n];
            if (other == from || ties.count(tie(from, other))) continue;  // keep the ring tie
            ties.erase(tie(from, to));
            ties.insert(tie(from, other));
        }
    std::vector<std::uint64_t> sorted(ties.begin(), ties.end());  // a fixed order, whatever the hash set's
    std::sort(sorted.begin(), sorted.end());
    for (const auto t : sorted) {
        const auto x = static_cast<std::uint32_t>(t >> 32), y = static_cast<std::uint32_t>(t & 0xFFFFFFFFu);
        edges.emplace_back(x, y);
        edges.emplace_back(y, x);
    }
}

}  // namespace

SocialNetwork build_social_network(const Population& population, const NetworkModel& model, const RunKey& key) {
    const auto& a = population.agents;
    const auto n = static_cast<std::uint32_t>(a.size());
    SocialNetwork net;
    net.household_of.assign(n, 0);
    Edges household_edges, community_edges;
    HouseholdBuilder households(a, model, key, net.household_of, household_edges);
    for (const auto& p : population.practices) {
        households.practice(p.first_agent, p.first_agent + p.list_size);
        std::vector<std::uint32_t> members(p.list_size);
        for (std::uint32_t k = 0; k < p.list_size; ++k) members[k] = p.first_agent + k;
        small_world(std::move(members), model, key, community_edges);
    }
    households.finish();
    net.households = NetworkGraph(boost::edges_are_unsorted_multi_pass, household_edges.begin(), household_edges.end(), n);
    net.community = NetworkGraph(boost::edges_are_unsorted_multi_pass, community_edges.begin(), community_edges.end(), n);
    return net;
}

const ModuleDeclaration& social_network_module() {
    using namespace declare;
    static const ModuleDeclaration m{
        .name = "social_network",
        .purpose = "households and community ties (Boost.Graph), built once per replication; what uses them is switched on in [network]",
        .parameters = {
            {"network.community_mean_degree", "ties per person", 4, 2, 12, unif(2, 8), "assumption: a few community ties per person within the practice area"},
            {"network.rewire_probability", "probability per tie", 0.1, 0.0, 1.0, beta(2, 18), "assumption: small-world rewiring (Watts and Strogatz 1998)"},
            {"network.care_home_size", "residents", 30, 5, 120, fixed(), "assumption (mean care-home size in England is about 30-40 beds)"},
            {"network.couple_share_18_24", "share of adults", 0.15, 0.0, 0.5, beta(3, 17), "assumption (ONS families and households: few young adults live as a couple)"},
            {"network.couple_share_25_64", "share of adults", 0.65, 0.4, 0.8, beta(13, 7), "assumption (ONS families and households)"},
            {"network.couple_share_65_84", "share of adults", 0.6, 0.4, 0.8, beta(12, 8), "assumption (ONS: about a third of 65+ live alone)"},
            {"network.couple_share_85plus", "share of adults", 0.3, 0.1, 0.5, beta(6, 14), "assumption (ONS: most 85+ outside care homes live alone)"},
            {"network.extra_sibling_probability", "probability", 0.45, 0.2, 0.7, beta(9, 11), "assumption: gives about 1.8 children per family"},
        },
        .streams = {{Stream::network, "network", "households and community ties, built once per replication"}},
        .sections = {{"network", "the social network and what uses it (off by default)", {
            {"enabled", KeyType::boolean, "build households and community ties"},
            {"buddies", KeyType::boolean, "pair coached patients with a buddy (maximum matching)"},
            {"buddy_requires_tie", KeyType::boolean, "only patients already linked can pair"},
            {"group_sessions", KeyType::boolean, "group-mode patients start together by practice and condition"},
            {"spillover", KeyType::boolean, "household members of a coached patient gain a little activation"},
        }}},
    };
    return m;
}

}  // namespace pcnsim
