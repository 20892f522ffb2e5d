// Output folders (sim/output/output_folder.hpp): written whole or not at all, --force replacing only
// what pcnsim wrote (the files its manifest lists), an earlier folder surviving a failed rewrite.
#include <doctest/doctest.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "sim/core/file_io.hpp"
#include "sim/core/file_text.hpp"
#include "sim/output/output_folder.hpp"
#include "tests/temp_dir.hpp"

using pcnsim::OutputOptions;
using pcnsim::testing::TempDir;
namespace fs = std::filesystem;

namespace {

// A folder of two files and a manifest, as a command writes one.
void write_two_files(const fs::path& folder, const std::string& content) {
    pcnsim::write_file_atomically(folder / "summary.csv", content);
    pcnsim::create_folders(folder / "scenario");
    pcnsim::write_file_atomically(folder / "scenario" / "timeseries.csv", std::string(200000, 'x'));
    pcnsim::write_file_atomically(folder / "manifest.json", "{\"completed\": true}\n");
}

std::string refusal(const OutputOptions& options) {
    try {
        pcnsim::check_output_folder(options);
    } catch (const pcnsim::OutputRefused& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("output folder: the manifest lists every file written and --force may replace exactly those") {
    TempDir tmp;
    const OutputOptions options{.dir = (tmp / "out").string(), .force = true};
    pcnsim::write_folder_atomically(options, [](const fs::path& f) { write_two_files(f, "first\n"); });
    const auto manifest = nlohmann::json::parse(pcnsim::read_file_text(tmp / "out" / "manifest.json").text);
    CHECK(manifest["completed"] == true);  // the command's own keys are kept
    CHECK(manifest["files"] == nlohmann::json{"manifest.json", "scenario/timeseries.csv", "summary.csv"});
    CHECK(refusal(options).empty());
    pcnsim::write_folder_atomically(options, [](const fs::path& f) { write_two_files(f, "second\n"); });
    CHECK(pcnsim::read_file_text(tmp / "out" / "summary.csv").text == "second\n");
    CHECK(tmp.entries() == std::vector<std::string>{"out"});  // no temporary or earlier folder left
}

TEST_CASE("output folder: --force refuses a folder holding files pcnsim did not write and names them") {
    TempDir tmp;
    const OutputOptions options{.dir = (tmp / "out").string(), .force = true};
    pcnsim::write_folder_atomically(options, [](const fs::path& f) { write_two_files(f, "first\n"); });
    tmp.write("out/notes.txt", "mine\n");
    CHECK(refusal(options) == options.dir + ": --force replaces only the files pcnsim wrote (listed in the folder's manifest.json), and the "
                                            "folder holds 1 other file(s): notes.txt; move them away or choose another --out");
    for (int i = 0; i < 7; ++i) tmp.write(fmt::format("out/extra-{}.txt", i), "mine\n");
    CHECK(refusal(options).find("holds 8 other file(s): extra-0.txt, extra-1.txt, extra-2.txt, extra-3.txt, extra-4.txt and 3 more;") !=
          std::string::npos);
    // A folder without a manifest is not pcnsim's; an empty one may be used.
    fs::create_directories(tmp / "theirs");
    tmp.write("theirs/data.csv", "1\n");
    CHECK(refusal({.dir = (tmp / "theirs").string(), .force = true}).find("holds 1 other file(s): data.csv") != std::string::npos);
    fs::create_directories(tmp / "empty");
    CHECK(refusal({.dir = (tmp / "empty").string(), .force = true}).empty());
}

TEST_CASE("output folder: an existing file as the folder is refused even with --force") {
    TempDir tmp;
    const auto file = tmp.write("results", "a file\n");
    for (const bool force : {false, true})
        CHECK(refusal({.dir = file.string(), .force = force}) ==
              file.string() + ": is a file, not a folder; pcnsim does not replace a file with an output folder, even with --force");
    CHECK(pcnsim::read_file_text(file).text == "a file\n");
}

TEST_CASE("output folder: a full disk leaves the earlier folder as it was and no temporary folder") {
    TempDir tmp;
    const OutputOptions options{.dir = (tmp / "out").string(), .force = true};
    pcnsim::write_folder_atomically(options, [](const fs::path& f) { write_two_files(f, "first\n"); });
    std::string message;
    pcnsim::inject_write_fault(pcnsim::WriteFault{100000, ENOSPC});  // within the second file
    try {
        pcnsim::write_folder_atomically(options, [](const fs::path& f) { write_two_files(f, "second\n"); });
    } catch (const pcnsim::IoError& e) {
        message = e.what();
    }
    pcnsim::inject_write_fault(std::nullopt);
    // Named where the file would have been, not in the hidden temporary folder.
    CHECK(message == (tmp / "out" / "scenario" / "timeseries.csv").string() + ": cannot write: No space left on device");
    CHECK(tmp.entries() == std::vector<std::string>{"out"});
    CHECK(pcnsim::read_file_text(tmp / "out" / "summary.csv").text == "first\n");
    CHECK(pcnsim::files_under(tmp / "out") == std::vector<std::string>{"manifest.json", "scenario/timeseries.csv", "summary.csv"});
}

TEST_CASE("output folder: record_files_in_manifest lists a file added later") {
    TempDir tmp;
    const OutputOptions options{.dir = (tmp / "out").string(), .force = true};
    pcnsim::write_folder_atomically(options, [](const fs::path& f) { write_two_files(f, "first\n"); });
    tmp.write("out/report.html", "<html></html>\n");
    CHECK_FALSE(refusal(options).empty());
    pcnsim::record_files_in_manifest(tmp / "out");
    CHECK(refusal(options).empty());
}
