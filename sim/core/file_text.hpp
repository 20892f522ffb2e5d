#pragma once
// A small file's whole content (scenario and config files, resume files), or nothing when it cannot
// be opened.
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace pcnsim {

inline std::optional<std::string> file_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace pcnsim
