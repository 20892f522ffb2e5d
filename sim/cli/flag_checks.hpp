#pragma once
// Checks of numeric flags with messages a user can read ("--seed: expected a whole number from 0 to
// 9223372036854775807"), where CLI11's own checks print a 309-digit bound or cap a value silently.
#include <cstdint>

#include <CLI/CLI.hpp>

namespace pcnsim {

// A whole number written in digits, from lo to hi: no sign, no fraction, no exponent, and nothing
// out of range passed on to be capped by the conversion.
CLI::Validator whole_number(std::uint64_t lo, std::uint64_t hi);

// A finite number >= lo.
CLI::Validator number_at_least(double lo);

// The seeds a scenario file can hold: TOML integers are signed 64-bit.
inline constexpr std::uint64_t kMaxSeed = 9223372036854775807ULL;

}  // namespace pcnsim
