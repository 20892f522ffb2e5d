#include "sim/output/readable.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace pcnsim {
namespace {

double round_to(double value, double step) { return step > 0 ? std::round(value / step) * step : value; }

// Decimals that show a multiple of `step` exactly (step a power of ten), at most `most`.
int decimals_for_step(double step, int most) {
    if (step <= 0 || step >= 1) return 0;
    return std::min(most, static_cast<int>(std::lround(-std::log10(step))));
}

std::string signed_text(double value, const std::string& magnitude, NumberStyle style) {
    return (value < 0 ? std::string(style.minus) : std::string()) + style.currency + magnitude;
}

}  // namespace

std::string grouped(double value, int decimals, NumberStyle style) {
    if (!std::isfinite(value)) return "n/a";
    std::string digits = fmt::format("{:.{}f}", std::abs(value), decimals);
    const auto point = digits.find('.');
    const std::string whole = digits.substr(0, point);
    std::string out;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) out += ',';
        out += whole[i];
    }
    if (point != std::string::npos) out += digits.substr(point);
    // "-0" after rounding is written 0.
    const bool negative = value < 0 && digits.find_first_not_of("0.") != std::string::npos;
    return (negative ? std::string(style.minus) : std::string()) + out;
}

double supported_step(double value, std::optional<double> low, std::optional<double> high) {
    double largest = std::abs(value);
    if (low) largest = std::max(largest, std::abs(*low));
    if (high) largest = std::max(largest, std::abs(*high));
    if (!std::isfinite(largest) || largest == 0) return 1;
    double step = std::pow(10.0, std::floor(std::log10(largest)) - 2);  // three significant figures
    if (low && high && *high > *low) step = std::max(step, std::pow(10.0, std::floor(std::log10((*high - *low) / 20))));
    return step;
}

std::string money(double value, double step, NumberStyle style) {
    if (!std::isfinite(value)) return "n/a";
    // The unit from the value as it will be shown: 999,600 to the thousand is "1.00m", not "1000k".
    const double size = std::abs(round_to(value, std::max(step, std::abs(value) >= 9.995e5 ? 1e4 : 1.0)));
    if (size == 0) return std::string(style.currency) + "0";
    // The unit, then one rounding to the coarser of the step and the last digit shown.
    const auto in_units = [&](double unit, const char* suffix) {
        const int decimals = decimals_for_step(step / unit, unit >= 1e6 ? 2 : 1);
        const double r = round_to(value, std::max(step, unit * std::pow(10.0, -decimals)));
        return signed_text(r, fmt::format("{:.{}f}{}", std::abs(r) / unit, decimals, suffix), style);
    };
    if (size >= 1e6) return in_units(1e6, "m");
    if (size >= 1e4 || step >= 1e3) return in_units(1e3, "k");
    return signed_text(value, grouped(std::abs(round_to(value, step)), decimals_for_step(step, 2), style), style);
}

std::string count(double value, double step, NumberStyle style) {
    if (!std::isfinite(value)) return "n/a";
    return grouped(round_to(value, step), decimals_for_step(step, 2), style);
}

std::string significant(double value, NumberStyle style) {
    if (!std::isfinite(value)) return "n/a";
    const double size = std::abs(value);
    if (size >= 1000) return grouped(value, 0, style);
    if (size == 0) return "0";
    const int decimals = std::max(0, 2 - static_cast<int>(std::floor(std::log10(size))));
    std::string text = grouped(value, decimals, style);
    if (text.find('.') != std::string::npos) {
        text.erase(text.find_last_not_of('0') + 1);
        if (text.back() == '.') text.pop_back();
    }
    return text;
}

std::string interval_text(std::optional<double> low, std::optional<double> high, const std::function<std::string(double)>& write) {
    if (!low || !high || *low == *high) return "";
    return write(*low) + " to " + write(*high);
}

std::string percent(double share, NumberStyle style) {
    if (!std::isfinite(share)) return "n/a";
    const double p = 100 * share;
    const bool fine = p != 0 && p != 100 && (std::abs(p) < 1 || std::abs(p) > 99);
    return grouped(p, fine ? 1 : 0, style) + "%";
}

}  // namespace pcnsim
