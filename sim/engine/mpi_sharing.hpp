#pragma once
// MPI work sharing (when pcnsim is built with Open MPI): the units of a run (draw x replication x
// PCN) are dealt out to ranks, every rank runs its share on its own threads, and rank 0 adds the
// shares up (integer sums) and writes the outputs, which are therefore byte-identical to a
// single-process run. Without MPI, or with one rank, this is a single process. Compiled into the
// program only (CMakeLists.txt), so that the library, tests and benchmarks stay single-process.
#include <string>
#include <vector>

#include "sim/engine/ensemble.hpp"

namespace pcnsim {

class MpiSharing {
public:
    MpiSharing(int& argc, char**& argv);
    ~MpiSharing();
    MpiSharing(const MpiSharing&) = delete;
    MpiSharing& operator=(const MpiSharing&) = delete;

    int rank() const { return rank_; }
    int size() const { return size_; }
    bool root() const { return rank_ == 0; }

    // Rank 0 gets every rank's share added to its own; other ranks keep their own share.
    void gather(RunResult& mine, const std::string& fingerprint) const;
    // True on every rank when it is true on any.
    bool any(bool mine) const;
    // Rank 0's bytes on every rank.
    std::string broadcast(std::string bytes) const;
    // Every rank's bytes, in rank order, on every rank.
    std::vector<std::string> all_gather(std::string mine) const;

private:
    int rank_ = 0, size_ = 1;
    bool initialised_ = false;
};

}  // namespace pcnsim
