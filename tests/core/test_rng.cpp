// Counter-based draws and the distribution transforms built on them.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <vector>

#include "sim/core/distributions.hpp"
#include "sim/core/philox_batch.hpp"

using namespace pcnsim;

TEST_CASE("rng: a draw is a pure function of its key") {
    const RunKey key{42, 3};
    Draws a(key, 17, 5, Stream::gp_queue_order), b(key, 17, 5, Stream::gp_queue_order);
    for (int k = 0; k < 20; ++k) CHECK(a.next_u32() == b.next_u32());
}

TEST_CASE("rng: every key component changes the draw") {
    const auto first = [](RunKey key, std::uint32_t agent, std::uint32_t week, Stream stream, std::uint32_t sub = 0) {
        return Draws(key, agent, week, stream, sub).next_u32();
    };
    const auto base = first({42, 3}, 17, 5, Stream::gp_queue_order);
    std::set<std::uint32_t> seen{base};
    seen.insert(first({43, 3}, 17, 5, Stream::gp_queue_order));
    seen.insert(first({42, 4}, 17, 5, Stream::gp_queue_order));
    seen.insert(first({42, 3}, 18, 5, Stream::gp_queue_order));
    seen.insert(first({42, 3}, 17, 6, Stream::gp_queue_order));
    seen.insert(first({42, 3}, 17, 5, Stream::acute_split));
    seen.insert(first({42, 3}, 17, 5, Stream::gp_queue_order, 1));
    seen.insert(first({1ull << 40 | 42, 3}, 17, 5, Stream::gp_queue_order));  // high seed bits count too
    CHECK(seen.size() == 8);
}

TEST_CASE("rng: uniforms lie in the open unit interval and are not repeated across refills") {
    Draws d({1, 0}, 0, 0, Stream::registration);
    std::set<double> values;
    for (int k = 0; k < 1000; ++k) {
        const double u = d.uniform();
        CHECK(u > 0.0);
        CHECK(u < 1.0);
        values.insert(u);
    }
    CHECK(values.size() == 1000);
}

// Moments of the transforms. With n = 200,000 draws the standard error of a sample mean is
// sd / sqrt(n); every tolerance below is 4 standard errors (two-sided false-alarm rate 6e-5).
namespace {
constexpr int kN = 200000;
template <class F>
std::pair<double, double> moments(F&& draw) {
    double sum = 0, sum2 = 0;
    for (int i = 0; i < kN; ++i) {
        Draws d({2026, 0}, static_cast<std::uint32_t>(i), 1, Stream::population_synthesis);
        const double x = draw(d);
        sum += x;
        sum2 += x * x;
    }
    const double mean = sum / kN;
    return {mean, sum2 / kN - mean * mean};
}
}  // namespace

TEST_CASE("rng: standard normal has mean 0 and variance 1") {
    const auto [mean, var] = moments([](Draws& d) { return standard_normal(d); });
    CHECK(std::abs(mean) < 4 * std::sqrt(1.0 / kN));
    // Var of the sample variance of a normal is 2 sigma^4 / n.
    CHECK(std::abs(var - 1.0) < 4 * std::sqrt(2.0 / kN));
}

TEST_CASE("rng: standard normal tails match the normal CDF") {
    int beyond = 0;
    for (int i = 0; i < kN; ++i) {
        Draws d({7, 0}, static_cast<std::uint32_t>(i), 0, Stream::population_synthesis);
        beyond += std::abs(standard_normal(d)) > 1.959963984540054 ? 1 : 0;
    }
    const double p = 0.05, se = std::sqrt(p * (1 - p) / kN);
    CHECK(std::abs(beyond / static_cast<double>(kN) - p) < 4 * se);
}

TEST_CASE("rng: the 7-digit normal quantile agrees with the 16-digit one to about 1e-7") {
    // Wichura (1988) states PPND7 is accurate to about 1 part in 10^7. A float PAM score of 50 has
    // an ulp of 4e-6, so noise of SD 9 with error 9 x 2e-7 = 1.8e-6 stays below it. Checked on a
    // grid of 2^20 probabilities covering both split points (q = +-0.425, r = 5) and the far tails.
    double worst = 0;
    const auto check = [&worst](double p) {
        const double exact = normal_quantile(p);
        worst = std::max(worst, std::abs(normal_quantile_7digits(p) - exact) / std::max(1.0, std::abs(exact)));
    };
    for (long k = 0; k < (1L << 20); ++k) check((static_cast<double>(k) + 0.5) / (1 << 20));
    for (double p : {1e-12, 1e-9, 1e-6, 0.075, 0.925, 1 - 1e-6, 1 - 1e-9}) check(p);
    CHECK(worst < 2e-7);
}

