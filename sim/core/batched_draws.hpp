#pragma once
// The first uniform of Draws(key, agent, week, stream) for every stride-th agent of a range,
// generated in bulk (philox4x32_batch): the same numbers, at a fraction of the cost, for processes
// that need one uniform for many patients in a week.
#include <algorithm>
#include <array>
#include <cstdint>

#include "sim/core/philox_batch.hpp"
#include "sim/core/rng.hpp"

namespace pcnsim {

// Calls f(agent, uniform) for agent = first, first + stride, ... below end.
template <class F>
void for_each_first_uniform(const RunKey& key, std::uint32_t week, Stream stream, std::uint32_t first, std::uint32_t end,
                            std::uint32_t stride, F&& f) {
    constexpr std::uint32_t kChunk = 256;
    const std::uint32_t counter1 = week_stream_word(week, stream);
    std::array<std::array<std::uint32_t, kChunk>, 4> words;
    std::uint32_t* const out[4] = {words[0].data(), words[1].data(), words[2].data(), words[3].data()};
    while (first < end) {
        const std::uint32_t n = std::min(kChunk, (end - first + stride - 1) / stride);
        philox4x32_batch(first, n, counter1, key.replication_word(), 0, key.seed, out, stride);
        for (std::uint32_t k = 0; k < n; ++k) f(first + k * stride, uniform_from_word(words[0][k]));
        first += n * stride;
    }
}

}  // namespace pcnsim
