#include "sim/output/output_folder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <unistd.h>

namespace pcnsim {
namespace fs = std::filesystem;

fs::path output_path(const std::string& dir) {
    fs::path p = fs::absolute(dir).lexically_normal();
    if (!p.has_filename()) p = p.parent_path();  // "out/" and "." name the folder itself
    return p;
}

void check_output_folder(const OutputOptions& options) {
    const fs::path dir = output_path(options.dir);
    std::error_code ec;
    const fs::path cwd = fs::weakly_canonical(fs::current_path(), ec);
    const fs::path target = fs::weakly_canonical(dir, ec);
    const auto [end, _] = std::mismatch(target.begin(), target.end(), cwd.begin(), cwd.end());
    if (dir == dir.root_path() || end == target.end())
        throw std::runtime_error(fmt::format("{}: refusing to write outputs over the working folder or a folder containing it",
                                             options.dir));
    if (fs::exists(dir) && !options.force)
        throw std::runtime_error(fmt::format("{}: output folder exists; use --force to replace it", options.dir));
    // --force replaces an earlier run's folder (it has a manifest) or an empty one, nothing else.
    if (fs::exists(dir) && !(fs::is_directory(dir) && (fs::exists(dir / "manifest.json") || fs::is_empty(dir))))
        throw std::runtime_error(
            fmt::format("{}: exists and is not a pcnsim output folder; --force replaces only earlier outputs", options.dir));
}

void write_folder_atomically(const OutputOptions& options, const std::function<void(const fs::path&)>& write_files) {
    check_output_folder(options);
    const fs::path dir = output_path(options.dir);
    const fs::path tmp = dir.parent_path() / fmt::format(".{}.tmp-{}", dir.filename().string(), ::getpid());
    std::error_code ec;
    fs::create_directories(dir.parent_path(), ec);
    fs::remove_all(tmp, ec);
    if (!fs::create_directory(tmp, ec))
        throw std::runtime_error(fmt::format("{}: cannot create output folder ({})", options.dir, ec.message()));
    try {
        write_files(tmp);
    } catch (const std::exception& e) {
        fs::remove_all(tmp, ec);
        throw std::runtime_error(fmt::format("{}: writing outputs failed: {}", options.dir, e.what()));
    }
    if (fs::exists(dir)) fs::remove_all(dir);
    fs::rename(tmp, dir);
}

}  // namespace pcnsim
