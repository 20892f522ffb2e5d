#pragma once
// The only place (with the ensemble layer) that knows about threads. Work is cut into fixed-size
// blocks whatever the thread count, so any per-block result is the same at 1, 2 or 8 threads.
#include <tbb/parallel_for.h>

#include <cstddef>
#include <utility>

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace pcnsim {

// tbb::parallel_for over [first, last). Under ThreadSanitizer it also tells the sanitizer what oneTBB
// guarantees: everything before the loop happens before every body, and every body happens before
// whatever follows the loop. Debian's libtbb is not instrumented, so without these two edges TSan
// would report every hand-over through TBB's scheduler as a race; with them it reports exactly the
// races between bodies that run at the same time, which are the ones in pcnsim's code.
// `partitioner...`: tbb::parallel_for's optional partitioner.
template <class Index, class F, class... Partitioner>
void parallel_for_index(Index first, Index last, F&& body, Partitioner&&... partitioner) {
#if defined(__SANITIZE_THREAD__)
    static char fork_point, join_point;
    __tsan_release(&fork_point);
    tbb::parallel_for(
        first, last,
        [&](Index i) {
            __tsan_acquire(&fork_point);
            body(i);
            __tsan_release(&join_point);
        },
        std::forward<Partitioner>(partitioner)...);
    __tsan_acquire(&join_point);
#else
    tbb::parallel_for(first, last, std::forward<F>(body), std::forward<Partitioner>(partitioner)...);
#endif
}

inline constexpr std::size_t kAgentBlock = 2048;

template <class F>
void parallel_for_blocks(std::size_t n, std::size_t block, F&& body) {
    const std::size_t blocks = (n + block - 1) / block;
    parallel_for_index(std::size_t{0}, blocks, [&](std::size_t b) {
        const std::size_t begin = b * block;
        body(b, begin, std::min(n, begin + block));
    });
}

}  // namespace pcnsim
