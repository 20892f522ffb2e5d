#include "sim/engine/partial_run.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstring>
#include <stdexcept>

#include "pcnsim_version.hpp"
#include "sim/core/digest.hpp"
#include "sim/core/file_io.hpp"
#include "sim/core/file_text.hpp"

namespace pcnsim {
namespace {

constexpr std::string_view kMagic = "pcnsim-partial-run 1\n";

// The counters of one arm of one replication slot, as raw native-endian words (same machine and
// build: the fingerprint carries the version).
void append_weeks(std::string& out, const std::vector<std::vector<CounterSet>>& weeks) {
    for (const auto& week : weeks)
        for (const auto& group : week) out.append(reinterpret_cast<const char*>(group.v.data()), sizeof(group.v));
}

void read_weeks(std::string_view& in, std::vector<std::vector<CounterSet>>& weeks, std::size_t n_weeks, std::size_t groups) {
    // Every run has at least one output group; the sizes come from the file, so they are checked
    // against the bytes left before anything is allocated (a product could wrap around).
    if (n_weeks > 0 && groups == 0) throw std::runtime_error("the file is damaged (weeks with no group)");
    if (groups > 0 && (groups > in.size() / sizeof(CounterSet::v) || n_weeks > in.size() / (groups * sizeof(CounterSet::v))))
        throw std::runtime_error("the file is truncated");
    weeks.assign(n_weeks, std::vector<CounterSet>(groups));
    for (auto& week : weeks)
        for (auto& group : week) {
            std::memcpy(group.v.data(), in.data(), sizeof(group.v));
            in.remove_prefix(sizeof(group.v));
        }
}

}  // namespace

std::string run_fingerprint(const Scenario& s) {
    nlohmann::ordered_json f;
    f["pcnsim"] = std::string(version) + " " + git_commit;
    f["name"] = s.name;
    f["files"] = s.files;
    f["text"] = s.text;
    nlohmann::ordered_json overrides = nlohmann::ordered_json::array();
    for (const auto& [key, where] : s.overrides)
        if (key != "run.threads" && key != "threads") overrides.push_back({key, where});
    f["overrides"] = overrides;
    f["run"] = {s.run.weeks, s.run.warmup_weeks, s.run.seed, s.run.replications, s.run.psa_draws};
    // The posterior's content, not its path: a changed file changes the draws; a moved one does not.
    // Absent without a posterior, so the fingerprints of other runs are unchanged.
    if (s.posterior) f["posterior"] = {s.posterior->bytes, s.posterior->digest};
    return f.dump();
}

std::string serialize_partial_run(const RunResult& run, const std::string& fingerprint) {
    nlohmann::ordered_json h;
    h["fingerprint"] = fingerprint;
    h["counters"] = kCounters;
    h["agents"] = run.agents;
    h["bytes_per_agent"] = run.bytes_per_agent;
    h["practice_list_sizes"] = run.practice_list_sizes;
    h["pcn_list_sizes"] = run.pcn_list_sizes;
    h["units_done"] = std::string(run.units_done.begin(), run.units_done.end());
    nlohmann::ordered_json slots = nlohmann::ordered_json::array();
    for (const auto& rep : run.replications)
        slots.push_back({rep.draw, rep.weeks.size(), rep.weeks.empty() ? 0 : rep.weeks.front().size(), rep.totals});
    h["slots"] = slots;
    const std::string header = h.dump();
    std::string out(kMagic);
    out += std::to_string(header.size()) + "\n" + header;
    for (const auto& rep : run.replications) append_weeks(out, rep.weeks), append_weeks(out, rep.counterfactual_weeks);
    return seal(std::move(out));
}

namespace {

// The header's size: the digits of the line after the magic line.
std::size_t read_header_size(std::string_view& in) {
    const auto newline = in.find('\n');
    if (newline == std::string_view::npos) throw std::runtime_error("the file is truncated");
    std::size_t size = 0;
    const auto digits = in.substr(0, newline);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size);
    if (ec != std::errc() || end != digits.data() + digits.size()) throw std::runtime_error("the file is damaged (header size)");
    in.remove_prefix(newline + 1);
    if (in.size() < size) throw std::runtime_error("the file is truncated");
    return size;
}

RunResult read_partial_run(std::string_view in, const std::string& fingerprint) {
    if (in.substr(0, kMagic.size()) != kMagic) throw std::runtime_error("not a pcnsim partial run");
    in.remove_prefix(kMagic.size());
    const std::size_t header_size = read_header_size(in);
    const auto h = nlohmann::json::parse(in.substr(0, header_size));
    in.remove_prefix(header_size);
    if (h.at("fingerprint").get<std::string>() != fingerprint)
        throw std::runtime_error("it belongs to another scenario, other settings or another pcnsim version");
    if (h.at("counters").get<std::size_t>() != kCounters) throw std::runtime_error("it was written by another pcnsim version");
    RunResult run;
    run.agents = h.at("agents").get<std::size_t>();
    run.bytes_per_agent = h.at("bytes_per_agent").get<std::size_t>();
    run.practice_list_sizes = h.at("practice_list_sizes").get<std::vector<std::uint32_t>>();
    run.pcn_list_sizes = h.at("pcn_list_sizes").get<std::vector<std::uint32_t>>();
    const auto done = h.at("units_done").get<std::string>();
    run.units_done.assign(done.begin(), done.end());
    for (const auto& slot : h.at("slots")) {
        auto& rep = run.replications.emplace_back();
        rep.draw = slot.at(0).get<int>();
        const auto weeks = slot.at(1).get<std::size_t>(), groups = slot.at(2).get<std::size_t>();
        rep.totals = slot.at(3).get<RunTotals>();
        read_weeks(in, rep.weeks, weeks, groups);
        read_weeks(in, rep.counterfactual_weeks, weeks, groups);
    }
    if (!in.empty()) throw std::runtime_error("the file has bytes past its end");
    return run;
}

}  // namespace

