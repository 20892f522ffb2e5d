// `pcnsim compare ... --psa D --voi`: voi.csv end to end, and the refusals before anything runs.
#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <sstream>

#include "tests/cli/cli_helpers.hpp"

using namespace pcnsim_cli_test;

namespace {

// A second coaching option beside small-coaching: more group sessions, no digital ones.
fs::path group_variant(TempDir& tmp) {
    return tmp.write("group.toml", fmt::format("extends = \"{}\"\nname = \"small-group\"\n[parameters]\n\"coaching.share_group\" = 0.8\n"
                                               "\"coaching.share_digital_hybrid\" = 0.0\n",
                                               kSmallCoaching.string()));
}

}  // namespace

TEST_CASE("cli compare --voi: voi.csv holds EVPI and EVPPI per decision and for the population") {
    TempDir tmp;
    const fs::path out = tmp / "cmp";
    // GP appointments released: a measure defined in every replication of both scenarios.
    const auto r = run_pcnsim(tmp, {"compare", kSmallCoaching.string(), group_variant(tmp).string(), "--psa", "24", "--weeks", "8",
                                    "--seed", "5", "--threads", "2", "--voi", "--voi-measure", "gp_appointments_released",
                                    "--voi-pcns", "10", "--voi-years", "3", "--voi-discount", "0.05", "--out", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    CHECK(r.out.find("Value of information on gp_appointments_released (24 PSA draws") != std::string::npos);
    const auto lines = lines_of(read_file(out / "voi.csv"));
    REQUIRE(lines.size() > 8);
    CHECK(lines[0] == "measure,net_benefit_measure,scope,parameter_or_group,parameters,value,standard_error,unit,draws,note");

    // Every estimate comes as a pair: per decision, then times 10 x (1 + 1/1.05 + 1/1.05^2).
    // A year's value is the per-decision value over the 8 simulated weeks (8/52 of a year).
    const double factor = 10 * (1 + 1 / 1.05 + 1 / (1.05 * 1.05)) / (8.0 / 52.0);
    std::vector<std::string> names;
    std::set<std::string> singles;
    double previous = INFINITY;
    for (std::size_t i = 1; i + 1 < lines.size(); i += 2) {
        const auto d = fields(lines[i]), p = fields(lines[i + 1]);
        REQUIRE(d.size() == 10);
        REQUIRE(p.size() == 10);
        CAPTURE(lines[i]);
        CHECK(d[1] == "gp_appointments_released");
        CHECK(d[2] == "per_decision");
        CHECK(p[2] == "population");
        CHECK(d[3] == p[3]);
        CHECK(d[8] == "24");
        REQUIRE(!d[5].empty());  // 24 draws suffice for every group here (19 parameters at most)
        CHECK(std::stod(d[5]) >= 0);
        CHECK(std::stod(p[5]) == doctest::Approx(std::stod(d[5]) * factor).epsilon(1e-12));
        CHECK(std::stod(p[6]) == doctest::Approx(std::stod(d[6]) * factor).epsilon(1e-12));
        names.push_back(d[3]);
        if (d[0] == "evppi" && d[4] == d[3]) {  // a single parameter: ordered from the highest EVPPI down
            singles.insert(d[3]);
            CHECK(std::stod(d[5]) <= previous);
            previous = std::stod(d[5]);
        }
        if (d[3] == "costs") {
            std::stringstream members(d[4]);
            for (std::string name; std::getline(members, name, ';');) CHECK(name.rfind("cost.", 0) == 0);
        }
    }
    REQUIRE(names.size() > 4);
    CHECK(names[0] == "all");
    CHECK(names[1] == "activation effect");
    CHECK(names[2] == "uptake and delivery");
    CHECK(names[3] == "costs");
    // The parameters are those the PSA varied (both scenarios vary the same ones).
    std::set<std::string> varied;
    for (const auto& line : lines_of(read_file(out / "small-coaching" / "psa_draws.csv")))
        if (const auto f = fields(line); f.size() == 3 && f[0] != "draw") varied.insert(f[1]);
    CHECK(singles == varied);
}

TEST_CASE("cli compare --voi: refused before running without PSA draws or with an unknown measure") {
    TempDir tmp;
    const fs::path out = tmp / "cmp";
    const std::vector<std::string> base{"compare", kSmall.string(), kSmallCoaching.string(), "--quiet", "--voi", "--out", out.string()};
    const auto without = run_pcnsim(tmp, base);
    CHECK_MESSAGE(without.exit_code == 2, describe(without));
    CHECK(without.err.find("--voi needs parameter uncertainty: --psa D with D >= 2") != std::string::npos);
    auto one = base;
    one.insert(one.end(), {"--psa", "1"});
    CHECK(run_pcnsim(tmp, one).exit_code == 2);
    auto unknown = base;
    unknown.insert(unknown.end(), {"--psa", "4", "--voi-measure", "net_benefits"});
    const auto bad = run_pcnsim(tmp, unknown);
    CHECK_MESSAGE(bad.exit_code == 2, describe(bad));
    CHECK(bad.err.find("--voi-measure net_benefits: no such economics measure; expected one of") != std::string::npos);
    CHECK(bad.err.find("net_benefit_economic_nhs,") != std::string::npos);
    CHECK(!fs::exists(out));
}
