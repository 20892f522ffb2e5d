// Under ThreadSanitizer only: shows that the TSan pass can fail. Two loop bodies that run at the same
// time write one shared counter when asked to ("race"); TSan must report it. Without the argument the
// same loops share nothing and must pass clean.
#include <cstdio>
#include <cstring>
#include <vector>

#include <tbb/global_control.h>

#include "sim/core/parallel.hpp"

int main(int argc, char** argv) {
    const bool race = argc > 1 && !std::strcmp(argv[1], "race");
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
    long shared = 0;
    std::vector<double> per_block(64);
    pcnsim::parallel_for_index(std::size_t{0}, per_block.size(), [&](std::size_t b) {
        // Long enough that a worker takes blocks while the calling thread is still busy.
        double x = 0;
        for (int k = 0; k < 200000; ++k) x += 1.0 / (k + 1.0 + static_cast<double>(b));
        per_block[b] = x;
        if (race) ++shared;
    });
    pcnsim::PerThread<long> sums([] { return 0L; });
    pcnsim::parallel_for_index(0, 1000, [&](int i) { sums.local() += i; });
    long total = 0;
    sums.for_each([&](long v) { total += v; });
    std::printf("%ld %.3f %ld\n", shared, per_block[0], total);
    return total == 499500 ? 0 : 1;
}
