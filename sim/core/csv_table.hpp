#pragma once
// Reading CSV files whose columns are found by header name, one line at a time, with fccp's quoting
// rules (libfccp-dev). Malformed rows and missing columns become problems with file, line and key,
// at most kMaxProblemsPerFile per file. Used by the practice-file loaders and by the report, which
// reads pcnsim's own output folders.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/problems.hpp"

namespace io {
class LineReader;
}

namespace pcnsim {

inline constexpr std::size_t kMaxProblemsPerFile = 50;

// Items joined with ", " (fmt::join trips a GCC 12 -Wstringop-overflow false positive at -O3).
template <class Items>
std::string join(const Items& items) {
    std::string out;
    for (const auto& item : items) out.append(out.empty() ? "" : ", ").append(item);
    return out;
}

// Field values. Each returns an empty string on success, otherwise the message for the user.
std::string parse_whole(std::string_view text, std::uint64_t max, std::uint64_t& value);
std::string parse_real(std::string_view text, double& value);  // finite only

// One file's problems. Past the cap it adds a single note and asks the caller to stop: a wrong
// file (say, another publication) would otherwise produce one problem per row.
class FileProblems {
public:
    FileProblems(std::string path, Problems& out) : path_(std::move(path)), out_(out) {}
    void add(int line, std::string key, std::string message);
    bool full() const { return count_ > kMaxProblemsPerFile; }
    std::size_t count() const { return count_; }

private:
    std::string path_;
    Problems& out_;
    std::size_t count_ = 0;
};

// A CSV file whose columns are found by header name, read one line at a time so a national file
// is streamed rather than held in memory.
class CsvTable {
public:
    CsvTable(const std::string& path, FileProblems& problems);
    ~CsvTable();
    bool ok() const { return !header_.empty(); }
    int header_line() const { return header_line_; }
    int line() const;
    std::string_view operator[](int column) const { return fields_[static_cast<std::size_t>(column)]; }
    const std::vector<std::string>& header() const { return header_; }

    int column(std::string_view name) const;
    // Like column(), but a missing column is a problem reported on the header line.
    int require(std::string_view name);
    bool next_row();

private:
    bool open(const std::string& path);
    void read_header();
    char* next_line();

    FileProblems& problems_;
    std::unique_ptr<io::LineReader> reader_;
    std::vector<std::string> header_;
    std::vector<std::string_view> fields_;
    int header_line_ = 0;
    bool ended_ = false;
    bool failed_ = false;  // a read error, already reported, ended the file
};

}  // namespace pcnsim
