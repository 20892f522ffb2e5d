#pragma once
// The progress bar of a run on a terminal: weeks done over every replication, and an ETA.
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <string>

namespace pcnsim {

class ProgressBar {
public:
    explicit ProgressBar(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
    void operator()(long done, long total) {
        if (!enabled_) return;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        const double fraction = static_cast<double>(done) / static_cast<double>(total);
        const int filled = static_cast<int>(fraction * 30);
        const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
        std::cerr << fmt::format("\r[{:<30}] {:3.0f}%  week {}/{}  ETA {:.0f}s ", std::string(static_cast<std::size_t>(filled), '#'),
                                 100 * fraction, done, total, eta)
                  << std::flush;
        if (done == total) std::cerr << "\n";
    }

private:
    bool enabled_;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace pcnsim
