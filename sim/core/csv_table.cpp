#include "sim/core/csv_table.hpp"

// fccp's error types copy file names with strncpy; once inlined into an optimised build GCC 12 warns
// about it despite the system-header location, which would break -Werror release builds.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#endif
#include <libfccp/csv.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "sim/core/file_io.hpp"

namespace pcnsim {

std::string parse_whole(std::string_view text, std::uint64_t max, std::uint64_t& value) {
    if (text.empty()) return "is empty; expected a whole number";
    if (text.front() == '-') return fmt::format("'{}' is negative; expected a whole number of 0 or more", text);
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec == std::errc::result_out_of_range || (ec == std::errc{} && ptr == end && value > max)) {
        return fmt::format("'{}' is too large (at most {})", text, max);
    }
    if (ec != std::errc{} || ptr != end) return fmt::format("'{}' is not a whole number", text);
    return {};
}

std::string parse_real(std::string_view text, double& value) {
    if (text.empty()) return "is empty; expected a number";
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || !std::isfinite(value)) {
        return fmt::format("'{}' is not a number", text);
    }
    return {};
}

void FileProblems::add(int line, std::string key, std::string message) {
    if (count_ < kMaxProblemsPerFile) {
        out_.push_back({path_, line, std::move(key), std::move(message)});
    } else if (count_ == kMaxProblemsPerFile) {
        out_.push_back({path_, line, "", fmt::format("more than {} problems; the rest of this file was not checked", kMaxProblemsPerFile)});
    }
    ++count_;
}

namespace {
using Quote = io::double_quote_escape<',', '"'>;
using Trim = io::trim_chars<' ', '\t'>;

// Splits a line in place using fccp's quoting rules; false when a quoted field is never closed.
bool split_fields(char* line, std::vector<std::string_view>& fields) {
    fields.clear();
    try {
        while (line != nullptr) {
            char* begin = line;
            char* end = begin + (Quote::find_next_column_end(begin) - begin);
            line = *end == '\0' ? nullptr : end + 1;
            *end = '\0';
            Trim::trim(begin, end);
            Quote::unescape(begin, end);
            fields.emplace_back(begin, static_cast<std::size_t>(end - begin));
        }
    } catch (const io::error::escaped_string_not_closed&) {
        return false;
    }
    return true;
}

// fccp hands out lines as C strings, so a NUL byte would silently end a field ("12<NUL>3" read as
// 12). Each NUL is passed on as kNulMark instead, which the rows' checks report.
constexpr char kNulMark = '\x01';

class NulMarkingSource : public io::ByteSourceBase {
public:
    explicit NulMarkingSource(std::FILE* file) : file_(file) {}
    NulMarkingSource(const NulMarkingSource&) = delete;
    NulMarkingSource& operator=(const NulMarkingSource&) = delete;
    ~NulMarkingSource() override { std::fclose(file_); }
    int read(char* buffer, int size) override {
        const std::size_t n = std::fread(buffer, 1, static_cast<std::size_t>(size), file_);
        std::replace(buffer, buffer + n, '\0', kNulMark);
        return static_cast<int>(n);
    }

private:
    std::FILE* file_;
};

// The first field holding a NUL byte, or -1.
int field_with_nul(const std::vector<std::string_view>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].find(kNulMark) != std::string_view::npos) return static_cast<int>(i);
    return -1;
}

constexpr const char* kNulMessage = "contains a NUL byte: the file is damaged or is not text";

}  // namespace

CsvTable::CsvTable(const std::string& path, FileProblems& problems) : problems_(problems) {
    if (open(path)) read_header();
}

CsvTable::~CsvTable() = default;

int CsvTable::line() const { return static_cast<int>(reader_->get_file_line()); }

int CsvTable::column(std::string_view name) const {
    const auto it = std::find(header_.begin(), header_.end(), name);
    return it == header_.end() ? -1 : static_cast<int>(it - header_.begin());
}

int CsvTable::require(std::string_view name) {
    const int index = column(name);
    if (index < 0)
        problems_.add(header_line_, std::string(name), fmt::format("required column is missing from the header (columns found: {})", join(header_)));
    return index;
}

bool CsvTable::open(const std::string& path) {
    if (const auto why = not_a_file(path); !why.empty()) {
        problems_.add(0, "", why);
        return false;
    }
    errno = 0;
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        problems_.add(0, "", std::strerror(errno));
        return false;
    }
    try {
        reader_ = std::make_unique<io::LineReader>(path, std::make_unique<NulMarkingSource>(file));
    } catch (const io::error::base& e) {
        problems_.add(0, "", e.what());
        return false;
    }
    return true;
}

void CsvTable::read_header() {
    char* text = next_line();
    if (text == nullptr) {
        if (!failed_) problems_.add(0, "", "file is empty; expected a header line");
        return;
    }
    header_line_ = line();
    if (!split_fields(text, fields_)) {
        problems_.add(header_line_, "", "the header has a quoted name that is never closed");
        return;
    }
    if (const int bad = field_with_nul(fields_); bad >= 0) {
        problems_.add(header_line_, "", fmt::format("column {} of the header {}", bad + 1, kNulMessage));
        return;
    }
    for (const std::string_view name : fields_) {
        if (column(name) >= 0) {
            problems_.add(header_line_, std::string(name), "column appears more than once in the header");
        }
        header_.emplace_back(name);
    }
}

// Next non-blank line; a line beyond fccp's length limit ends the file with a problem.
char* CsvTable::next_line() {
    if (ended_) return nullptr;
    try {
        char* text = nullptr;
        do {
            text = reader_->next_line();
        } while (text != nullptr && *text == '\0');
        ended_ = text == nullptr;
        return text;
    } catch (const io::error::base& e) {
        ended_ = failed_ = true;
        problems_.add(line(), "", e.what());
        return nullptr;
    }
}

bool CsvTable::next_row() {
    while (!problems_.full()) {
        char* text = next_line();
        if (text == nullptr) return false;
        if (!split_fields(text, fields_)) {
            problems_.add(line(), "", "a quoted field is never closed");
        } else if (fields_.size() != header_.size()) {
            problems_.add(line(), "",
                          fmt::format("row has {} fields but the header has {}", fields_.size(), header_.size()));
        } else if (const int bad = field_with_nul(fields_); bad >= 0) {
            problems_.add(line(), header_[static_cast<std::size_t>(bad)], kNulMessage);
        } else {
            return true;
        }
    }
    return false;
}


}  // namespace pcnsim
