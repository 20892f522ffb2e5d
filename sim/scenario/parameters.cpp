#include "sim/scenario/parameters.hpp"

#include "sim/core/catalogue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace pcnsim {

namespace {
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1u : 0u)});
            diagonal = above;
        }
    }
    return row[b.size()];
}
}  // namespace

Parameters::Parameters() {
    for (const auto& d : parameter_declarations()) values_.push_back(d.default_value);
}

int Parameters::index_of(std::string_view name) { return catalogue().parameter_index(name); }

const std::vector<ParameterDeclaration>& parameter_declarations() { return catalogue().parameters(); }

// Parameters made before a module was registered hold fewer values than its catalogue declares.
void Parameters::check_made_after(int index, std::string_view name) const {
    if (static_cast<std::size_t>(index) >= values_.size())
        throw std::logic_error(fmt::format("parameter '{}' belongs to a module registered after these parameters were made", name));
}

double Parameters::get(std::string_view name) const {
    const int i = index_of(name);
    if (i < 0) throw std::logic_error(fmt::format("undeclared parameter '{}'", name));
    check_made_after(i, name);
    return values_[static_cast<std::size_t>(i)];
}

void Parameters::set(std::string_view name, double value) {
    const int i = index_of(name);
    if (i < 0) throw std::logic_error(fmt::format("undeclared parameter '{}'", name));
    check_made_after(i, name);
    values_[static_cast<std::size_t>(i)] = value;
}

std::vector<std::string> closest_names(std::string_view name, const std::vector<std::string>& known,
                                       std::size_t at_most) {
    std::vector<std::pair<std::size_t, std::string>> scored;
    const std::size_t close_enough = std::max<std::size_t>(3, name.size() / 3);
    const auto tail = [](std::string_view s) { return s.substr(s.rfind('.') + 1); };
    const std::string_view name_tail = tail(name);  // once: a damaged name may be megabytes long
    for (const auto& k : known) {
        // A shared last segment ("base_rate_per_year") is a strong hint even when prefixes differ.
        if (name_tail == tail(k)) {
            scored.emplace_back(std::min<std::size_t>(edit_distance(name, k), 2), k);
            continue;
        }
        // The distance is at least the difference in length: a name far longer than any known one
        // (a damaged file's megabyte of text) is compared in no time.
        const std::size_t longer = std::max(name.size(), k.size()), shorter = std::min(name.size(), k.size());
        if (longer - shorter > close_enough) continue;
        const std::size_t d = edit_distance(name, k);
        if (d <= close_enough) scored.emplace_back(d, k);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < scored.size() && i < at_most; ++i) out.push_back(scored[i].second);
    return out;
}

std::string unknown_parameter_message(std::string_view name) {
    std::vector<std::string> known;
    for (const auto& d : parameter_declarations()) known.emplace_back(d.name);
    const auto close = closest_names(name, known, 1);
    return close.empty() ? "unknown parameter" : "unknown parameter; did you mean '" + close.front() + "'?";
}

}  // namespace pcnsim
