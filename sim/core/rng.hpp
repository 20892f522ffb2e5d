#pragma once
// Counter-based random numbers: every draw is a pure function of
// (seed, replication, agent, week, stream, substream, draw index), so results do not depend on the
// thread that computes them, and a scenario and its counterfactual see the same numbers for the same
// agent, week and stream (common random numbers). Streams are named per process; adding a stream
// never shifts the draws of another.
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>

namespace pcnsim {

// One id per process decision. Values are part of the reproducibility contract: never renumber,
// only append.
enum class Stream : std::uint16_t {
    registration = 2,            // a new patient's attributes
    gp_queue_order = 6,          // position of a new GP request in the practice's queue
    gp_backlog_outcome = 7,      // abandon / divert / keep waiting, per waiting request
    propensity = 4,              // the monthly update of a patient's transient propensity
    acute_split = 8,             // which acute events are A&E attendances, which convert to admissions
    population_synthesis = 10,   // the initial list
    weekly_slots = 11,           // weekly_uniforms.hpp: demography, activation noise, GP demand, acute care
    coaching_contact = 12,       // skills consultation, brief intervention and referral at GP appointments
    self_referral = 13,          // a patient's weekly chance of referring themselves to coaching
    uptake = 14,                 // prepared or not, accepts or declines a referral or invitation
    case_finding_order = 15,     // tie-break among equally ranked patients at a monthly review
    coaching_session = 16,       // delivery mode at the start, dropout before later sessions
    network = 17,                // households and community ties, built once per replication
    psa = 18,                    // Latin hypercube parameter draws (agent = parameter, week = draw)
    calibration = 19,            // ABC-SMC proposals (agent = proposal, week = generation)
    posterior = 20,              // stratified resampling of posterior rows for PSA draws (agent = draw)
    evaluation_controls = 21,    // matched comparison patients drawn for each coached case (agent = case)
};

// The second word of every draw's counter: the week in the low 16 bits, the stream in the high 16
// bits. Written once here for Draws, the weekly uniform slots (weekly_uniforms.hpp) and the batched
// first draws (batched_draws.hpp), which must all give the same numbers.
constexpr std::uint32_t week_stream_word(std::uint32_t week, Stream stream) {
    return (week & 0xFFFFu) | (static_cast<std::uint32_t>(stream) << 16);
}

// Uniform on the open interval (0, 1) from one 32-bit word: never 0, so log(u) is always finite.
inline double uniform_from_word(std::uint32_t w) { return (static_cast<double>(w) + 0.5) * 0x1p-32; }

// The PCN shares the counter word with the replication, so a run of several PCNs gives each one
// its own numbers while PCN 0 (every single-PCN run) keeps the numbers it always had.
inline constexpr std::uint32_t kMaxReplications = 1u << 16;
inline constexpr std::uint32_t kMaxPcns = 1u << 16;

struct RunKey {
    std::uint64_t seed = 0;
    std::uint32_t replication = 0;  // below kMaxReplications
    std::uint32_t pcn = 0;          // below kMaxPcns

    std::uint32_t replication_word() const { return replication | (pcn << 16); }
};

// A short sequence of uniform draws for one (agent, week, stream[, substream]). Philox4x32-10 gives
// four 32-bit words per call; further draws advance the draw counter. The substream distinguishes
// several independent decisions of one agent in one week (e.g. each backlog request).
class Draws {
public:
    Draws(const RunKey& run, std::uint32_t agent, std::uint32_t week, Stream stream,
          std::uint32_t substream = 0)
        : key_{{static_cast<std::uint32_t>(run.seed), static_cast<std::uint32_t>(run.seed >> 32)}},
          counter_{{agent, week_stream_word(week, stream), run.replication_word(), substream << 8}} {}

    std::uint32_t next_u32() {
        if (used_ == 4) refill();
        return block_.v[used_++];
    }

    double uniform() { return uniform_from_word(next_u32()); }

private:
    void refill() {
        block_ = r123::Philox4x32{}(counter_, key_);
        counter_.v[3] += 1;  // low 8 bits count blocks within a substream: 1,024 draws is ample
        used_ = 0;
    }

    r123::Philox4x32::key_type key_;
    r123::Philox4x32::ctr_type counter_;
    r123::Philox4x32::ctr_type block_{};
    int used_ = 4;
};

}  // namespace pcnsim
