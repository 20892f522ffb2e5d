// Every bad input kept under tests/bad_inputs (its README says how to add one) is refused the way a
// user needs: the exit code of the case (1 or 2, never 0, never a signal), a message naming the file
// or flag at fault, and no output folder or temporary file left behind.
#include "tests/cli/cli_helpers.hpp"

using namespace pcnsim_cli_test;

namespace {

const fs::path kCases = kSourceDir / "tests/bad_inputs";

struct BadInput {
    std::string name;
    std::vector<std::string> args;
    int exit_code = -1;
    std::vector<std::string> stderr_texts;
    std::vector<std::string> names;  // files outside the case (shipped data) that the message may name instead
};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) text.replace(pos, from.size(), to);
    return text;
}

std::string with_placeholders(const std::string& text) {
    return replace_all(replace_all(text, "{source}", kSourceDir.string()), "{out}", "out");
}

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

// Reads <case>/case.txt; a malformed one fails the test rather than being skipped.
BadInput read_case(const fs::path& folder) {
    BadInput c;
    c.name = folder.filename().string();
    for (const auto& line : lines_of(read_file(folder / "case.txt"))) {
        if (line.empty() || line[0] == '#') continue;
        const auto colon = line.find(": ");
        REQUIRE_MESSAGE(colon != std::string::npos, folder.string(), "/case.txt: a line without 'key: ': ", line);
        const std::string key = line.substr(0, colon), value = line.substr(colon + 2);
        if (key == "args") c.args = words(with_placeholders(value));
        else if (key == "exit") c.exit_code = std::stoi(value);
        else if (key == "stderr") c.stderr_texts.push_back(value);
        else if (key == "names") c.names.push_back(value);
        else FAIL(folder.string(), "/case.txt: unknown key ", key);
    }
    REQUIRE_MESSAGE(!c.args.empty(), c.name, ": no args");
    REQUIRE_MESSAGE((c.exit_code == 1 || c.exit_code == 2), c.name, ": exit must be 1 or 2");
    REQUIRE_MESSAGE(!c.stderr_texts.empty(), c.name, ": no stderr text to check");
    return c;
}

// Copies the case's input files into `into`, with {source} in each replaced by the checkout.
void copy_inputs(const fs::path& folder, const fs::path& into) {
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        const auto relative = fs::relative(entry.path(), folder);
        if (relative == "case.txt") continue;
        if (entry.is_directory()) fs::create_directories(into / relative);
        else write_file(into / relative, replace_all(read_file(entry.path()), "{source}", kSourceDir.string()));
    }
}

// The names a message can point the user at: the case's files and folders, and the flags it used.
bool names_a_file_or_flag(const std::string& message, const fs::path& folder, const BadInput& c) {
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        if (entry.path().filename() != "case.txt" && message.find(entry.path().filename().string()) != std::string::npos) return true;
    for (const auto& a : c.args)
        if (a.rfind("--", 0) == 0 && message.find(a) != std::string::npos) return true;
    for (const auto& name : c.names)
        if (message.find(name) != std::string::npos) return true;
    return message.find(c.args.front()) != std::string::npos;  // an unknown command names itself
}

std::vector<std::string> temporaries_in(const fs::path& dir) {
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.path().filename().string().find(".tmp") != std::string::npos) found.push_back(entry.path().string());
    return found;
}

}  // namespace

TEST_CASE("bad inputs: every case in tests/bad_inputs exits 1 or 2 naming what is wrong - never a signal") {
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(kCases))
        if (entry.is_directory()) folders.push_back(entry.path());
    std::sort(folders.begin(), folders.end());
    // The cases below were written for issue 17; fewer means some were lost.
    REQUIRE(folders.size() >= 20);
    for (const auto& folder : folders) {
        const auto c = read_case(folder);
        CAPTURE(c.name);
        TempDir tmp;
        copy_inputs(folder, tmp.path());
        const auto r = run_pcnsim(tmp, c.args);
        CHECK_MESSAGE(!r.signalled, describe(r));
        CHECK_MESSAGE(r.exit_code == c.exit_code, describe(r));
        for (const auto& text : c.stderr_texts)
            CHECK_MESSAGE(r.err.find(with_placeholders(text)) != std::string::npos, "expected on stderr: ", text, "\n", describe(r));
        CHECK_MESSAGE(names_a_file_or_flag(r.err, folder, c), "the message names no file or flag of the case\n", describe(r));
        CHECK_MESSAGE(!fs::exists(tmp / "out"), "an output folder was left\n", describe(r));
        const auto left = temporaries_in(tmp.path());
        CHECK_MESSAGE(left.empty(), "temporary files left: ", left.empty() ? "" : left.front());
    }
}
