#pragma once
// The one uniform draw most processes need per patient per week, generated in bulk. Each Philox
// call yields four 32-bit words; rather than spend a call per process and throw three words away,
// the four words of one (agent, week) counter are assigned to four named slots, each used by one
// decision only. A slot is a stream in its own right: keyed by (seed, replication, agent, week,
// block stream, lane), it never moves when another process draws more or less, so common random
// numbers between a scenario and its counterfactual hold. Decisions needing further draws (a
// Poisson above 50, conversions, new registrations) use their own Draws streams.
#include <array>
#include <cstdint>

#include "sim/core/parallel.hpp"
#include "sim/core/rng.hpp"

namespace pcnsim {

// Values are part of the reproducibility contract: append, never renumber.
// Block a serves the first pass of the week (demography to GP demand), block b the pass after GP
// capacity (A&E to service propensity), so each patient-week costs two Philox calls.
enum class Slot : std::uint8_t {
    leaving = 0,  // death or deregistration: one uniform, competing risks
    frailty = 1,
    activation_noise = 2,
    gp_demand = 3,
    ae = 4,
    admission = 5,
    propensity_noise = 6,
    unused = 7,  // free for the next process that needs one uniform a week
};
inline constexpr int kSlots = 8;
inline constexpr Stream kSlotBlockStream[kSlots / 4] = {Stream::weekly_block_a, Stream::weekly_block_b};

class WeeklyUniforms {
public:
    void start(const RunKey& key, std::uint32_t week, std::uint32_t begin, std::uint32_t end) {
        key_ = key, week_ = week, begin_ = begin, end_ = end;
        filled_ = {false, false};
    }

    // Uniform on (0, 1) for agent i of the current range.
    double operator()(Slot slot, std::uint32_t i) {
        const auto s = static_cast<std::size_t>(slot);
        if (!filled_[s / 4]) fill(s / 4);
        return (static_cast<double>(words_[s][i - begin_]) + 0.5) * 0x1p-32;
    }

private:
    void fill(std::size_t block) {
        const r123::Philox4x32::key_type key{{static_cast<std::uint32_t>(key_.seed), static_cast<std::uint32_t>(key_.seed >> 32)}};
        const std::uint32_t week_stream = (week_ & 0xFFFFu) | (static_cast<std::uint32_t>(kSlotBlockStream[block]) << 16);
        for (std::uint32_t i = begin_; i < end_; ++i) {
            const auto r = r123::Philox4x32{}({{i, week_stream, key_.replication, 0}}, key);
            for (std::size_t lane = 0; lane < 4; ++lane) words_[block * 4 + lane][i - begin_] = r.v[lane];
        }
        filled_[block] = true;
    }

    RunKey key_;
    std::uint32_t week_ = 0, begin_ = 0, end_ = 0;
    std::array<bool, 2> filled_{};
    std::array<std::array<std::uint32_t, kAgentBlock>, kSlots> words_{};
};

}  // namespace pcnsim