TEST_CASE("rng: poisson mean and variance equal the rate") {
    for (double rate : {0.01, 0.3, 4.0, 80.0}) {
        CAPTURE(rate);
        const auto [mean, var] = moments([rate](Draws& d) { return static_cast<double>(poisson(d, rate)); });
        CHECK(std::abs(mean - rate) < 4 * std::sqrt(rate / kN));
        // Var of the sample variance of a Poisson is about (mu + 2 mu^2) / n.
        CHECK(std::abs(var - rate) < 4 * std::sqrt((rate + 2 * rate * rate) / kN));
    }
}

TEST_CASE("rng: gamma(shape) has mean shape and variance shape") {
    for (double shape : {0.7, 1.5, 4.0}) {
        CAPTURE(shape);
        const auto [mean, var] = moments([shape](Draws& d) { return gamma_unit(d, shape); });
        CHECK(std::abs(mean - shape) < 4 * std::sqrt(shape / kN));
        // Var of the sample variance: (mu4 - sigma^4) / n with mu4 = 3k^2 + 6k for Gamma(k, 1).
        CHECK(std::abs(var - shape) < 4 * std::sqrt((3 * shape * shape + 6 * shape - shape * shape) / kN));
    }
}

TEST_CASE("rng: binomial and categorical frequencies") {
    const auto [mean, var] = moments([](Draws& d) { return static_cast<double>(binomial(d, 5, 0.3)); });
    CHECK(std::abs(mean - 1.5) < 4 * std::sqrt(1.05 / kN));
    int counts[3] = {0, 0, 0};
    for (int i = 0; i < kN; ++i) {
        Draws d({9, 0}, static_cast<std::uint32_t>(i), 0, Stream::population_synthesis);
        ++counts[categorical(d, std::array<double, 3>{1.0, 2.0, 7.0})];
    }
    for (int k = 0; k < 3; ++k) {
        const double p = std::array<double, 3>{0.1, 0.2, 0.7}[static_cast<std::size_t>(k)];
        CHECK(std::abs(counts[k] / static_cast<double>(kN) - p) < 4 * std::sqrt(p * (1 - p) / kN));
    }
}

TEST_CASE("rng: the counter words are packed as they always were") {
    // Part of the reproducibility contract: week in the low 16 bits and stream in the high 16 bits of
    // the second word, replication and PCN likewise in the third, the substream above the block count.
    CHECK(week_stream_word(0x12345u, Stream::network) == 0x00112345u);
    CHECK(week_stream_word(7, Stream::weekly_slots) == ((11u << 16) | 7u));
    const RunKey key{20261123, 3, 2};
    CHECK(key.replication_word() == ((2u << 16) | 3u));
    Draws d(key, 42, 100, Stream::uptake, 5);
    const r123::Philox4x32::key_type k{{static_cast<std::uint32_t>(key.seed), static_cast<std::uint32_t>(key.seed >> 32)}};
    const auto r = r123::Philox4x32{}({{42u, (100u & 0xFFFFu) | (14u << 16), 3u | (2u << 16), 5u << 8}}, k);
    for (int w = 0; w < 4; ++w) CHECK(d.next_u32() == r.v[w]);
}

TEST_CASE("rng: the batched Philox equals Random123's Philox4x32-10 word for word, on both paths") {
    // Odd lengths and offsets exercise the vector body and the scalar tail; counters start near the
    // top of their range so that strided counters wrap.
    for (std::uint64_t seed : {0ull, 20261123ull, 0xFFFFFFFFFFFFFFFFull}) {
        for (std::uint32_t stride : {1u, 4u, 7u}) {
            for (std::uint32_t n : {1u, 7u, 8u, 9u, 4096u, 4093u}) {
                CAPTURE(seed);
                CAPTURE(stride);
                CAPTURE(n);
                std::vector<std::uint32_t> fast[4], slow[4];
                for (int w = 0; w < 4; ++w) fast[w].assign(n, 0), slow[w].assign(n, 0);
                std::uint32_t* const fast_out[4] = {fast[0].data(), fast[1].data(), fast[2].data(), fast[3].data()};
                std::uint32_t* const slow_out[4] = {slow[0].data(), slow[1].data(), slow[2].data(), slow[3].data()};
                const std::uint32_t first = 0xFFFFFFF0u - n;
                philox4x32_batch(first, n, 0xABCD0011u, 5, 0, seed, fast_out, stride);
                philox4x32_batch_scalar(first, n, 0xABCD0011u, 5, 0, seed, slow_out, stride);
                const r123::Philox4x32::key_type key{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
                for (std::uint32_t k = 0; k < n; ++k) {
                    const auto r = r123::Philox4x32{}({{first + k * stride, 0xABCD0011u, 5, 0}}, key);
                    for (int w = 0; w < 4; ++w) {
                        REQUIRE(slow[w][k] == r.v[w]);
                        REQUIRE(fast[w][k] == r.v[w]);
                    }
                }
            }
        }
    }
    MESSAGE("AVX-512 path in use: " << (philox_batch_uses_avx512() ? "yes" : "no"));
}
