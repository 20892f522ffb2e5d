#pragma once
// Helpers for the end-to-end tests that run the real pcnsim binary (tests/cli/test_cli.cpp):
// a private temporary folder per test, a way to run the binary with stdout and stderr captured to
// files, and small file and text utilities. POSIX only (fork/exec, waitpid).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <functional>
#include <cstdio>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/temp_dir.hpp"

namespace pcnsim_cli_test {

namespace fs = std::filesystem;

inline const std::string kBinary = PCNSIM_BINARY;
inline const fs::path kSourceDir = PCNSIM_SOURCE_DIR;
inline const fs::path kSmall = kSourceDir / "scenarios/tests/small.toml";
inline const fs::path kSmallFiles = kSourceDir / "scenarios/tests/small-practice-files.toml";
inline const fs::path kBaseline = kSourceDir / "scenarios/baseline.toml";

inline std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

using pcnsim::testing::write_file;

inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// The parameters the break-even and tornado tests vary.
inline const std::string kGain = "activation.coaching_gain_completers";
inline const std::string kCausal = "activation.causal_share";

inline const fs::path kSmallCoaching = kSourceDir / "scenarios/tests/small-coaching.toml";

// The fields of one line of our CSV outputs (quoted fields may hold commas).
inline std::vector<std::string> fields(const std::string& line) {
    std::vector<std::string> out;
    std::string field;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) out.push_back(field), field.clear();
        else field += c;
    }
    out.push_back(field);
    return out;
}

// measure -> value text of the whole-run rows of an economics.csv.
inline std::map<std::string, std::string> economics_of(const fs::path& file) {
    std::map<std::string, std::string> values;
    for (const auto& line : lines_of(read_file(file))) {
        const auto f = fields(line);
        if (f.size() == 9 && f[2] == "all") values[f[1]] = f[4];
    }
    return values;
}

inline std::string first_line(const fs::path& p) {
    const auto lines = lines_of(read_file(p));
    return lines.empty() ? std::string() : lines.front();
}

// `text` with its first decimal digit after `after` changed (9 becomes 8, any other digit d becomes d + 1):
// what a hand edit or a flipped bit does to a saved file.
inline std::string with_one_digit_changed(std::string text, const std::string& after = "") {
    const auto from = after.empty() ? 0 : text.find(after);
    REQUIRE(from != std::string::npos);
    const auto at = text.find_first_of("0123456789", from + after.size());
    REQUIRE(at != std::string::npos);
    text[at] = text[at] == '9' ? '8' : static_cast<char>(text[at] + 1);
    return text;
}

inline std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + needle.size())) ++n;
    return n;
}

using pcnsim::testing::TempDir;

struct Outcome {
    int exit_code = -1;  // the child's own exit status; 128 + signal if it was killed by a signal
    bool signalled = false;
    std::string out;
    std::string err;
    std::string command;  // for failure messages
};

inline std::string describe(const Outcome& o) {
    return fmt::format("command: {}\nexit code: {}{}\n--- stdout ---\n{}\n--- stderr ---\n{}", o.command, o.exit_code,
                       o.signalled ? " (killed by a signal)" : "", o.out, o.err);
}

