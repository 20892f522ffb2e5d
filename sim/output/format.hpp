#pragma once
// Numbers as every output file writes them.
#include <optional>
#include <string>
#include <string_view>

namespace pcnsim {

// The shortest form that reads back as the same double; whole numbers without a decimal point.
std::string format_number(double v);
// The same, or an empty CSV field where the value is undefined.
std::string format_optional(const std::optional<double>& v);
// A text CSV field: quoted, with quotes inside doubled (RFC 4180), so commas and quotes survive.
std::string csv_text(std::string_view s);

}  // namespace pcnsim
