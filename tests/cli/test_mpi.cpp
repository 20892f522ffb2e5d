// Open MPI: `mpiexec -np 2 pcnsim run|compare|sweep` writes the same bytes as one process. Built
// and run only when pcnsim is built with MPI (libopenmpi-dev); CI installs it, so CI runs these.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli_helpers.hpp"

using namespace pcnsim_cli_test;

#ifdef PCNSIM_MPIEXEC

namespace {

// Root in a container needs --allow-run-as-root; two ranks on a 2-core machine may need
// --oversubscribe; shared-memory single copy is unavailable in most containers. Open MPI's own
// allocations are not ours to check under the leak sanitizer.
Outcome run_mpi(const TempDir& tmp, int ranks, const std::vector<std::string>& args) {
    std::vector<std::string> full{"--allow-run-as-root", "--oversubscribe", "-np", std::to_string(ranks),
                                  "--mca", "btl_vader_single_copy_mechanism", "none", "-x", "ASAN_OPTIONS=detect_leaks=0", kBinary};
    full.insert(full.end(), args.begin(), args.end());
    return run_program(tmp, PCNSIM_MPIEXEC, full);
}

// Every CSV of the single-process folder (and its scenario folders) is byte-identical in the MPI one.
void check_same_csvs(const fs::path& single, const fs::path& distributed) {
    std::size_t compared = 0;
    for (const auto& e : fs::recursive_directory_iterator(single)) {
        if (e.path().extension() != ".csv") continue;
        const auto relative = fs::relative(e.path(), single);
        const std::string a = read_file(e.path()), b = read_file(distributed / relative);
        CHECK_MESSAGE(a == b, relative.string(), " differs: ", first_difference(a, b));
        ++compared;
    }
    CHECK(compared >= 3);
}

void check_command(const std::vector<std::string>& command) {
    TempDir tmp;
    auto with_out = [&](const std::string& name) {
        auto args = command;
        args.insert(args.end(), {"--quiet", "--threads", "1", "--out", (tmp / name).string()});
        return args;
    };
    const auto one = run_pcnsim(tmp, with_out("one"));
    REQUIRE_MESSAGE(one.exit_code == 0, describe(one));
    for (int ranks : {2, 3}) {
        CAPTURE(ranks);
        const std::string name = "ranks-" + std::to_string(ranks);
        const auto mpi = run_mpi(tmp, ranks, with_out(name));
        REQUIRE_MESSAGE(mpi.exit_code == 0, describe(mpi));
        check_same_csvs(tmp / "one", tmp / name);
    }
}

}  // namespace

TEST_CASE("mpi: run on 2 and 3 ranks writes the same bytes as one process (several PCNs, replications)") {
    check_command({"run", (kSourceDir / "scenarios/tests/small-icb.toml").string(), "--replications", "3"});
}

TEST_CASE("mpi: run with PSA draws on 2 and 3 ranks writes the same bytes as one process") {
    check_command({"run", (kSourceDir / "scenarios/tests/small-coaching.toml").string(), "--replications", "2", "--psa", "3"});
}

// Each rank reads the posterior itself; the draws are a pure function of the seed and the file.
TEST_CASE("mpi: run under a posterior on 2 and 3 ranks writes the same bytes as one process") {
    TempDir files;
    const auto posterior = files.write("posterior.csv", "sample,weight,gp.base_rate_per_year,uptake.invitation\n0,0.4,5.6,0.3\n1,0.6,6.2,0.5\n");
    check_command({"run", (kSourceDir / "scenarios/tests/small-coaching.toml").string(), "--replications", "2", "--psa", "3", "--posterior",
                   posterior.string()});
}

TEST_CASE("mpi: calibrate on 2 and 3 ranks writes the same posterior as one process, by either method") {
    check_command({"calibrate", (kSourceDir / "calibration/tests/small-hm.toml").string()});
    check_command({"calibrate", (kSourceDir / "calibration/tests/small-abc.toml").string()});
}

TEST_CASE("mpi: compare on 2 and 3 ranks writes the same bytes as one process") {
    check_command({"compare", kSmall.string(), (kSourceDir / "scenarios/tests/small-coaching.toml").string(), "--replications", "3"});
}

TEST_CASE("mpi: sweep on 2 and 3 ranks writes the same bytes as one process") {
    check_command({"sweep", (kSourceDir / "scenarios/tests/small-sweep.toml").string(), "--replications", "2"});
}

TEST_CASE("mpi: bad input is reported once, by rank 0, with exit code 2") {
    TempDir tmp;
    const auto file = tmp.write("bad.toml", "[run]\nweeks = \"many\"\n");
    const auto o = run_mpi(tmp, 2, {"check", file.string()});
    CHECK(o.exit_code == 2);
    CHECK_MESSAGE(count_of(o.err, "weeks") == 1, describe(o));
}

#endif  // without MPI (no libopenmpi-dev at configure time) there is nothing to test here