// Forks and execs pcnsim with `args` in folder `cwd`, stdout and stderr going to files in `tmp`.
// Returns the child's pid (the caller waits).
inline pid_t spawn(const std::vector<std::string>& args, const fs::path& cwd, const fs::path& out_file,
                   const fs::path& err_file, const std::string& program = kBinary) {
    std::vector<std::string> argv_storage{program};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string cwd_s = cwd.string(), out_s = out_file.string(), err_s = err_file.string();
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        // Child: only async-signal-safe calls until exec.
        const int out_fd = ::open(out_s.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err_fd = ::open(err_s.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int null_fd = ::open("/dev/null", O_RDONLY);
        if (out_fd < 0 || err_fd < 0 || null_fd < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0 ||
            ::dup2(null_fd, 0) < 0 || ::chdir(cwd_s.c_str()) != 0)
            ::_exit(127);
        ::signal(SIGINT, SIG_DFL);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    REQUIRE_MESSAGE(pid > 0, "fork failed");
    return pid;
}

inline int exit_code_of(int status, bool& signalled) {
    signalled = WIFSIGNALED(status);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

inline std::string command_text(const std::vector<std::string>& args, const fs::path& cwd, const std::string& program = kBinary) {
    std::string s = fmt::format("(cd {} && {}", cwd.string(), program);
    for (const auto& a : args) s.append(" '").append(a).append("'");
    return s.append(")");
}

// Runs a program (pcnsim, or mpiexec running pcnsim) to completion. `cwd` defaults to the temporary folder, so anything written by
// default (out/<name>) stays inside it.
inline Outcome run_program(const TempDir& tmp, const std::string& program, const std::vector<std::string>& args, const fs::path& cwd = {}) {
    static int counter = 0;
    const int n = counter++;
    const fs::path dir = cwd.empty() ? tmp.path() : cwd;
    const fs::path out_file = tmp.path().parent_path() / fmt::format("{}.out{}", tmp.path().filename().string(), n);
    const fs::path err_file = tmp.path().parent_path() / fmt::format("{}.err{}", tmp.path().filename().string(), n);
    Outcome o;
    o.command = command_text(args, dir, program);
    const pid_t pid = spawn(args, dir, out_file, err_file, program);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) FAIL("waitpid failed");
    }
    o.exit_code = exit_code_of(status, o.signalled);
    o.out = read_file(out_file);
    o.err = read_file(err_file);
    std::error_code ec;
    fs::remove(out_file, ec);
    fs::remove(err_file, ec);
    return o;
}

inline Outcome run_pcnsim(const TempDir& tmp, const std::vector<std::string>& args, const fs::path& cwd = {}) {
    return run_program(tmp, kBinary, args, cwd);
}

// True once process `pid` is pcnsim itself (not the forked copy of the test process) and has
// installed its own SIGINT handler (bit in SigCgt of /proc/PID/status): pcnsim does that only
// after the scenario has loaded, just before the simulation starts.
inline bool has_sigint_handler(pid_t pid) {
    std::error_code ec;
    const auto exe = fs::read_symlink(fmt::format("/proc/{}/exe", pid), ec);
    if (ec || exe != fs::canonical(kBinary, ec)) return false;
    std::ifstream in(fmt::format("/proc/{}/status", pid));
    for (std::string line; std::getline(in, line);)
        if (line.rfind("SigCgt:", 0) == 0) {
            const auto mask = std::stoull(line.substr(7), nullptr, 16);
            return ((mask >> (SIGINT - 1)) & 1U) != 0;
        }
    return false;
}

// Waits for `pid` for at most `seconds`; false (and the status untouched) if it is still running.
inline bool wait_for(pid_t pid, double seconds, int& status) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) return true;
        if (r < 0 && errno != EINTR) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

// Sends SIGINT to `pid` and waits up to `seconds` for it to stop (killing it and failing the test
// if it does not); returns its wait status.
inline int interrupt_and_wait(pid_t pid, double seconds) {
    int status = 0;
    REQUIRE(::kill(pid, SIGINT) == 0);
    if (!wait_for(pid, seconds, status)) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        FAIL("pcnsim did not stop within ", seconds, " s of SIGINT");
    }
    return status;
}

// Starts `args`, interrupts it with SIGINT once `ready(pid, stderr so far)` (by default: once pcnsim
// has installed its SIGINT handler, which it does once the scenario has loaded) and a little later,
// as a user would, and returns its exit code and stderr. The run must be long enough not to finish first.
using ReadyToInterrupt = std::function<bool(pid_t, const std::string&)>;
inline std::pair<int, std::string> interrupt_run(const TempDir& tmp, const std::vector<std::string>& args, const ReadyToInterrupt& ready = {},
                                                 int settle_ms = 300) {
    const fs::path out_file = tmp.path().parent_path() / (tmp.path().filename().string() + ".int-out");
    const fs::path err_file = tmp.path().parent_path() / (tmp.path().filename().string() + ".int-err");
    const pid_t pid = spawn(args, tmp.path(), out_file, err_file);
    const auto is_ready = [&] { return ready ? ready(pid, read_file(err_file)) : has_sigint_handler(pid); };
    int status = 0;
    bool exited = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!is_ready() && std::chrono::steady_clock::now() < deadline)
        if ((exited = wait_for(pid, 0.02, status))) break;
    REQUIRE_MESSAGE(!exited, "pcnsim finished before it could be interrupted: ", read_file(err_file));
    std::this_thread::sleep_for(std::chrono::milliseconds(settle_ms));
    status = interrupt_and_wait(pid, 60);
    bool signalled = false;
    const int code = exit_code_of(status, signalled);
    const std::string err = read_file(err_file);
    std::error_code ec;
    fs::remove(out_file, ec);
    fs::remove(err_file, ec);
    CHECK_MESSAGE(!signalled, "pcnsim was killed by the signal instead of stopping cleanly; stderr:\n", err);
    return {code, err};
}

// "" when equal; otherwise where two texts first differ, line by line, for failure messages.
inline std::string first_difference(const std::string& expected, const std::string& actual) {
    if (expected == actual) return "";
    const auto a = lines_of(expected), b = lines_of(actual);
    for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
        const std::string x = i < a.size() ? a[i] : std::string("<end of file>");
        const std::string y = i < b.size() ? b[i] : std::string("<end of file>");
        if (x != y) return fmt::format("first difference at line {}:\n  expected: {}\n  actual:   {}", i + 1, x, y);
    }
    return "the texts differ only in line endings or the final newline";
}

}  // namespace pcnsim_cli_test
