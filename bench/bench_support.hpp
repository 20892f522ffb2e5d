#pragma once
// Small helpers the benchmark programs share: comma-separated lists on the command line and the
// process's peak resident memory.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace pcnsim::bench {

inline std::vector<long> parse_list(const char* s) {
    std::vector<long> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');) out.push_back(std::stol(item));
    return out;
}

// VmHWM: the peak resident set since the start, or since the last reset_peak_rss().
inline long peak_rss_kib() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

inline void reset_peak_rss() { std::ofstream("/proc/self/clear_refs") << "5"; }

}  // namespace pcnsim::bench
