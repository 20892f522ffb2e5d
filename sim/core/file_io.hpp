#pragma once
// Writing files and folders, the one way every writer of pcnsim does it: a file is written under a
// temporary name beside its place, every write checked, closed (checked) and renamed into place, so
// that a full disk, a read-only folder or an interruption never leaves a file that looks complete.
// Every failure is an IoError naming the path and the operating system's reason, which the command
// line turns into one message and exit code 1.
#include <fmt/format.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pcnsim {

// "<path>: <what>: <reason>", e.g. "out/timeseries.csv: cannot write: No space left on device".
class IoError : public std::runtime_error {
public:
    IoError(std::filesystem::path path, std::string what, std::string reason, std::string note = {});
    const std::filesystem::path& path() const { return path_; }
    // The same failure shown at another path (an output folder's own name for its temporary one),
    // or with a sentence added (what was kept for a rerun).
    IoError shown_at(const std::filesystem::path& path) const { return {path, what_, reason_, note_}; }
    IoError with_note(const std::string& note) const { return {path_, what_, reason_, note}; }

private:
    std::filesystem::path path_;
    std::string what_, reason_, note_;
};

// Why a path that should be a readable file is not one: "" when it is a regular file, else "file not
// found", "is a folder, expected a file" or the operating system's reason.
std::string not_a_file(const std::filesystem::path& path);

// A hidden name beside `path` for work in progress, unique to this process: ".<name>.<what>-<pid>".
std::filesystem::path temporary_beside(const std::filesystem::path& path, const char* what);

// A file being written. Nothing is visible at `path` until close() succeeds; destroyed unclosed (an
// exception on the way), the temporary is removed and nothing is thrown. A folder at `path` is
// InputError (sim/core/problems.hpp): the flag that named it must change.
class OutputFile {
public:
    explicit OutputFile(std::filesystem::path path);
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    template <typename... T>
    void print(fmt::format_string<T...> format, T&&... args) {
        fmt::format_to(fmt::appender(buffer_), format, std::forward<T>(args)...);
        if (buffer_.size() >= kFlushAt) flush();
    }
    void write(std::string_view bytes);
    // Writes what is buffered, closes and renames the file into place. Throws IoError.
    void close();

private:
    static constexpr std::size_t kFlushAt = 1 << 16;
    void flush();
    void write_all(const char* bytes, std::size_t n);
    [[noreturn]] void fail(int error);
    std::filesystem::path path_, tmp_;
    int fd_ = -1;
    fmt::memory_buffer buffer_;
};

// A whole file at once, atomically as above.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

// create_directories, rename and the listing of a folder, throwing IoError.
void create_folders(const std::filesystem::path& path);
void rename_path(const std::filesystem::path& from, const std::filesystem::path& to);
// Every regular file under `folder`, as relative paths with '/' separators, sorted.
std::vector<std::string> files_under(const std::filesystem::path& folder);
// For temporaries on a path that is already failing: removes what it can and never throws.
void remove_quietly(const std::filesystem::path& path) noexcept;

// Test-only: the writes of OutputFile fail with `error` once `after_bytes` more bytes have been
// written (a short write first, as a filling disk does). nullopt switches it off.
struct WriteFault {
    std::uint64_t after_bytes = 0;
    int error = 0;
};
void inject_write_fault(std::optional<WriteFault> fault);

}  // namespace pcnsim
