#pragma once
// The only place (with the ensemble layer) that knows about threads. Work is cut into fixed-size
// blocks whatever the thread count, so any per-block result is the same at 1, 2 or 8 threads.
//
// Under ThreadSanitizer the loops run on std::threads instead of oneTBB's scheduler. Debian's libtbb
// is not built with TSan, so TSan cannot see how oneTBB hands work between its threads and reports
// those hand-overs as races; with std::threads and a mutex every hand-over is visible, and what TSan
// reports is a race between loop bodies, which is pcnsim's code. The partition into indices and
// blocks is the same in both, so the bodies TSan checks are the bodies a Release build runs.
#include <algorithm>
#include <cstddef>
#include <utility>

#if defined(__SANITIZE_THREAD__)
#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <tbb/global_control.h>
#include <tbb/partitioner.h>  // callers may name a partitioner; this back-end ignores it
#else
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#endif

namespace pcnsim {

#if defined(__SANITIZE_THREAD__)

namespace detail {
// Hands `job` to one of a fixed set of std::threads kept for the life of the program (parallel.cpp).
// A job may be picked up after the loop that queued it has finished: it must then do nothing.
void run_on_worker(std::function<void()> job);
}  // namespace detail

// Runs body(i) for i in [first, last): the calling thread and up to as many workers as oneTBB would
// be allowed (tbb::global_control) take the next index in turn. The caller works on its own loop
// until no index is left, so a loop nested in another always finishes even if every worker is busy.
// Every index runs; the first exception is then rethrown. The partitioner argument is ignored here.
template <class Index, class F, class... Partitioner>
void parallel_for_index(Index first, Index last, F&& body, Partitioner&&...) {
    struct Loop {
        std::size_t count = 0;
        std::atomic<std::size_t> next{0};
        std::size_t finished = 0;  // under `lock`
        std::mutex lock;
        std::condition_variable all_finished;
        std::exception_ptr failure;
    };
    auto loop = std::make_shared<Loop>();
    loop->count = last > first ? static_cast<std::size_t>(last - first) : 0;
    auto* run = &body;  // read only by a worker that took an index, so before this function returns
    // Bodies on different threads are ordered only by the loop's fork and join, as with oneTBB: the
    // index counter is relaxed and each thread reports its finished bodies once, when it runs out of
    // indices. A lock taken after every body would order bodies that ran one after the other and hide
    // their races from TSan.
    auto work = [loop, run, first] {
        std::size_t done = 0;
        std::exception_ptr failure;
        for (std::size_t i; (i = loop->next.fetch_add(1, std::memory_order_relaxed)) < loop->count; ++done) {
            try {
                (*run)(first + static_cast<Index>(i));
            } catch (...) {
                if (!failure) failure = std::current_exception();
            }
        }
        const std::lock_guard hold(loop->lock);
        if (failure && !loop->failure) loop->failure = failure;
        loop->finished += done;
        if (done && loop->finished == loop->count) loop->all_finished.notify_all();
    };
    const std::size_t allowed = tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
    for (std::size_t k = 1; k < std::min(loop->count, allowed); ++k) detail::run_on_worker(work);
    work();
    std::unique_lock hold(loop->lock);
    loop->all_finished.wait(hold, [&] { return loop->finished == loop->count; });
    if (loop->failure) std::rethrow_exception(loop->failure);
}

// One T per thread that asks for it, made on first use; what tbb::enumerable_thread_specific offers
// pcnsim (local() and iteration over every copy made).
template <class T>
class PerThread {
public:
    explicit PerThread(std::function<T()> make) : make_(std::move(make)) {}
    T& local() {
        const std::lock_guard hold(lock_);
        const auto me = std::this_thread::get_id();
        for (auto& [id, value] : copies_)
            if (id == me) return *value;
        copies_.emplace_back(me, std::make_unique<T>(make_()));
        return *copies_.back().second;
    }
    template <class F>
    void for_each(F&& f) {
        for (auto& copy : copies_) f(*copy.second);
    }

private:
    std::function<T()> make_;
    std::mutex lock_;
    std::vector<std::pair<std::thread::id, std::unique_ptr<T>>> copies_;
};

template <class F>
decltype(auto) isolated(F&& f) {
    return std::forward<F>(f)();
}

#else

template <class Index, class F, class... Partitioner>
void parallel_for_index(Index first, Index last, F&& body, Partitioner&&... partitioner) {
    tbb::parallel_for(first, last, std::forward<F>(body), std::forward<Partitioner>(partitioner)...);
}

template <class T>
class PerThread {
public:
    template <class Make>
    explicit PerThread(Make&& make) : copies_(std::forward<Make>(make)) {}
    T& local() { return copies_.local(); }
    template <class F>
    void for_each(F&& f) {
        for (auto& copy : copies_) f(copy);
    }

private:
    tbb::enumerable_thread_specific<T> copies_;
};

// A thread waiting inside `f` for its own parallel loops picks up only work from those loops.
template <class F>
decltype(auto) isolated(F&& f) {
    return tbb::this_task_arena::isolate(std::forward<F>(f));
}

#endif

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
