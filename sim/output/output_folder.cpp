#include "sim/output/output_folder.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "sim/core/file_io.hpp"
#include "sim/core/file_text.hpp"

namespace pcnsim {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kExtraFilesNamed = 5;

// The files an earlier run listed in the folder's manifest (none if it has no readable manifest).
std::set<std::string> listed_files(const fs::path& dir) {
    const auto text = file_text(dir / "manifest.json");
    if (!text) return {};
    const auto manifest = nlohmann::json::parse(*text, nullptr, false);
    std::set<std::string> listed;
    if (manifest.is_object() && manifest.contains("files") && manifest["files"].is_array())
        for (const auto& f : manifest["files"])
            if (f.is_string()) listed.insert(f.get<std::string>());
    return listed;
}

// --force deletes the folder: only if everything in it is pcnsim's.
void check_only_ours(const OutputOptions& options, const fs::path& dir) {
    const auto listed = listed_files(dir);
    std::vector<std::string> extra;
    for (const auto& f : files_under(dir))
        if (!listed.count(f)) extra.push_back(f);
    if (extra.empty()) return;
    const std::size_t named = std::min(extra.size(), kExtraFilesNamed);
    const std::string more = extra.size() > named ? fmt::format(" and {} more", extra.size() - named) : "";
    throw OutputRefused(fmt::format("{}: --force replaces only the files pcnsim wrote (listed in the folder's manifest.json), and the folder "
                                    "holds {} other file(s): {}{}; move them away or choose another --out",
                                    options.dir, extra.size(), fmt::join(extra.begin(), extra.begin() + static_cast<long>(named), ", "), more));
}

// Moves the complete new folder into place; an earlier one goes aside first and is deleted only
// once the new one is in place, so a failure leaves it as it was.
void move_into_place(const fs::path& tmp, const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(dir, ec))) return rename_path(tmp, dir);
    const fs::path old = temporary_beside(dir, "old");
    remove_quietly(old);
    rename_path(dir, old);
    try {
        rename_path(tmp, dir);
    } catch (...) {
        fs::rename(old, dir, ec);
        throw;
    }
    remove_quietly(old);
}

// A failure inside the temporary folder, shown where the file would have been.
IoError shown_in_output(const IoError& e, const fs::path& tmp, const std::string& dir) {
    const auto relative = e.path().lexically_relative(tmp);
    if (relative.empty() || *relative.begin() == "..") return e;
    return e.shown_at(relative == "." ? fs::path(dir) : fs::path(dir) / relative);
}

}  // namespace

fs::path output_path(const std::string& dir) {
    fs::path p = fs::absolute(dir).lexically_normal();
    if (!p.has_filename()) p = p.parent_path();  // "out/" and "." name the folder itself
    return p;
}

void check_output_folder(const OutputOptions& options) {
    const fs::path dir = output_path(options.dir);
    std::error_code ec;
    const fs::path cwd = fs::weakly_canonical(fs::current_path(ec), ec);
    const fs::path target = fs::weakly_canonical(dir, ec);
    const auto [end, _] = std::mismatch(target.begin(), target.end(), cwd.begin(), cwd.end());
    if (dir == dir.root_path() || end == target.end())
        throw OutputRefused(fmt::format("{}: refusing to write outputs over the working folder or a folder containing it", options.dir));
    const auto status = fs::status(dir, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) throw IoError(options.dir, "cannot inspect the output folder", ec.message());
    if (!fs::exists(status)) return;
    if (!fs::is_directory(status))
        throw OutputRefused(fmt::format("{}: is a file, not a folder; pcnsim does not replace a file with an output folder, even with --force",
                                        options.dir));
    if (!options.force) throw OutputRefused(fmt::format("{}: output folder exists; use --force to replace it", options.dir));
    check_only_ours(options, dir);
}

void record_files_in_manifest(const fs::path& folder) {
    const auto manifest_file = folder / "manifest.json";
    const auto read = read_file_text(manifest_file);
    if (!read.ok()) throw IoError(manifest_file, "cannot read", read.error);
    auto manifest = nlohmann::ordered_json::parse(read.text);
    auto files = files_under(folder);
    if (std::find(files.begin(), files.end(), "manifest.json") == files.end()) files.push_back("manifest.json");
    manifest["files"] = files;
    write_file_atomically(manifest_file, manifest.dump(2) + "\n");
}

void write_folder_atomically(const OutputOptions& options, const std::function<void(const fs::path&)>& write_files) {
    check_output_folder(options);
    const fs::path dir = output_path(options.dir);
    const fs::path tmp = temporary_beside(dir, "tmp");
    create_folders(dir.parent_path());
    remove_quietly(tmp);
    try {
        create_folders(tmp);
        write_files(tmp);
        if (fs::exists(tmp / "manifest.json")) record_files_in_manifest(tmp);
        move_into_place(tmp, dir);
    } catch (const IoError& e) {
        remove_quietly(tmp);
        throw shown_in_output(e, tmp, options.dir);
    } catch (const std::exception& e) {
        remove_quietly(tmp);
        throw std::runtime_error(fmt::format("{}: writing outputs failed: {}", options.dir, e.what()));
    } catch (...) {
        remove_quietly(tmp);
        throw;
    }
}

}  // namespace pcnsim
