// The layers of docs/architecture.md: each folder includes only from folders below it, so that the
// folder names tell the shape and no cycle comes back unnoticed.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

namespace fs = std::filesystem;

namespace {

// Rank of each folder: an include must not go to a higher rank. viz reads output folders only, so it
// may include the core, the statistics and the output formats, and no model folder.
const std::map<std::string, int> kRank = {
    {"sim/core", 0}, {"sim/stats", 1}, {"sim/scenario", 2}, {"sim/population", 3}, {"sim/network", 4},
    {"sim/processes", 5}, {"sim/engine", 6}, {"sim/output", 7}, {"sim/calibration", 8}, {"sim/validation", 8}, {"viz", 9}, {"sim/cli", 10},
};
const std::set<std::string> kVizMayInclude = {"sim/core", "sim/stats", "sim/output", "viz"};

std::string folder_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "" : path.substr(0, slash);
}

}  // namespace

TEST_CASE("layers: every include of sim/ and viz/ goes to the same folder or one below it") {
    const fs::path root(PCNSIM_SOURCE_DIR);
    // Without std::regex: GCC 12 reports a false -Wmaybe-uninitialized inside <regex> under the sanitizers.
    const auto included = [](const std::string& line) -> std::string {
        const std::string prefix = "#include \"";
        if (line.rfind(prefix, 0) != 0) return {};
        const auto end = line.find('"', prefix.size());
        const std::string path = line.substr(prefix.size(), end == std::string::npos ? std::string::npos : end - prefix.size());
        return path.rfind("sim/", 0) == 0 || path.rfind("viz/", 0) == 0 ? path : std::string{};
    };
    int files = 0, includes = 0;
    for (const auto& top : {"sim", "viz"})
        for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
            const auto ext = entry.path().extension();
            if (ext != ".cpp" && ext != ".hpp") continue;
            ++files;
            const std::string from = folder_of(fs::relative(entry.path(), root).string());
            REQUIRE_MESSAGE(kRank.count(from), "folder without a layer: ", from);
            std::ifstream in(entry.path());
            std::string line;
            while (std::getline(in, line)) {
                const std::string path = included(line);
                if (path.empty()) continue;
                ++includes;
                const std::string to = folder_of(path);
                CAPTURE(entry.path().string());
                CAPTURE(line);
                REQUIRE_MESSAGE(kRank.count(to), "include of a folder without a layer: ", to);
                CHECK(kRank.at(to) <= kRank.at(from));
                if (from == "viz") CHECK(kVizMayInclude.count(to) == 1);
            }
        }
    CHECK(files > 50);
    CHECK(includes > 100);
}
