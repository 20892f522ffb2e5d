// I/O failures end to end (issue 17, items 1, 4 and 7): a full disk (a small tmpfs), a read-only
// file system, a file where a folder is expected and a folder where a file is expected. Each gives
// one message naming the path and the operating system's reason, exit code 1 (2 for a flag to
// change), no temporary file or folder, and leaves what was there before intact. The mounts need
// root (as in CI); elsewhere those tests say so and check nothing. SIGTERM's exit code is here too.
#include <doctest/doctest.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include "cli_helpers.hpp"

using namespace pcnsim_cli_test;

namespace {

using Strings = std::vector<std::string>;

// A tmpfs of `size` mounted on a new folder for the life of the object (read-only with `read_only`).
class Tmpfs {
public:
    Tmpfs(const fs::path& where, const char* size, bool read_only = false) : where_(where) {
        fs::create_directories(where_);
        mounted_ = ::mount("tmpfs", where_.c_str(), "tmpfs", read_only ? MS_RDONLY : 0, size) == 0;
        if (!mounted_) MESSAGE("skipped: cannot mount a tmpfs (", std::strerror(errno), "); run as root to test a full disk");
    }
    ~Tmpfs() {
        if (mounted_) ::umount2(where_.c_str(), MNT_DETACH);
    }
    Tmpfs(const Tmpfs&) = delete;
    Tmpfs& operator=(const Tmpfs&) = delete;
    bool mounted() const { return mounted_; }
    // Fills the file system but for about `left` bytes.
    void fill_leaving(std::uintmax_t left) const {
        struct statvfs s {};
        REQUIRE(::statvfs(where_.c_str(), &s) == 0);
        const std::uintmax_t free = static_cast<std::uintmax_t>(s.f_bavail) * s.f_frsize;
        REQUIRE(free > left);
        write_file(where_ / "filler", std::string(free - left, 'f'));
    }

private:
    fs::path where_;
    bool mounted_ = false;
};

Strings entries_of(const fs::path& dir) {
    Strings names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// Every file under `dir` with its content.
std::map<std::string, std::string> contents_of(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) files[e.path().lexically_relative(dir).string()] = read_file(e.path());
    return files;
}

// The checks every failure to write shares: exit code 1 and not a signal, the reason once, naming
// a path inside `out`; nothing left on the disk but the filler, `kept` and, only if the message
// says so, the saved state for --resume.
void check_failed_cleanly(const Outcome& o, const fs::path& disk, const fs::path& out, const std::string& reason, const Strings& kept) {
    CHECK_MESSAGE(o.exit_code == 1, describe(o));
    CHECK_FALSE(o.signalled);
    CHECK_MESSAGE(o.err.find(out.string()) != std::string::npos, describe(o));
    std::size_t errors = 0;  // warnings on the way (a calibration's checkpoint not saved) are not the error
    for (const auto& line : lines_of(o.err)) errors += line.find(reason) != std::string::npos && line.rfind("pcnsim: warning:", 0) != 0;
    CHECK_MESSAGE(errors == 1, describe(o));
    CHECK_MESSAGE(o.err.find("terminate called") == std::string::npos, describe(o));
    const auto resume = out.filename().string() + ".resume";
    for (const auto& name : entries_of(disk)) {
        if (name == "filler" || std::find(kept.begin(), kept.end(), name) != kept.end()) continue;
        const bool told = name == resume && o.err.find("repeat the command with --resume") != std::string::npos &&
                          !fs::is_empty(disk / name);
        CHECK_MESSAGE(told, "left behind: ", name, "\n", describe(o));
    }
}

// Runs `args`, writing to `out` on `disk`, with the disk full but for `left` bytes: it must fail
// cleanly and write no output folder.
void fails_on_full_disk(const TempDir& tmp, const Tmpfs& disk, std::uintmax_t left, const fs::path& out, const Strings& args) {
    disk.fill_leaving(left);
    const auto o = run_pcnsim(tmp, args);
    check_failed_cleanly(o, out.parent_path(), out, "No space left on device", {});
    CHECK_FALSE(fs::exists(out));
}

}  // namespace

TEST_CASE("cli io: a full disk fails run with exit code 1 naming the file and the earlier folder survives --force") {
    TempDir tmp;
    const Tmpfs disk(tmp / "disk", "size=4M");
    if (!disk.mounted()) return;
    const fs::path out = tmp / "disk" / "out";
    const auto first = run_pcnsim(tmp, {"run", kSmall.string(), "--quiet", "--weeks", "2", "--out", out.string()});
    REQUIRE_MESSAGE(first.exit_code == 0, describe(first));
    const auto before = contents_of(out);
    disk.fill_leaving(64 * 1024);  // the 26-week outputs need about 1 MB
    const auto full = run_pcnsim(tmp, {"run", kSmall.string(), "--quiet", "--force", "--out", out.string()});
    check_failed_cleanly(full, tmp / "disk", out, "No space left on device", {"out"});
    CHECK_MESSAGE(full.err.find(out.string() + "/") != std::string::npos, describe(full));  // the file, not just the folder
    CHECK(contents_of(out) == before);
}

