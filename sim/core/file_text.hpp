#pragma once
// A small file's whole content (scenario and config files, resume files), or why it cannot be read.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace pcnsim {

// The text, or the operating system's reason it cannot be read ("Permission denied", "Is a
// directory", "No such file or directory") in `error`: a file that cannot be read must never pass
// for an empty one.
struct FileText {
    std::string text = {};
    std::string error = {};
    bool ok() const { return error.empty(); }
};

inline FileText read_file_text(const std::filesystem::path& path) {
    errno = 0;
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) return {{}, std::strerror(errno)};
    FileText out;
    char buffer[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) out.text.append(buffer, n);
    // fopen succeeds on a directory; reading it is what fails (EISDIR).
    if (std::ferror(file.get())) return {{}, std::strerror(errno != 0 ? errno : EIO)};
    return out;
}

// The content, or nothing when it cannot be read (a resume file that is absent).
inline std::optional<std::string> file_text(const std::filesystem::path& path) {
    auto read = read_file_text(path);
    if (!read.ok()) return std::nullopt;
    return std::move(read.text);
}

}  // namespace pcnsim
