#include "sim/output/format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace pcnsim {

std::string format_number(double v) {
    if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
    return fmt::format("{}", v);
}

std::string format_optional(const std::optional<double>& v) { return v ? format_number(*v) : std::string(); }

std::string csv_text(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace pcnsim
