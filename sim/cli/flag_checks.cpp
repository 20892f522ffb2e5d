#include "sim/cli/flag_checks.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <string>

namespace pcnsim {

CLI::Validator whole_number(std::uint64_t lo, std::uint64_t hi) {
    const std::string expected = fmt::format("expected a whole number from {} to {}", lo, hi);
    return CLI::Validator(
        [lo, hi, expected](std::string& input) -> std::string {
            std::uint64_t v = 0;
            const char* end = input.data() + input.size();
            const auto [ptr, ec] = std::from_chars(input.data(), end, v);
            const bool whole = !input.empty() && ec == std::errc() && ptr == end;
            return whole && v >= lo && v <= hi ? std::string() : fmt::format("{}, got '{}'", expected, input);
        },
        fmt::format("{}-{}", lo, hi));
}

CLI::Validator number_at_least(double lo) {
    return CLI::Validator(
        [lo](std::string& input) -> std::string {
            std::size_t used = 0;
            double v = NAN;
            try {
                v = std::stod(input, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            const bool ok = used == input.size() && std::isfinite(v) && v >= lo;
            return ok ? std::string() : fmt::format("expected a number from {:g} upwards, got '{}'", lo, input);
        },
        fmt::format(">={:g}", lo));
}

}  // namespace pcnsim
