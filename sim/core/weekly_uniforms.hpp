#pragma once
// The one uniform draw most processes need per patient per week, generated in bulk: one Philox
// call per patient-week yields four 32-bit words, each assigned to one named slot used by one
// decision only. A slot is a stream in its own right (keyed by seed, replication, agent, week and
// lane), so it never moves when another process draws more or less, and common random numbers
// between a scenario and its counterfactual hold. The engine fills the slots for a block of
// patients at the start of the week's first pass; the acute-care word is carried in a per-patient
// buffer to the pass after GP capacity, so no patient-week needs a second call. Decisions needing
// further draws use their own Draws streams. Philox is the largest cost per patient-week, which is
// why four decisions share one call.
#include <array>
#include <cassert>
#include <cstdint>
#include <vector>

#include "sim/core/parallel.hpp"
#include "sim/core/philox_batch.hpp"
#include "sim/core/rng.hpp"

namespace pcnsim {

// Values are part of the reproducibility contract: never renumber.
enum class Slot : std::uint8_t {
    demography = 0,        // death, deregistration or frailty change: competing risks on one uniform
    activation_noise = 1,
    gp_demand = 2,
    acute_care = 3,        // A&E attendances and direct admissions: one Poisson, then split
};
inline constexpr int kSlots = 4;
inline constexpr const char* kSlotNames[kSlots] = {"demography", "activation_noise", "gp_demand", "acute_care"};

class WeeklyUniforms {
public:
    // carried: one word per patient of the whole population, for the acute-care slot.
    void start(const RunKey& key, std::uint32_t week, std::uint32_t begin, std::uint32_t end, std::uint32_t* carried) {
        key_ = key, week_ = week, begin_ = begin, end_ = end, carried_ = carried;
        filled_ = false;
    }

    void fill() {
        std::uint32_t* const out[4] = {words_[0].data(), words_[1].data(), words_[2].data(), carried_ + begin_};
        philox4x32_batch(begin_, end_ - begin_, week_stream_word(week_, Stream::weekly_slots), key_.replication_word(), 0,
                         key_.seed, out);
        filled_ = true;
    }

    // Uniform on (0, 1) for agent i of the current range.
    double operator()(Slot slot, std::uint32_t i) const {
        const auto s = static_cast<std::size_t>(slot);
        if (slot == Slot::acute_care) return uniform_from_word(carried_[i]);
        assert(filled_ && "slots 0-2 are only available in the week's first pass");
        return uniform_from_word(words_[s][i - begin_]);
    }

private:
    RunKey key_;
    std::uint32_t week_ = 0, begin_ = 0, end_ = 0;
    std::uint32_t* carried_ = nullptr;
    bool filled_ = false;
    std::array<std::array<std::uint32_t, kAgentBlock>, kSlots - 1> words_{};
};

}  // namespace pcnsim
