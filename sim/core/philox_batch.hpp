#pragma once
// Philox4x32-10 for a run of consecutive counters, the weekly hot spot (weekly_uniforms.hpp). The
// function is Random123's Philox4x32-10 exactly; on processors with AVX-512 eight counters are
// computed at once (about 2.5 times faster), otherwise Random123's scalar code runs. A test checks
// both paths word for word against r123::Philox4x32.
#include <cstdint>

namespace pcnsim {

// out[w][k] = Philox4x32-10(counter {first + k x stride, c1, c2, c3}, key {seed low, seed high}).v[w],
// k < n. A stride above 1 serves processes that visit every stride-th patient in a week.
void philox4x32_batch(std::uint32_t first, std::uint32_t n, std::uint32_t c1, std::uint32_t c2, std::uint32_t c3,
                      std::uint64_t seed, std::uint32_t* const out[4], std::uint32_t stride = 1);

// The portable path, for tests.
void philox4x32_batch_scalar(std::uint32_t first, std::uint32_t n, std::uint32_t c1, std::uint32_t c2, std::uint32_t c3,
                             std::uint64_t seed, std::uint32_t* const out[4], std::uint32_t stride = 1);

// Whether philox4x32_batch takes the AVX-512 path on this processor.
bool philox_batch_uses_avx512();

}  // namespace pcnsim
