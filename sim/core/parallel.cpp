#include "sim/core/parallel.hpp"

#if defined(__SANITIZE_THREAD__)
#include <deque>

namespace pcnsim::detail {
namespace {

// Enough workers for the most threads a test asks for; a loop uses no more than its thread limit.
constexpr unsigned kWorkers = 8;

class Workers {
public:
    Workers() {
        for (unsigned k = 0; k < kWorkers; ++k) threads_.emplace_back([this] { serve(); });
    }
    ~Workers() {
        {
            const std::lock_guard hold(lock_);
            stopping_ = true;
        }
        ready_.notify_all();
        for (auto& t : threads_) t.join();
    }
    void add(std::function<void()> job) {
        {
            const std::lock_guard hold(lock_);
            jobs_.push_back(std::move(job));
        }
        ready_.notify_one();
    }

private:
    void serve() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock hold(lock_);
                ready_.wait(hold, [this] { return stopping_ || !jobs_.empty(); });
                if (jobs_.empty()) return;
                job = std::move(jobs_.front());
                jobs_.pop_front();
            }
            job();
        }
    }

    std::mutex lock_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace

void run_on_worker(std::function<void()> job) {
    static Workers workers;
    workers.add(std::move(job));
}

}  // namespace pcnsim::detail
#endif
