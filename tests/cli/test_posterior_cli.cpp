// `--posterior FILE` on run, compare and sweep, end to end: PSA draws take the posterior's values,
// the file is recorded in manifest.json, and missing --psa or a bad file is refused with exit code 2.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>

#include "tests/cli/cli_helpers.hpp"

using namespace pcnsim_cli_test;

namespace {
const std::string kPosterior =
    "sample,weight,gp.base_rate_per_year,ae.base_rate_per_year\n"
    "0,0.3,5.83,0.431\n"
    "1,0.7,6.01,0.452\n";

// draw -> value of `parameter` in a psa_draws.csv.
std::map<std::string, std::string> draws_of(const fs::path& file, const std::string& parameter) {
    std::map<std::string, std::string> values;
    for (const auto& line : lines_of(read_file(file))) {
        const auto f = fields(line);
        if (f.size() == 3 && f[1] == parameter) values[f[0]] = f[2];
    }
    return values;
}
}  // namespace

TEST_CASE("cli run --posterior: every draw takes a posterior row, and the manifest records the file") {
    TempDir tmp;
    const auto posterior = tmp.write("posterior.csv", kPosterior);
    const fs::path out = tmp / "run";
    const auto r = run_pcnsim(tmp, {"run", kSmall.string(), "--psa", "3", "--posterior", posterior.string(), "--weeks", "4", "--quiet",
                                    "--out", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    const auto gp = draws_of(out / "psa_draws.csv", "gp.base_rate_per_year"), ae = draws_of(out / "psa_draws.csv", "ae.base_rate_per_year");
    REQUIRE(gp.size() == 3);
    REQUIRE(ae.size() == 3);
    for (const auto& [draw, value] : gp) {
        CAPTURE(draw);
        CHECK((value == "5.83" || value == "6.01"));
        CHECK(ae.at(draw) == (value == "5.83" ? "0.431" : "0.452"));  // one row's values together
    }
    // Stratified resampling of 3 draws with weights 0.3/0.7: u_0 < 1/3 may fall either side of 0.3;
    // u_1 and u_2 are above it.
    CHECK(gp.at("1") == "6.01");
    CHECK(gp.at("2") == "6.01");
    CHECK(draws_of(out / "psa_draws.csv", "uptake.invitation").size() == 3);  // the prior PSA as before
    const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
    REQUIRE(manifest.contains("posterior"));
    CHECK(manifest.at("posterior").at("path").get<std::string>() == posterior.string());
    CHECK(manifest.at("posterior").at("bytes").get<std::size_t>() == kPosterior.size());
    CHECK(manifest.at("posterior").at("sha256").get<std::string>().size() == 64);
    CHECK(manifest.at("posterior").at("samples").get<int>() == 2);
}

TEST_CASE("cli compare --posterior: every scenario draws the same posterior rows") {
    TempDir tmp;
    const auto posterior = tmp.write("posterior.csv", kPosterior);
    const fs::path out = tmp / "compare";
    const auto r = run_pcnsim(tmp, {"compare", kSmall.string(), kSmallCoaching.string(), "--psa", "2", "--posterior", posterior.string(),
                                    "--weeks", "4", "--quiet", "--out", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    const auto a = draws_of(out / "small" / "psa_draws.csv", "gp.base_rate_per_year");
    CHECK(a.size() == 2);
    CHECK(a == draws_of(out / "small-coaching" / "psa_draws.csv", "gp.base_rate_per_year"));
    CHECK(nlohmann::json::parse(read_file(out / "manifest.json")).contains("posterior"));
}

TEST_CASE("cli: --posterior without --psa is refused with exit code 2") {
    TempDir tmp;
    const auto posterior = tmp.write("posterior.csv", kPosterior);
    for (const std::string psa : {"", "0"}) {
        std::vector<std::string> args{"run", kSmall.string(), "--posterior", posterior.string(), "--out", (tmp / "x").string()};
        if (!psa.empty()) args.insert(args.end(), {"--psa", psa});
        const auto r = run_pcnsim(tmp, args);
        CHECK_MESSAGE(r.exit_code == 2, describe(r));
        CHECK_MESSAGE(r.err.find(posterior.string() + ": --posterior: needs --psa N") != std::string::npos, describe(r));
        CHECK(!fs::exists(tmp / "x"));
    }
    const auto sweep = run_pcnsim(tmp, {"sweep", (kSourceDir / "scenarios/tests/small-sweep.toml").string(), "--posterior",
                                        posterior.string(), "--out", (tmp / "y").string()});
    CHECK_MESSAGE(sweep.exit_code == 2, describe(sweep));
    CHECK_MESSAGE(sweep.err.find("needs --psa N") != std::string::npos, describe(sweep));
}

TEST_CASE("cli: a bad posterior file is refused with exit code 2, naming file, line and column") {
    TempDir tmp;
    const auto posterior = tmp.write("posterior.csv", "sample,weight,gp.base_rate_per_year\n0,1,5.9\n1,1,9.5\n2,-1,6\n");
    const auto r = run_pcnsim(tmp, {"run", kSmall.string(), "--psa", "2", "--posterior", posterior.string(), "--out", (tmp / "x").string()});
    CHECK_MESSAGE(r.exit_code == 2, describe(r));
    CHECK_MESSAGE(r.err.find(posterior.string() + ":3: gp.base_rate_per_year: 9.5 is outside the parameter's declared range") != std::string::npos,
                  describe(r));
    CHECK_MESSAGE(r.err.find(posterior.string() + ":4: weight: -1 is negative") != std::string::npos, describe(r));
    CHECK_MESSAGE(r.err.find("2 problem(s) found") != std::string::npos, describe(r));
    CHECK(!fs::exists(tmp / "x"));
}