TEST_CASE("cli io: a full disk fails compare with exit code 1 and keeps only saved runs it names") {
    TempDir tmp;
    const Tmpfs disk(tmp / "disk", "size=4M");
    if (!disk.mounted()) return;
    const fs::path out = tmp / "disk" / "cmp";
    fails_on_full_disk(tmp, disk, 96 * 1024, out, {"compare", kSmall.string(), kSmallCoaching.string(), "--quiet", "--out", out.string()});
}

TEST_CASE("cli io: a full disk fails calibrate with exit code 1 and leaves no temporary folder") {
    TempDir tmp;
    const Tmpfs disk(tmp / "disk", "size=4M");
    if (!disk.mounted()) return;
    const fs::path out = tmp / "disk" / "cal";
    const Strings args{"calibrate", (kSourceDir / "calibration/tests/small-hm.toml").string(), "--quiet", "--out", out.string()};
    fails_on_full_disk(tmp, disk, 8 * 1024, out, args);
    // The first wave's checkpoint (about 6 kB) fitted: kept, named, and --resume finishes from it.
    if (!fs::exists(tmp / "disk" / "cal.resume")) return;
    fs::remove(tmp / "disk" / "filler");
    Strings resume = args;
    resume.push_back("--resume");
    const auto resumed = run_pcnsim(tmp, resume);
    CHECK_MESSAGE(resumed.exit_code == 0, describe(resumed));
    CHECK(entries_of(tmp / "disk") == Strings{"cal"});
}

TEST_CASE("cli io: a read-only file system fails with exit code 1 naming the folder") {
    TempDir tmp;
    const Tmpfs disk(tmp / "ro", "size=1M", true);
    if (!disk.mounted()) return;
    const fs::path out = tmp / "ro" / "out";
    const auto o = run_pcnsim(tmp, {"run", kSmall.string(), "--quiet", "--weeks", "2", "--out", out.string()});
    check_failed_cleanly(o, tmp / "ro", out, "Read-only file system", {});
    CHECK_MESSAGE(o.err.find(out.string() + ": cannot create the folder: Read-only file system") != std::string::npos, describe(o));
    CHECK(entries_of(tmp / "ro").empty());
}

TEST_CASE("cli io: --out naming an existing file is refused with and without --force and the file is kept") {
    TempDir tmp;
    const auto file = tmp.write("results", "a file of the user's\n");
    for (const Strings& force : {Strings{}, Strings{"--force"}}) {
        Strings args{"run", kSmall.string(), "--quiet", "--weeks", "2", "--out", file.string()};
        args.insert(args.end(), force.begin(), force.end());
        const auto o = run_pcnsim(tmp, args);
        CHECK_MESSAGE(o.exit_code == 2, describe(o));
        CHECK_MESSAGE(o.err.find(file.string() + ": is a file, not a folder; pcnsim does not replace a file with an output folder, even with --force") !=
                          std::string::npos,
                      describe(o));
    }
    CHECK(read_file(file) == "a file of the user's\n");
    CHECK(tmp.entries() == Strings{"results"});
}

TEST_CASE("cli io: a folder given where a file is expected says so") {
    TempDir tmp;
    fs::create_directories(tmp / "posterior");
    const auto o = run_pcnsim(tmp, {"run", kSmall.string(), "--quiet", "--psa", "2", "--posterior", (tmp / "posterior").string(), "--out",
                                    (tmp / "out").string()});
    CHECK_MESSAGE(o.exit_code == 2, describe(o));
    CHECK_MESSAGE(o.err.find((tmp / "posterior").string() + ": is a folder, expected a file") != std::string::npos, describe(o));
    fs::create_directories(tmp / "report.html");
    const auto r = run_pcnsim(tmp, {"calibrate", (kSourceDir / "calibration/tests/small-hm.toml").string(), "--synthesize",
                                    (tmp / "report.html").string()});
    CHECK_MESSAGE(r.exit_code == 2, describe(r));
    CHECK_MESSAGE(r.err.find((tmp / "report.html").string() + ": is a folder, expected a file") != std::string::npos, describe(r));
}

TEST_CASE("cli io: SIGTERM stops a run cleanly with exit code 143") {
    TempDir tmp;
    const fs::path out_file = tmp / "term.out", err_file = tmp / "term.err";
    const pid_t pid = spawn({"run", kBaseline.string(), "--replications", "20", "--threads", "2", "--out", (tmp / "stopped").string()},
                            tmp.path(), out_file, err_file);
    int status = 0;
    bool exited = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!has_sigint_handler(pid) && std::chrono::steady_clock::now() < deadline)
        if ((exited = wait_for(pid, 0.02, status))) break;
    REQUIRE_MESSAGE(!exited, "pcnsim finished before it could be stopped: ", read_file(err_file));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    REQUIRE(::kill(pid, SIGTERM) == 0);
    if (!wait_for(pid, 60, status)) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        FAIL("pcnsim did not stop within 60 s of SIGTERM");
    }
    bool signalled = false;
    const int code = exit_code_of(status, signalled);
    const std::string err = read_file(err_file);
    CHECK_FALSE(signalled);  // stopped by its handler, not killed
    CHECK_MESSAGE(code == 143, "exit code ", code, "; stderr:\n", err);
    CHECK_MESSAGE(err.find("interrupted: stopped cleanly, no output written") != std::string::npos, err);
    CHECK(fs::exists(tmp / "stopped.resume" / "0.partial"));
}
