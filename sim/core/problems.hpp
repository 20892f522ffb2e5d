#pragma once
// Input problems are values, not exceptions: loaders collect every problem they find so a user
// fixes a file in one pass, and the CLI turns a non-empty list into exit code 2.
#include <algorithm>
#include <string>
#include <vector>

namespace pcnsim {

struct Problem {
    std::string file;   // path as the user gave it
    int line = 0;       // 1-based; 0 when the problem has no line (e.g. missing file)
    std::string key;    // dotted key, column name or flag
    std::string message;

    std::string to_string() const {
        std::string s;
        s.reserve(file.size() + key.size() + message.size() + 16);
        s.append(file);
        if (line > 0) s.append(":").append(std::to_string(line));
        s.append(": ");
        if (!key.empty()) s.append(key).append(": ");
        s.append(message);
        return s;
    }
};

using Problems = std::vector<Problem>;

// Warnings: inputs that are legitimate but suspicious. Unlike problems they stop nothing; each is
// printed once on stderr and recorded in the output folder's manifest.json ("warnings").
// Appends the warnings of `more` not already in `into`, in order (compared scenarios share inputs).
inline void add_warnings(std::vector<std::string>& into, const std::vector<std::string>& more) {
    for (const auto& w : more)
        if (std::find(into.begin(), into.end(), w) == into.end()) into.push_back(w);
}

// Thrown only at the boundary (CLI) when a loader returned problems.
struct InputError {
    Problems problems;
};

}  // namespace pcnsim
