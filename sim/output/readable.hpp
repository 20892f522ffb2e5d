#pragma once
// Numbers for people (the report and the terminal tables), as opposed to format.hpp's numbers for
// files: thousands separated, money rounded to what the runs can support, shares as percentages,
// and a reason instead of a dash where a value is undefined.
#include <functional>
#include <optional>
#include <string>

namespace pcnsim {

// How signs and currency are written: the report uses the pound sign and a true minus sign (easier
// to see in front of a number); the terminal writes plain ASCII so that columns stay aligned.
struct NumberStyle {
    const char* currency = "";
    const char* minus = "-";
};
inline constexpr NumberStyle kHtmlStyle{"\u00a3", "\u2212\u2060"};  // a word joiner keeps the sign on the line of its number
inline constexpr NumberStyle kTextStyle{"", "-"};
inline constexpr NumberStyle kTerminalStyle{"\u00a3", "-"};  // sentences on a terminal: the pound sign, a plain minus

// `decimals` places with thousands separators: "-1,234.5".
std::string grouped(double value, int decimals = 0, NumberStyle style = kTextStyle);

// The rounding step the runs support for `value`: a twentieth of the interval's width rounded down
// to a power of ten (a wide interval makes the last digits noise), and never finer than three
// significant figures. Without an interval (or a zero-width one) three significant figures.
double supported_step(double value, std::optional<double> low = std::nullopt, std::optional<double> high = std::nullopt);

// Money rounded to `step` and written short: "£450", "£96k", "−£1.2m" (k from 10,000 up or when the
// step is a thousand or more, m from a million up), with as many decimals as the step needs.
std::string money(double value, double step, NumberStyle style = kTextStyle);

// A count rounded to `step`, thousands separated.
std::string count(double value, double step, NumberStyle style = kTextStyle);

// Three significant figures, thousands separated, no trailing zeros: "0.0123", "4", "47,458".
std::string significant(double value, NumberStyle style = kTextStyle);

// "low to high" of an interval, each end written as its value is; empty where there is no interval
// (an end missing, or runs that do not differ).
std::string interval_text(std::optional<double> low, std::optional<double> high, const std::function<std::string(double)>& write);

// A share as a percentage: "92%"; below 1% and above 99% with one decimal so that 0.4% is not "0%".
std::string percent(double share, NumberStyle style = kTextStyle);

}  // namespace pcnsim
