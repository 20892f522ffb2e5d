// Typed values of a scenario file, the problems they raise, and the one check for unknown keys.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "sim/core/file_io.hpp"
#include "sim/scenario/parameters.hpp"
#include "sim/scenario/scenario_reader.hpp"

namespace pcnsim::scenario_reader {
namespace fs = std::filesystem;

std::string type_name(const toml::node& n) {
    switch (n.type()) {
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::array: return "an array";
        case toml::node_type::table: return "a table";
        default: return "a date/time";
    }
}

void ReadContext::problem(const toml::node& n, const std::string& key, const std::string& message) {
    // A --set override is one line of its own: no line number to point at.
    const int line = origin_.is_command_line ? 0 : static_cast<int>(n.source().begin.line);
    problems_.push_back({origin_.file, line, key, message});
}

void ReadContext::unknown_key(const toml::node& n, const std::string& key, const std::vector<std::string>& known,
                              std::string_view prefix) {
    const std::string leaf = key.substr(std::min(prefix.size(), key.size()));
    std::string message = "unknown key";
    const auto close = closest_names(leaf, known);
    if (!close.empty()) message += "; did you mean '" + std::string(prefix) + close.front() + "'?";
    problem(n, key, message);
}

void ReadContext::record(const std::string& key) { scenario_.overrides.emplace_back(key, origin_.file); }

void ReadContext::note_origin(const toml::node& n, const std::string& key) {
    origins_[key] = {origin_.file, origin_.is_command_line ? 0 : static_cast<int>(n.source().begin.line), key, ""};
}

const Problem* ReadContext::origin_of(const std::string& key) const {
    const auto it = origins_.find(key);
    return it == origins_.end() ? nullptr : &it->second;
}

std::optional<std::int64_t> ReadContext::integer(const toml::node& n, const std::string& k, std::int64_t lo, std::int64_t hi) {
    if (!n.is_integer()) {
        problem(n, k, "expected an integer, got " + type_name(n));
        return std::nullopt;
    }
    const auto v = *n.value<std::int64_t>();
    if (!std::isfinite(static_cast<double>(v)) || v < lo || v > hi) {
        problem(n, k, fmt::format("{} is out of range [{}, {}]", v, lo, hi));
        return std::nullopt;
    }
    record(k);
    return v;
}

std::optional<double> ReadContext::number(const toml::node& n, const std::string& k, double lo, double hi) {
    if (!(n.is_integer() || n.is_floating_point())) {
        problem(n, k, "expected a number, got " + type_name(n));
        return std::nullopt;
    }
    const double v = *n.value<double>();
    if (!std::isfinite(static_cast<double>(v)) || v < lo || v > hi) {
        problem(n, k, fmt::format("{:g} is out of range [{:g}, {:g}]", v, lo, hi));
        return std::nullopt;
    }
    record(k);
    return v;
}

std::optional<int> ReadContext::choice(const toml::node& n, const std::string& k, std::initializer_list<const char*> options) {
    std::string list;
    int index = 0;
    for (const char* o : options) list += (list.empty() ? "" : ", ") + fmt::format("\"{}\"", o);
    if (n.is_string()) {
        const auto v = *n.value<std::string>();
        for (const char* o : options) {
            if (v == o) {
                record(k);
                return index;
            }
            ++index;
        }
    }
    problem(n, k, "expected one of " + list);
    return std::nullopt;
}

const Problem* ReadContext::later_origin(const std::string& a, const std::string& b) const {
    const Problem* pa = origin_of(a);
    const Problem* pb = origin_of(b);
    if (!pa || !pb) return pa ? pa : pb;
    const auto& files = scenario_.files;  // the chain, root first; --set is not among them and comes last
    const auto rank = [&files](const Problem* p) { return std::make_pair(std::find(files.begin(), files.end(), p->file) - files.begin(), p->line); };
    return rank(pa) > rank(pb) ? pa : pb;
}

void ReadContext::problem_at(const Problem& origin, const std::string& message) {
    problems_.push_back({origin.file, origin.line, origin.key, message});
}

void ReadContext::set_int(const toml::node& n, const std::string& k, int& target, std::int64_t lo, std::int64_t hi) {
    if (auto v = integer(n, k, lo, hi)) target = static_cast<int>(*v);
}

void ReadContext::set_double(const toml::node& n, const std::string& k, double& target, double lo, double hi) {
    if (auto v = number(n, k, lo, hi)) target = *v;
}

void ReadContext::set_bool(const toml::node& n, const std::string& k, bool& target) {
    if (!n.is_boolean()) return problem(n, k, "expected true or false, got " + type_name(n));
    target = *n.value<bool>();
    record(k);
}

void ReadContext::set_path(const toml::node& n, const std::string& k, std::string& target, bool must_exist) {
    if (!n.is_string()) return problem(n, k, "expected a file path (string), got " + type_name(n));
    const fs::path p = fs::path(origin_.base_dir) / *n.value<std::string>();
    if (const auto why = must_exist ? not_a_file(p) : ""; !why.empty()) return problem(n, k, why + ": " + p.lexically_normal().string());
    target = p.lexically_normal().string();
    record(k);
}

void ReadContext::set_string(const toml::node& n, const std::string& k, std::string& target) {
    if (!n.is_string()) return problem(n, k, "expected a string, got " + type_name(n));
    target = *n.value<std::string>();
}

void check_known_keys(const toml::table& section, std::string_view section_name,
                      const std::vector<std::string_view>& known_keys, ReadContext& ctx, const KeyReader& read_known) {
    const std::string prefix = std::string(section_name) + ".";
    for (auto&& [key, value] : section) {
        const std::string dotted_key = prefix + std::string(key.str());
        if (std::find(known_keys.begin(), known_keys.end(), key.str()) != known_keys.end()) {
            ctx.note_origin(value, dotted_key);
            read_known(key.str(), value, dotted_key);
            continue;
        }
        const std::vector<std::string> hints(known_keys.begin(), known_keys.end());
        ctx.unknown_key(value, dotted_key, hints, prefix);
    }
}

void unread_known_key(const std::string& dotted_key) {
    throw std::logic_error("scenario key '" + dotted_key + "' is in its section's list of known keys but has no reader");
}

}  // namespace pcnsim::scenario_reader
