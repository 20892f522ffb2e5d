#include "sim/core/philox_batch.hpp"

#include <Random123/philox.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PCNSIM_HAVE_AVX512_PATH 1
#endif

namespace pcnsim {

void philox4x32_batch_scalar(std::uint32_t first, std::uint32_t n, std::uint32_t c1, std::uint32_t c2, std::uint32_t c3,
                             std::uint64_t seed, std::uint32_t* const out[4], std::uint32_t stride) {
    const r123::Philox4x32::key_type key{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
    for (std::uint32_t k = 0; k < n; ++k) {
        const auto r = r123::Philox4x32{}({{first + k * stride, c1, c2, c3}}, key);
        for (int w = 0; w < 4; ++w) out[w][k] = r.v[w];
    }
}

#ifdef PCNSIM_HAVE_AVX512_PATH
// GCC 12's own avx512fintrin.h trips -Wmaybe-uninitialized inside _mm512_mul_epu32 (clang has no
// such warning, and would warn about the unknown name).
#pragma GCC diagnostic push
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
namespace {
// The rounds of Random123's philox4x32round and philox4x32bumpkey, eight counters per vector, each
// 32-bit word in the low half of a 64-bit lane so that _mm512_mul_epu32 gives the full product.
__attribute__((target("avx512f"))) void philox_avx512(std::uint32_t first, std::uint32_t n, std::uint32_t c1,
                                                       std::uint32_t c2, std::uint32_t c3, std::uint64_t seed,
                                                       std::uint32_t* const out[4], std::uint32_t stride) {
    // Counters wrap modulo 2^32 as in the scalar code: only the low word of x0 enters the first
    // multiplication, and x0 is replaced after it.
    const long long s = stride;
    const __m512i lane = _mm512_set_epi64(7 * s, 6 * s, 5 * s, 4 * s, 3 * s, 2 * s, s, 0);
    const __m512i m0 = _mm512_set1_epi64(0xD2511F53), m1 = _mm512_set1_epi64(0xCD9E8D57);
    const __m512i low = _mm512_set1_epi64(0xFFFFFFFF);
    std::uint32_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m512i x0 = _mm512_add_epi64(lane, _mm512_set1_epi64(first + k * stride));
        __m512i x1 = _mm512_set1_epi64(c1), x2 = _mm512_set1_epi64(c2), x3 = _mm512_set1_epi64(c3);
        std::uint32_t key0 = static_cast<std::uint32_t>(seed), key1 = static_cast<std::uint32_t>(seed >> 32);
        for (int round = 0; round < 10; ++round) {
            const __m512i p0 = _mm512_mul_epu32(x0, m0), p1 = _mm512_mul_epu32(x2, m1);
            x0 = _mm512_xor_si512(_mm512_xor_si512(_mm512_srli_epi64(p1, 32), x1), _mm512_set1_epi64(key0));
            x2 = _mm512_xor_si512(_mm512_xor_si512(_mm512_srli_epi64(p0, 32), x3), _mm512_set1_epi64(key1));
            x1 = _mm512_and_si512(p1, low);
            x3 = _mm512_and_si512(p0, low);
            key0 += 0x9E3779B9u;
            key1 += 0xBB67AE85u;
        }
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out[0] + k), _mm512_cvtepi64_epi32(x0));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out[1] + k), _mm512_cvtepi64_epi32(x1));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out[2] + k), _mm512_cvtepi64_epi32(x2));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out[3] + k), _mm512_cvtepi64_epi32(x3));
    }
    std::uint32_t* const rest[4] = {out[0] + k, out[1] + k, out[2] + k, out[3] + k};
    philox4x32_batch_scalar(first + k * stride, n - k, c1, c2, c3, seed, rest, stride);
}
}  // namespace
#pragma GCC diagnostic pop
#endif

bool philox_batch_uses_avx512() {
#ifdef PCNSIM_HAVE_AVX512_PATH
    static const bool avx512 = __builtin_cpu_supports("avx512f");
    return avx512;
#else
    return false;
#endif
}

void philox4x32_batch(std::uint32_t first, std::uint32_t n, std::uint32_t c1, std::uint32_t c2, std::uint32_t c3,
                      std::uint64_t seed, std::uint32_t* const out[4], std::uint32_t stride) {
#ifdef PCNSIM_HAVE_AVX512_PATH
    if (philox_batch_uses_avx512()) return philox_avx512(first, n, c1, c2, c3, seed, out, stride);
#endif
    philox4x32_batch_scalar(first, n, c1, c2, c3, seed, out, stride);
}

}  // namespace pcnsim
