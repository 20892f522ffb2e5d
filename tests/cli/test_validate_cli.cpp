// `pcnsim validate` end to end on a reduced population: validation.csv with a row per check, the
// table on the terminal, the folder rules of every command, and bad input refused.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli_helpers.hpp"

using namespace pcnsim_cli_test;

namespace {

Outcome run_validate(const TempDir& tmp, const std::vector<std::string>& extra) {
    std::vector<std::string> args{"validate", kBaseline.string(), "--coaching", (kSourceDir / "scenarios/staffing/2-wte.toml").string(),
                                  "--set", "population.list_size=6000", "--replications", "2", "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_pcnsim(tmp, args);
}

}  // namespace

TEST_CASE("cli: validate writes validation.csv with every check and prints the table") {
    TempDir tmp;
    const auto r = run_validate(tmp, {"--out", (tmp / "v").string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    const auto lines = lines_of(read_file(tmp / "v" / "validation.csv"));
    REQUIRE(lines.size() == 21);
    CHECK(lines[0] == "area,check,published,band_low,band_high,band_basis,source,model,model_low,model_high,model_basis,within_band");
    for (std::size_t k = 1; k < lines.size(); ++k) {
        const auto last = lines[k].substr(lines[k].rfind(',') + 1);
        CHECK_MESSAGE((last == "yes" || last == "no"), lines[k]);
    }
    CHECK(fs::exists(tmp / "v" / "manifest.json"));
    CHECK(r.out.find("adjusted rate ratio level 4 vs 1, GP appointments") != std::string::npos);
    CHECK(r.out.find("checks within their band") != std::string::npos);
    // The folder rules of every command: an existing folder needs --force.
    const auto again = run_validate(tmp, {"--out", (tmp / "v").string()});
    CHECK(again.exit_code == 2);  // a flag to change, as for other bad input
    CHECK(again.err.find("--force") != std::string::npos);
}

TEST_CASE("cli: validate refuses a missing scenario and a bad override with exit code 2") {
    TempDir tmp;
    const auto missing = run_pcnsim(tmp, {"validate", (tmp / "nope.toml").string(), "--out", (tmp / "v").string()});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("nope.toml") != std::string::npos);
    const auto bad = run_validate(tmp, {"--out", (tmp / "w").string(), "--set", "activation.level_share_1=0.5"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("activation.level_share_1") != std::string::npos);
    CHECK(!fs::exists(tmp / "w"));
}
