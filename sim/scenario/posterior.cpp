#include "sim/scenario/posterior.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <optional>

#include "sim/core/csv_table.hpp"
#include "sim/core/digest.hpp"
#include "sim/core/file_text.hpp"
#include "sim/core/rng.hpp"
#include "sim/scenario/parameters.hpp"

namespace pcnsim {
namespace fs = std::filesystem;
namespace {

// The parameter columns (everything after sample and weight) by declared name; unknown names get a
// "did you mean". Duplicates were already reported by CsvTable, so only the first copy is kept.
void parameter_columns(const CsvTable& t, PosteriorSamples& p, std::vector<int>& columns, FileProblems& problems) {
    const auto& header = t.header();
    for (std::size_t c = 0; c < header.size(); ++c) {
        const std::string& name = header[c];
        if (name == "sample" || name == "weight" || t.column(name) != static_cast<int>(c)) continue;
        const int index = Parameters::index_of(name);
        if (index < 0) {
            problems.add(t.header_line(), name, unknown_parameter_message(name));
            continue;
        }
        p.names.push_back(name);
        p.indices.push_back(index);
        columns.push_back(static_cast<int>(c));
    }
    const bool only_sample_and_weight = std::all_of(header.begin(), header.end(), [](const auto& h) { return h == "sample" || h == "weight"; });
    if (only_sample_and_weight) problems.add(t.header_line(), "", "no parameter columns: expected sample, weight, then one column per parameter");
}

std::optional<double> weight_of(const CsvTable& t, int column, FileProblems& problems) {
    double w = 0;
    const std::string error = parse_real(t[column], w);
    if (!error.empty()) problems.add(t.line(), "weight", error);
    else if (w < 0) problems.add(t.line(), "weight", fmt::format("{} is negative; weights must be 0 or more", w));
    return error.empty() && w >= 0 ? std::optional(w) : std::nullopt;
}

std::optional<int> sample_of(const CsvTable& t, int column, FileProblems& problems) {
    std::uint64_t v = 0;
    const std::string error = parse_whole(t[column], INT_MAX, v);
    if (!error.empty()) problems.add(t.line(), "sample", error);
    return error.empty() ? std::optional(static_cast<int>(v)) : std::nullopt;
}

// One parameter value: a number inside the parameter's declared range (the model is only defined there).
std::optional<double> value_of(const CsvTable& t, int column, const std::string& name, int index, FileProblems& problems) {
    double v = 0;
    const std::string error = parse_real(t[column], v);
    if (!error.empty()) {
        problems.add(t.line(), name, error);
        return std::nullopt;
    }
    const auto& decl = parameter_declarations()[static_cast<std::size_t>(index)];
    if (v < decl.min || v > decl.max) {
        problems.add(t.line(), name, fmt::format("{} is outside the parameter's declared range [{}, {}]", v, decl.min, decl.max));
        return std::nullopt;
    }
    return v;
}

// Reads one row into p; false (with every problem of the row reported) when any field is bad.
bool read_row(const CsvTable& t, int sample, int weight, const std::vector<int>& columns, PosteriorSamples& p, FileProblems& problems) {
    const auto s = sample_of(t, sample, problems);
    const auto w = weight_of(t, weight, problems);
    std::vector<double> row;
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (const auto v = value_of(t, columns[i], p.names[i], p.indices[i], problems)) row.push_back(*v);
    if (!s || !w || row.size() != columns.size()) return false;
    p.samples.push_back(*s);
    p.weights.push_back(*w);
    p.rows.push_back(std::move(row));
    return true;
}

// The manifest `pcnsim calibrate` writes beside posterior.csv records the file's SHA-256; the digest
// recorded there for a file of another name is not this file's. Nothing when there is none.
std::optional<std::string> recorded_digest(const fs::path& posterior) {
    const auto manifest = file_text(posterior.parent_path() / "manifest.json");
    if (!manifest) return std::nullopt;
    const auto m = nlohmann::json::parse(*manifest, nullptr, false);
    if (m.is_discarded() || !m.contains("posterior") || !m["posterior"].is_object()) return std::nullopt;
    const auto& entry = m["posterior"];
    if (entry.value("file", "") != posterior.filename().string() || !entry.contains("sha256") || !entry["sha256"].is_string())
        return std::nullopt;
    return entry["sha256"].get<std::string>();
}

// A posterior changed since calibrate wrote it is refused. One with no calibration manifest beside it
// (written by hand, or copied out of its folder) is legitimate but unchecked: a warning says so.
void check_digest(PosteriorSamples& p, FileProblems& problems) {
    const auto text = read_file_text(p.path);
    if (!text.ok()) return problems.add(0, "", text.error);
    p.bytes = text.text.size();
    p.digest = sha256_hex(text.text);
    const auto recorded = recorded_digest(p.path);
    if (!recorded)
        p.warnings.push_back(fmt::format("{}: no manifest.json of `pcnsim calibrate` beside it records this file's digest, so it "
                                         "cannot be checked for changes since it was written",
                                         p.path));
    else if (*recorded != p.digest)
        problems.add(0, "", fmt::format("the file was changed since `pcnsim calibrate` wrote it: its SHA-256 does not match the one "
                                        "recorded in {}; run the calibration again, or remove the manifest to use the file as it is",
                                        (fs::path(p.path).parent_path() / "manifest.json").string()));
}

}  // namespace

bool PosteriorSamples::sets(int index) const { return std::find(indices.begin(), indices.end(), index) != indices.end(); }

PosteriorSamples load_posterior(const std::string& path, Problems& out) {
    const std::size_t before = out.size();
    FileProblems problems(path, out);
    CsvTable t(path, problems);
    if (!t.ok()) return {};
    const int sample = t.require("sample"), weight = t.require("weight");
    PosteriorSamples p;
    p.path = path;
    std::vector<int> columns;
    parameter_columns(t, p, columns, problems);
    // The rows are checked even after a header problem (an unknown column), so one pass shows every
    // problem; without sample or weight there is nothing to check them against.
    if (sample < 0 || weight < 0) return {};
    while (t.next_row()) read_row(t, sample, weight, columns, p, problems);
    check_digest(p, problems);
    double total = 0;
    for (const double w : p.weights) total += w;
    if (out.size() == before && p.rows.empty()) problems.add(0, "", "the file has no samples");
    else if (out.size() == before && !(total > 0)) problems.add(0, "weight", "every weight is 0; at least one must be positive");
    if (out.size() != before) return {};
    for (double& w : p.weights) w /= total;
    return p;
}

std::vector<int> resample_posterior(const std::vector<double>& weights, std::uint64_t seed, int draws) {
    std::vector<double> cumulative(weights.size());
    double sum = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) cumulative[i] = sum += weights[i];
    // Rounding can leave u * sum at or past the last boundary: that belongs to the last row with weight.
    std::size_t last = weights.size();
    while (last > 0 && !(weights[last - 1] > 0)) --last;
    if (last == 0) return {};
    std::vector<int> rows;
    rows.reserve(static_cast<std::size_t>(std::max(draws, 0)));
    for (int k = 0; k < draws; ++k) {
        Draws d(RunKey{seed, 0}, static_cast<std::uint32_t>(k), 0, Stream::posterior);
        const double u = (k + d.uniform()) / draws * sum;
        const auto at = static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
        rows.push_back(static_cast<int>(std::min(at, last - 1)));
    }
    return rows;
}

}  // namespace pcnsim
