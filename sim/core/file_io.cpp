#include "sim/core/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

#include "sim/core/problems.hpp"

namespace pcnsim {
namespace fs = std::filesystem;
namespace {

std::string message_of(const fs::path& path, const std::string& what, const std::string& reason, const std::string& note) {
    std::string m = path.string() + ": " + what;
    if (!reason.empty()) m += ": " + reason;
    if (!note.empty()) m += "; " + note;
    return m;
}

// The injected fault (test-only): bytes left before writes fail, or -1 when off.
std::atomic<std::int64_t> g_fault_bytes{-1};
std::atomic<int> g_fault_error{0};

// How many of `n` bytes may be written now, or 0 with errno set when the injected fault is due.
std::size_t allowed(std::size_t n) {
    std::int64_t left = g_fault_bytes.load();
    while (left >= 0) {
        const auto take = static_cast<std::int64_t>(std::min<std::uint64_t>(n, static_cast<std::uint64_t>(left)));
        if (take == 0) {
            errno = g_fault_error.load();
            return 0;
        }
        if (g_fault_bytes.compare_exchange_weak(left, left - take)) return static_cast<std::size_t>(take);
    }
    return n;
}

}  // namespace

IoError::IoError(fs::path path, std::string what, std::string reason, std::string note)
    : std::runtime_error(message_of(path, what, reason, note)), path_(std::move(path)), what_(std::move(what)), reason_(std::move(reason)),
      note_(std::move(note)) {}

std::string not_a_file(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return errno == ENOENT ? "file not found" : std::strerror(errno);
    if (S_ISDIR(st.st_mode)) return "is a folder, expected a file";
    if (!S_ISREG(st.st_mode)) return "is not a regular file";
    return "";
}

fs::path temporary_beside(const fs::path& path, const char* what) {
    return path.parent_path() / fmt::format(".{}.{}-{}", path.filename().string(), what, ::getpid());
}

OutputFile::OutputFile(fs::path path) : path_(std::move(path)) {
    // A flag naming a folder for a file to write: bad input (exit code 2), not a failure to write.
    if (std::error_code ec; fs::is_directory(path_, ec)) throw InputError{{{path_.string(), 0, "", not_a_file(path_)}}};
    tmp_ = temporary_beside(path_, "tmp");
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd_ < 0) throw IoError(path_, "cannot write", std::strerror(errno));
}

OutputFile::~OutputFile() {
    if (fd_ < 0) return;
    ::close(fd_);
    ::unlink(tmp_.c_str());
}

void OutputFile::write(std::string_view bytes) {
    if (bytes.size() < kFlushAt) {
        buffer_.append(bytes.data(), bytes.data() + bytes.size());
        if (buffer_.size() >= kFlushAt) flush();
        return;
    }
    flush();  // a large block (a resume file) goes straight to the file, not through a copy
    write_all(bytes.data(), bytes.size());
}

void OutputFile::flush() {
    write_all(buffer_.data(), buffer_.size());
    buffer_.clear();
}

void OutputFile::write_all(const char* p, std::size_t left) {
    while (left > 0) {
        const std::size_t chunk = allowed(left);
        const ssize_t n = chunk == 0 ? -1 : ::write(fd_, p, chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(errno);
        if (n == 0) fail(ENOSPC);  // write() makes no progress only when the device is full
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

void OutputFile::fail(int error) {
    if (fd_ >= 0) ::close(std::exchange(fd_, -1));
    ::unlink(tmp_.c_str());
    throw IoError(path_, "cannot write", std::strerror(error));
}

void OutputFile::close() {
    flush();
    // close() reports what the file system deferred (quota, NFS); the rename publishes the file.
    if (::close(std::exchange(fd_, -1)) != 0 || ::rename(tmp_.c_str(), path_.c_str()) != 0) fail(errno);
}

void write_file_atomically(const fs::path& path, std::string_view bytes) {
    OutputFile file(path);
    file.write(bytes);
    file.close();
}

void create_folders(const fs::path& path) {
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) throw IoError(path, "cannot create the folder", ec.message());
    if (!fs::is_directory(path, ec)) throw IoError(path, "cannot create the folder", "a file of that name exists");
}

void rename_path(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    fs::rename(from, to, ec);
    if (ec) throw IoError(to, "cannot move " + from.string() + " here", ec.message());
}

std::vector<std::string> files_under(const fs::path& folder) {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        if (!it->is_directory(ec)) out.push_back(it->path().lexically_relative(folder).generic_string());
    if (ec) throw IoError(folder, "cannot list the folder", ec.message());
    std::sort(out.begin(), out.end());
    return out;
}

void remove_quietly(const fs::path& path) noexcept {
    std::error_code ec;
    fs::remove_all(path, ec);
}

void inject_write_fault(std::optional<WriteFault> fault) {
    g_fault_error.store(fault ? fault->error : 0);
    g_fault_bytes.store(fault ? static_cast<std::int64_t>(fault->after_bytes) : -1);
}

}  // namespace pcnsim