RunResult deserialize_partial_run(std::string_view sealed, const std::string& fingerprint) {
    // A damaged header is malformed JSON, a missing field or a value of the wrong type: all of them
    // mean the file cannot be used, which callers report as such (CannotResume), never a crash.
    // The digest is checked first, so a file changed after pcnsim wrote it is refused as such.
    try {
        return read_partial_run(unseal(sealed), fingerprint);
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(std::string("the file is damaged (") + e.what() + ")");
    }
}

RunResult units_only(const RunResult& run) {
    RunResult out;
    out.units_done = run.units_done;
    out.replications.resize(run.replications.size());
    for (std::size_t i = 0; i < run.replications.size(); ++i) out.replications[i].draw = run.replications[i].draw;
    out.practice_list_sizes.assign(run.practice_list_sizes.size(), 0);
    out.pcn_list_sizes.assign(run.pcn_list_sizes.size(), 0);
    return out;
}

std::filesystem::path resume_folder(const std::filesystem::path& output_folder) {
    return output_folder.parent_path() / (output_folder.filename().string() + ".resume");
}

std::filesystem::path resume_file(const std::filesystem::path& output_folder, std::size_t index) {
    return resume_folder(output_folder) / (std::to_string(index) + ".partial");
}

void save_resume_file(const std::filesystem::path& file, const std::string& bytes) {
    create_folders(file.parent_path());
    write_file_atomically(file, bytes);
}

std::optional<std::string> read_resume_file(const std::filesystem::path& file) { return file_text(file); }

void remove_resume_folder(const std::filesystem::path& output_folder) { remove_quietly(resume_folder(output_folder)); }

namespace {

IoError keeping_saved_state(const IoError& failure, const std::filesystem::path& output_folder) {
    const auto folder = resume_folder(output_folder);
    std::error_code ec;
    if (!std::filesystem::exists(folder, ec)) return failure;
    std::vector<std::string> saved;
    try {
        saved = files_under(folder);
    } catch (const IoError&) {
        return failure;
    }
    if (saved.empty()) {
        remove_quietly(folder);
        return failure;
    }
    return failure.with_note(fmt::format("the work already done is saved in {}: once the cause is fixed, repeat the command with --resume "
                                         "to continue from it",
                                         folder.string()));
}

}  // namespace

void keep_saved_state_on_failure(const std::filesystem::path& output_folder, const std::function<void()>& write) {
    try {
        write();
    } catch (const IoError& e) {
        throw keeping_saved_state(e, output_folder);
    }
}

}  // namespace pcnsim
