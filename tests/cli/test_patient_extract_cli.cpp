// `--patient-extract` end to end: patients.csv is labelled synthetic, holds the columns a Poisson
// regression of service use needs and a row per patient, year and arm, adds up to summary.csv, is
// the same bytes at any thread count, and is refused where its rows would be lost.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli_helpers.hpp"

using namespace pcnsim_cli_test;

namespace {

using Strings = std::vector<std::string>;

Outcome run_extract(const TempDir& tmp, const std::string& name, const Strings& extra) {
    Strings args{"run", kSmallCoaching.string(), "--weeks", "60", "--quiet", "--patient-extract", "--out", (tmp / name).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_pcnsim(tmp, args);
}

std::size_t column_of(const std::vector<std::string>& header, const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    REQUIRE_MESSAGE(it != header.end(), name);
    return static_cast<std::size_t>(it - header.begin());
}

}  // namespace

TEST_CASE("cli: run --patient-extract writes patients.csv that adds up to summary.csv") {
    TempDir tmp;
    const auto r = run_extract(tmp, "one", {"--threads", "1"});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    CHECK_MESSAGE(r.out.find("patient extract: ") != std::string::npos, describe(r));
    const auto lines = lines_of(read_file(tmp / "one" / "patients.csv"));
    REQUIRE(lines.size() > 2);
    CHECK(lines[0].rfind("# SYNTHETIC microdata", 0) == 0);
    const auto header = fields(lines[1]);
    // What the regressions of docs/model.md need: outcome counts, exposure, PAM level, age band,
    // sex, IMD quintile and the conditions.
    for (const char* c : {"replication", "arm", "year", "slot", "practice", "weeks_registered", "age", "age_band", "sex", "imd_quintile",
                          "obesity", "anxiety_depression", "respiratory", "diabetes", "chronic_pain", "frailty", "care_home",
                          "repeat_meds", "pam_score", "pam_level", "cohort", "gp_requests", "gp_appointments", "ae_attendances",
                          "emergency_admissions"})
        column_of(header, c);
    // 3,000 patients x 2 years (52 weeks, then 8) x 2 arms, plus a row for each newcomer to a slot.
    const std::size_t rows = lines.size() - 2;
    CHECK(rows >= 3000u * 2 * 2);
    CHECK(rows < 3000u * 2 * 2 * 11 / 10);
    const auto arm = column_of(header, "arm"), appointments = column_of(header, "gp_appointments");
    long long scenario_total = 0, counterfactual_total = 0;
    for (std::size_t k = 2; k < lines.size(); ++k) {
        const auto f = fields(lines[k]);
        REQUIRE(f.size() == header.size());
        (f[arm] == "scenario" ? scenario_total : counterfactual_total) += std::stoll(f[appointments]);
    }
    const auto summary = lines_of(read_file(tmp / "one" / "summary.csv"));
    const auto total_of = [&](const std::string& which) {
        for (const auto& line : summary) {
            const auto f = fields(line);
            if (f[1] == which && f[2] == "gp_appointments" && f[3] == "all") return std::stoll(f[5]);
        }
        FAIL("no gp_appointments row");
        return 0LL;
    };
    CHECK(scenario_total == total_of("scenario"));
    CHECK(counterfactual_total == total_of("counterfactual"));
}

TEST_CASE("cli: patients.csv is the same bytes with 1 and 2 threads") {
    TempDir tmp;
    const auto one = run_extract(tmp, "one", {"--threads", "1", "--replications", "2"});
    const auto two = run_extract(tmp, "two", {"--threads", "2", "--replications", "2"});
    REQUIRE_MESSAGE(one.exit_code == 0, describe(one));
    REQUIRE_MESSAGE(two.exit_code == 0, describe(two));
    const auto a = read_file(tmp / "one" / "patients.csv");
    CHECK(!a.empty());
    CHECK(a == read_file(tmp / "two" / "patients.csv"));
}

TEST_CASE("cli: --patient-extract is refused with sweep and with --resume") {
    TempDir tmp;
    const auto sweep = run_pcnsim(tmp, {"sweep", (kSourceDir / "scenarios/tests/small-sweep.toml").string(), "--patient-extract", "--quiet",
                                        "--out", (tmp / "s").string()});
    CHECK(sweep.exit_code == 2);
    CHECK_MESSAGE(sweep.err.find("--patient-extract is not available here") != std::string::npos, describe(sweep));
    const auto resume = run_extract(tmp, "r", {"--resume"});
    CHECK(resume.exit_code == 2);
    CHECK_MESSAGE(resume.err.find("without --resume") != std::string::npos, describe(resume));
}

TEST_CASE("cli: compare --patient-extract writes patients.csv in each scenario's folder") {
    TempDir tmp;
    const auto r = run_pcnsim(tmp, {"compare", kSmall.string(), kSmallCoaching.string(), "--weeks", "4", "--quiet", "--patient-extract",
                                    "--out", (tmp / "c").string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    CHECK(fs::exists(tmp / "c" / "small" / "patients.csv"));
    CHECK(fs::exists(tmp / "c" / "small-coaching" / "patients.csv"));
}
