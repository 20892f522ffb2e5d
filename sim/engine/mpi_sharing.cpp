#include "sim/engine/mpi_sharing.hpp"

#include "sim/engine/partial_run.hpp"

#ifdef PCNSIM_WITH_MPI
#include <mpi.h>

#include <climits>
#include <cstdlib>
#include <stdexcept>
#endif

namespace pcnsim {

#ifdef PCNSIM_WITH_MPI

namespace {
// Messages over 2 GiB (MPI counts are int) go in pieces: f(offset, count) for each.
template <class F>
void for_each_piece(std::size_t size, F&& f) {
    constexpr std::size_t kPiece = 1u << 30;
    for (std::size_t at = 0; at < size; at += kPiece) f(at, static_cast<int>(std::min(kPiece, size - at)));
}

void send_bytes(const std::string& bytes, int to) {
    const unsigned long long size = bytes.size();
    MPI_Send(&size, 1, MPI_UNSIGNED_LONG_LONG, to, 0, MPI_COMM_WORLD);
    for_each_piece(bytes.size(), [&](std::size_t at, int n) { MPI_Send(bytes.data() + at, n, MPI_CHAR, to, 1, MPI_COMM_WORLD); });
}

std::string receive_bytes(int from) {
    unsigned long long size = 0;
    MPI_Recv(&size, 1, MPI_UNSIGNED_LONG_LONG, from, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    std::string bytes(size, '\0');
    for_each_piece(bytes.size(), [&](std::size_t at, int n) {
        MPI_Recv(bytes.data() + at, n, MPI_CHAR, from, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    });
    return bytes;
}

// Started by mpiexec/mpirun or srun. A plain `pcnsim` does not start MPI at all: Open MPI's
// singleton start-up is slow and fails when many run side by side (the test suite).
bool launched_by_mpi() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"})
        if (std::getenv(name)) return true;
    return false;
}
}  // namespace

MpiSharing::MpiSharing(int& argc, char**& argv) {
    if (!launched_by_mpi()) return;
    // Only the main thread calls MPI; TBB's worker threads never do.
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    initialised_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSharing::~MpiSharing() {
    if (initialised_) MPI_Finalize();
}

void MpiSharing::gather(RunResult& mine, const std::string& fingerprint) const {
    if (size_ == 1) return;
    if (!root()) return send_bytes(serialize_partial_run(mine, fingerprint), 0);
    for (int from = 1; from < size_; ++from) add_partial_run(mine, deserialize_partial_run(receive_bytes(from), fingerprint));
}

bool MpiSharing::any(bool mine) const {
    if (size_ == 1) return mine;
    int in = mine ? 1 : 0, out = 0;
    MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
    return out != 0;
}

std::string MpiSharing::broadcast(std::string bytes) const {
    if (size_ == 1) return bytes;
    unsigned long long size = bytes.size();
    MPI_Bcast(&size, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    bytes.resize(size);
    for_each_piece(bytes.size(), [&](std::size_t at, int n) { MPI_Bcast(bytes.data() + at, n, MPI_CHAR, 0, MPI_COMM_WORLD); });
    return bytes;
}

std::vector<std::string> MpiSharing::all_gather(std::string mine) const {
    if (size_ == 1) return {std::move(mine)};
    if (!root()) send_bytes(mine, 0);
    std::vector<std::string> all;
    if (root()) {
        all.push_back(std::move(mine));
        for (int from = 1; from < size_; ++from) all.push_back(receive_bytes(from));
    }
    // Lengths first, then the pieces, all from rank 0.
    std::string lengths;
    for (const auto& a : all) lengths += std::to_string(a.size()) + "\n";
    lengths = broadcast(lengths);
    std::string joined;
    for (const auto& a : all) joined += a;
    joined = broadcast(joined);
    all.clear();
    std::size_t at = 0, from = 0;
    for (std::size_t nl; (nl = lengths.find('\n', from)) != std::string::npos; from = nl + 1) {
        const std::size_t n = std::stoull(lengths.substr(from, nl - from));
        all.push_back(joined.substr(at, n));
        at += n;
    }
    return all;
}

#else

MpiSharing::MpiSharing(int&, char**&) {}
MpiSharing::~MpiSharing() = default;
void MpiSharing::gather(RunResult&, const std::string&) const {}
bool MpiSharing::any(bool mine) const { return mine; }
std::string MpiSharing::broadcast(std::string bytes) const { return bytes; }
std::vector<std::string> MpiSharing::all_gather(std::string mine) const { return {std::move(mine)}; }

#endif

}  // namespace pcnsim
