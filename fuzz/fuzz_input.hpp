#pragma once
// What every fuzz target shares: an input split into files in a scratch folder of its own, and the
// contract a loader must keep whatever the bytes: return a value (with problems, each naming a file
// and saying something), or throw InputError, CannotResume or another std::runtime_error with a
// message. Anything else is a defect, and abort() makes libFuzzer keep the input.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/problems.hpp"

namespace pcnsim::fuzz {

namespace fs = std::filesystem;

// Files of one input are separated by this line, so one input can hold a scenario and the files it
// extends, or a sweep and its scenarios.
inline constexpr std::string_view kFileSeparator = "\n#~~~\n";

inline std::vector<std::string_view> split_files(std::string_view data, std::size_t max_files) {
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < max_files) {
        const auto at = data.find(kFileSeparator);
        if (at == std::string_view::npos) break;
        parts.push_back(data.substr(0, at));
        data.remove_prefix(at + kFileSeparator.size());
    }
    parts.push_back(data);
    return parts;
}

// The process's scratch folder, emptied for every input so no file of an earlier input is found.
class Scratch {
public:
    static Scratch& get() {
        static Scratch scratch;
        return scratch;
    }
    const fs::path& folder() const { return folder_; }
    void clear() {
        for (const auto& entry : fs::directory_iterator(folder_)) fs::remove_all(entry.path());
    }
    fs::path write(const std::string& name, std::string_view text) const {
        const auto path = folder_ / name;
        std::FILE* f = std::fopen(path.c_str(), "wb");
        if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fclose(f) != 0) {
            std::perror(path.c_str());
            std::abort();  // the harness, not the loader, failed: stop rather than report a false crash
        }
        return path;
    }

private:
    Scratch() {
        std::string pattern = (fs::temp_directory_path() / "pcnsim-fuzz-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) {
            std::perror("mkdtemp");
            std::abort();
        }
        folder_ = pattern;
        std::atexit([] { std::error_code ec; fs::remove_all(Scratch::get().folder_, ec); });
    }
    fs::path folder_;
};

// Lines of a file part beginning with "#set\n": --set overrides.
inline std::vector<std::string> set_overrides(std::vector<std::string_view>& parts) {
    constexpr std::string_view kSet = "#set\n";
    std::vector<std::string> sets;
    if (parts.size() < 2 || parts.back().substr(0, kSet.size()) != kSet) return sets;
    std::string_view lines = parts.back().substr(kSet.size());
    parts.pop_back();
    while (!lines.empty()) {
        const auto end = lines.find('\n');
        sets.emplace_back(lines.substr(0, end));
        lines.remove_prefix(end == std::string_view::npos ? lines.size() : end + 1);
    }
    return sets;
}

// An input of several files and --set overrides, as the scenario and calibration-config targets take
// it: the scratch folder emptied, each part written under name(i), the overrides returned.
template <class Name>
std::vector<std::string> write_input_files(const std::uint8_t* data, std::size_t size, std::size_t max_files, Name name) {
    auto& scratch = Scratch::get();
    scratch.clear();
    auto parts = split_files({reinterpret_cast<const char*>(data), size}, max_files);
    auto sets = set_overrides(parts);
    for (std::size_t i = 0; i < parts.size(); ++i) scratch.write(name(i), parts[i]);
    return sets;
}

[[noreturn]] inline void defect(const char* what) {
    std::fprintf(stderr, "fuzz: contract broken: %s\n", what);
    std::abort();
}

inline void check_problems(const Problems& problems) {
    for (const auto& p : problems)
        if (p.file.empty() || p.message.empty()) defect("a problem with no file or no message");
}

// Runs the loader and checks the contract.
template <class Load>
void expect_value_or_input_error(Load&& load) {
    try {
        load();
    } catch (const InputError& e) {
        if (e.problems.empty()) defect("InputError with no problem");
        check_problems(e.problems);
    } catch (const std::runtime_error& e) {
        if (std::string_view(e.what()).empty()) defect("std::runtime_error with no message");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz: unexpected exception: %s\n", e.what());
        defect("an exception other than InputError or std::runtime_error");
    } catch (...) {
        defect("a non-standard exception");
    }
}

}  // namespace pcnsim::fuzz
