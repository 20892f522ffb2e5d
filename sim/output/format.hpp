#pragma once
// Numbers as every output file writes them.
#include <optional>
#include <string>

namespace pcnsim {

// The shortest form that reads back as the same double; whole numbers without a decimal point.
std::string format_number(double v);
// The same, or an empty CSV field where the value is undefined.
std::string format_optional(const std::optional<double>& v);

}  // namespace pcnsim
