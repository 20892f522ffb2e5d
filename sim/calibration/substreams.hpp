#pragma once
// Substreams of Stream::calibration, in one place so that no two uses share numbers. Every draw is
// keyed (seed, index, round, Stream::calibration, substream), with round the generation or wave
// (evaluation keys: round << 40 | index, abc_smc.hpp).
#include <cstdint>

namespace pcnsim::calibration_substream {

inline constexpr std::uint32_t proposal = 0;               // ABC-SMC: a proposal's ancestor and perturbation
inline constexpr std::uint32_t candidate = 2;              // history matching: a candidate point
inline constexpr std::uint32_t design = 0x100;             // history matching: + the Latin hypercube's try (under 0x100)
inline constexpr std::uint32_t evaluation_seed = 0x200;    // an evaluation's run seed without common random numbers
inline constexpr std::uint32_t acceptance = 0x201;         // ABC-SMC in a calibration: the kernel's uniform and a run's noise
inline constexpr std::uint32_t predictive_noise = 0x202;   // the predictive check's run noise and observation error
inline constexpr std::uint32_t synthetic_noise = 0x203;    // synthetic targets' observation error
inline constexpr std::uint32_t coverage_truth = 0x204;     // calibration coverage: a recovery's truths drawn from the priors
inline constexpr std::uint32_t benchmark = 0x300;          // bench/calibration.cpp: parameter sets from the priors

}  // namespace pcnsim::calibration_substream
