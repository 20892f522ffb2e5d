#pragma once
// The only place (with the ensemble layer) that knows about threads. Work is cut into fixed-size
// blocks whatever the thread count, so any per-block result is the same at 1, 2 or 8 threads.
#include <tbb/parallel_for.h>

#include <cstddef>

namespace pcnsim {

inline constexpr std::size_t kAgentBlock = 2048;

template <class F>
void parallel_for_blocks(std::size_t n, std::size_t block, F&& body) {
    const std::size_t blocks = (n + block - 1) / block;
    tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
        const std::size_t begin = b * block;
        body(b, begin, std::min(n, begin + block));
    });
}

}  // namespace pcnsim
