// The one I/O layer (sim/core/file_io.hpp): every failure names the path and the operating system's
// reason, leaves no temporary file, and never damages the file that was there. A full disk is
// simulated with the layer's test-only fault injection (tests/cli/test_io_faults_cli.cpp uses a real
// full tmpfs).
#include <doctest/doctest.h>

#include <cerrno>
#include <string>

#include "sim/core/file_io.hpp"
#include "sim/core/file_text.hpp"
#include "sim/core/problems.hpp"
#include "tests/temp_dir.hpp"

using pcnsim::IoError;
using pcnsim::OutputFile;
using pcnsim::testing::TempDir;
namespace fs = std::filesystem;

namespace {

// Writes fail with ENOSPC after `bytes` more bytes, for the life of the guard.
struct DiskFullAfter {
    explicit DiskFullAfter(std::uint64_t bytes) { pcnsim::inject_write_fault(pcnsim::WriteFault{bytes, ENOSPC}); }
    ~DiskFullAfter() { pcnsim::inject_write_fault(std::nullopt); }
    DiskFullAfter(const DiskFullAfter&) = delete;
    DiskFullAfter& operator=(const DiskFullAfter&) = delete;
};

// The message of the IoError `write` throws, or "" when it throws none.
template <class F>
std::string io_error_of(F&& write) {
    try {
        write();
    } catch (const IoError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("file io: a write that fails part way names the path and the reason and leaves no file") {
    TempDir tmp;
    const fs::path file = tmp / "timeseries.csv";
    const std::string big(300000, 'x');  // past the buffer, so the failure comes from write() itself
    const std::string message = io_error_of([&] {
        const DiskFullAfter full(1000);
        OutputFile out(file);
        out.write(big);
        out.close();
    });
    CHECK(message == file.string() + ": cannot write: No space left on device");
    CHECK(tmp.entries().empty());  // neither the file nor its temporary
}

TEST_CASE("file io: a failure while closing (the last buffered bytes) leaves no file") {
    TempDir tmp;
    const std::string message = io_error_of([&] {
        const DiskFullAfter full(3);
        OutputFile out(tmp / "small.csv");
        out.print("{},{}\n", "a", 1);  // 4 bytes, still in the buffer
        out.close();
    });
    CHECK(message == (tmp / "small.csv").string() + ": cannot write: No space left on device");
    CHECK(tmp.entries().empty());
}

TEST_CASE("file io: a file that cannot be rewritten keeps its earlier content") {
    TempDir tmp;
    const fs::path file = tmp / "report.html";
    pcnsim::write_file_atomically(file, "earlier\n");
    const std::string message = io_error_of([&] {
        const DiskFullAfter full(2);
        pcnsim::write_file_atomically(file, "the new, longer content\n");
    });
    CHECK(message.find("No space left on device") != std::string::npos);
    CHECK(tmp.entries() == std::vector<std::string>{"report.html"});
    CHECK(pcnsim::read_file_text(file).text == "earlier\n");
}

TEST_CASE("file io: the fault hook counts bytes so a write just within the limit succeeds") {
    TempDir tmp;
    const DiskFullAfter full(8);
    pcnsim::write_file_atomically(tmp / "eight.txt", "12345678");
    CHECK(pcnsim::read_file_text(tmp / "eight.txt").text == "12345678");
    CHECK_FALSE(io_error_of([&] { pcnsim::write_file_atomically(tmp / "one.txt", "1"); }).empty());
}

TEST_CASE("file io: a file left unclosed by an exception is discarded") {
    TempDir tmp;
    try {
        OutputFile out(tmp / "half.csv");
        out.print("header\n");
        throw std::runtime_error("a writer failed half way");
    } catch (const std::runtime_error&) {
    }
    CHECK(tmp.entries().empty());
}

TEST_CASE("file io: a folder where a file is expected") {
    TempDir tmp;
    fs::create_directories(tmp / "posterior.csv");
    CHECK(pcnsim::not_a_file(tmp / "posterior.csv") == "is a folder, expected a file");
    CHECK(pcnsim::not_a_file(tmp / "absent.csv") == "file not found");
    CHECK(pcnsim::not_a_file(tmp.write("there.csv", "a\n")) == "");
    try {
        pcnsim::write_file_atomically(tmp / "posterior.csv", "x");
        FAIL("a folder was accepted as a file to write");
    } catch (const pcnsim::InputError& e) {
        REQUIRE(e.problems.size() == 1);
        CHECK(e.problems[0].to_string() == (tmp / "posterior.csv").string() + ": is a folder, expected a file");
    }
    CHECK(fs::is_directory(tmp / "posterior.csv"));
}

TEST_CASE("file io: a folder that vanishes while its file is written") {
    TempDir tmp;
    fs::create_directories(tmp / "gone");
    const std::string message = io_error_of([&] {
        OutputFile out(tmp / "gone" / "summary.csv");
        out.print("a,b\n");
        fs::remove_all(tmp / "gone");
        out.close();
    });
    CHECK(message == (tmp / "gone" / "summary.csv").string() + ": cannot write: No such file or directory");
    CHECK(tmp.entries().empty());
}

TEST_CASE("file io: folders that cannot be made name the path and the reason") {
    TempDir tmp;
    const auto file = tmp.write("a-file", "x");
    CHECK(io_error_of([&] { pcnsim::create_folders(file / "below"); }).find((file / "below").string() + ": cannot create the folder: ") == 0);
    CHECK(io_error_of([&] { pcnsim::rename_path(tmp / "absent", tmp / "there"); }).find("No such file or directory") != std::string::npos);
    pcnsim::remove_quietly(tmp / "absent");  // nothing to remove: no error
    CHECK(pcnsim::files_under(tmp.path()) == std::vector<std::string>{"a-file"});
}
