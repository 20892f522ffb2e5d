// Seeds the fuzz targets need the code for (fuzz/make_corpus.py runs it):
//   fuzz_seeds resume FOLDER   small partial runs as the engine serialises them, with the
//                              fingerprint fuzz_resume expects
//   fuzz_seeds keys FILE       a libFuzzer dictionary of the scenario's sections, keys and
//                              parameters as the modules declare them, and the metrics' names
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "fuzz/fuzz_input.hpp"
#include "fuzz/resume_fingerprint.hpp"
#include "sim/core/catalogue.hpp"
#include "sim/engine/partial_run.hpp"
#include "sim/scenario/parameters.hpp"

namespace {

pcnsim::RunResult partial_run(int replications, int weeks, int groups) {
    pcnsim::RunResult run;
    run.agents = 120;
    run.bytes_per_agent = 64;
    run.practice_list_sizes.assign(static_cast<std::size_t>(groups), 60);
    run.pcn_list_sizes = {static_cast<std::uint32_t>(60 * groups)};
    run.units_done.assign(static_cast<std::size_t>(replications) * 2, 0);
    if (!run.units_done.empty()) run.units_done.front() = 1;
    for (int r = 0; r < replications; ++r) {
        auto& rep = run.replications.emplace_back();
        rep.draw = r;
        rep.weeks.assign(static_cast<std::size_t>(weeks), std::vector<pcnsim::CounterSet>(static_cast<std::size_t>(groups)));
        for (auto& week : rep.weeks)
            for (auto& group : week) group.v[0] = 7 + r;
        rep.counterfactual_weeks = rep.weeks;
    }
    return run;
}

bool write_resume_seeds(const std::filesystem::path& folder) {
    std::filesystem::create_directories(folder);
    const struct {
        const char* name;
        int replications, weeks, groups;
    } seeds[] = {{"empty", 0, 0, 0}, {"one-week", 1, 1, 1}, {"two-replications", 2, 2, 1}, {"no-weeks", 1, 0, 2}};
    for (const auto& s : seeds) {
        std::ofstream out(folder / (std::string(s.name) + ".partial"), std::ios::binary);
        out << pcnsim::serialize_partial_run(partial_run(s.replications, s.weeks, s.groups), pcnsim::fuzz::kResumeFingerprint);
        if (!out) return false;
    }
    return true;
}

// One dictionary entry: printable ASCII as it is, anything else and quotes as \xNN.
std::string entry(std::string_view text) {
    std::string out = "\"";
    for (const unsigned char c : text) {
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') out += static_cast<char>(c);
        else {
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02X", c);
            out += hex;
        }
    }
    return out + "\"\n";
}

bool write_keys(const std::filesystem::path& file) {
    using pcnsim::catalogue;
    std::ofstream out(file);
    for (const auto text : {"extends = ", "name = ", "description = ", "[parameters]", "true", "false", "\"f1.toml\"", "#set\n"})
        out << entry(text);
    out << entry(pcnsim::fuzz::kFileSeparator);
    for (const auto& section : catalogue().sections()) {
        out << entry("[" + std::string(section.name) + "]");
        for (const auto& key : section.keys) {
            out << entry(std::string(key.name) + " = ");
            out << entry(std::string(section.name) + "." + std::string(key.name) + "=");
        }
    }
    for (const auto& p : pcnsim::parameter_declarations()) out << entry("\"" + std::string(p.name) + "\" = ") << entry(p.name);
    for (const auto& m : catalogue().metrics()) out << entry(m.name);
    return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string_view mode = argc == 3 ? argv[1] : "";
    if (mode == "resume") return write_resume_seeds(argv[2]) ? 0 : 1;
    if (mode == "keys") return write_keys(argv[2]) ? 0 : 1;
    std::fprintf(stderr, "usage: fuzz_seeds resume FOLDER | fuzz_seeds keys FILE\n");
    return 2;
}
