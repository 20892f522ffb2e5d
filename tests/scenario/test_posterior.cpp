// Posterior samples (--posterior): the posterior.csv format of docs/calibration.md with every problem
// reported as file:line: column, stratified weighted resampling of its rows, and PSA draws that take
// the posterior's parameters from those rows while every other parameter keeps its Latin hypercube.
#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "sim/core/digest.hpp"
#include "sim/engine/partial_run.hpp"
#include "sim/scenario/posterior.hpp"
#include "sim/scenario/psa.hpp"
#include "tests/support.hpp"
#include "tests/temp_dir.hpp"

using namespace pcnsim;
using pcnsim::testing::TempDir;

namespace {
const std::string kPosteriorHeader = "sample,weight,gp.base_rate_per_year,ae.base_rate_per_year\n";

PosteriorSamples load(const std::string& text, Problems& problems, std::string& path) {
    static TempDir tmp;
    static int n = 0;
    path = tmp.write("posterior" + std::to_string(n++) + ".csv", text).string();
    return load_posterior(path, problems);
}

std::string all_of(const Problems& problems) {
    std::string s;
    for (const auto& p : problems) s += p.to_string() + "\n";
    return s;
}

// Loads `text`, which must fail, and checks that a problem names `line`, `column` and `message`.
void check_problem(const std::string& text, int line, const std::string& column, const std::string& message) {
    Problems problems;
    std::string path;
    const auto p = load(text, problems, path);
    CHECK(p.rows.empty());
    const std::string expected = fmt::format("{}{}: {}{}", path, line > 0 ? ":" + std::to_string(line) : "",
                                             column.empty() ? "" : column + ": ", message);
    CHECK_MESSAGE(all_of(problems).find(expected) != std::string::npos, "expected: ", expected, "\nfound:\n", all_of(problems));
}

// A posterior of gp.base_rate_per_year and ae.base_rate_per_year with the given weights.
std::shared_ptr<const PosteriorSamples> posterior_of(const std::vector<double>& weights) {
    auto p = std::make_shared<PosteriorSamples>();
    p->names = {"gp.base_rate_per_year", "ae.base_rate_per_year"};
    p->indices = {Parameters::index_of(p->names[0]), Parameters::index_of(p->names[1])};
    double total = 0;
    for (const double w : weights) total += w;
    for (std::size_t r = 0; r < weights.size(); ++r) {
        p->samples.push_back(static_cast<int>(r));
        p->rows.push_back({5.3 + 0.01 * static_cast<double>(r), 0.36 + 0.001 * static_cast<double>(r)});
        p->weights.push_back(weights[r] / total);
    }
    return p;
}
}  // namespace

TEST_CASE("posterior: a valid file loads, weights normalised, with its size and digest") {
    Problems problems;
    std::string path;
    const std::string text = kPosteriorHeader + "0,2,5.83,0.431\n1,6,6.01,0.452\n\n2,0,5.5,0.40\n";
    const auto p = load(text, problems, path);
    REQUIRE_MESSAGE(problems.empty(), all_of(problems));
    CHECK(p.names == std::vector<std::string>{"gp.base_rate_per_year", "ae.base_rate_per_year"});
    CHECK(p.indices[1] == Parameters::index_of("ae.base_rate_per_year"));
    CHECK(p.samples == std::vector<int>{0, 1, 2});
    REQUIRE(p.rows.size() == 3);
    CHECK(p.rows[1][0] == 6.01);
    CHECK(p.rows[1][1] == 0.452);
    CHECK(p.weights[0] == doctest::Approx(0.25));
    CHECK(p.weights[1] == doctest::Approx(0.75));
    CHECK(p.weights[2] == 0);
    CHECK(p.bytes == text.size());
    CHECK(p.digest.size() == 64);
    CHECK(p.sets(Parameters::index_of("gp.base_rate_per_year")));
    CHECK_FALSE(p.sets(Parameters::index_of("uptake.invitation")));
    // A changed value changes the digest (resume and the manifest rely on it).
    const auto q = load(kPosteriorHeader + "0,2,5.83,0.431\n1,6,6.02,0.452\n\n2,0,5.5,0.40\n", problems, path);
    CHECK(q.digest != p.digest);
}

TEST_CASE("posterior: every problem is reported as file:line: column: message") {
    SUBCASE("missing sample column") { check_problem("weight,gp.base_rate_per_year\n1,5.9\n", 1, "sample", "required column is missing"); }
    SUBCASE("missing weight column") { check_problem("sample,gp.base_rate_per_year\n0,5.9\n", 1, "weight", "required column is missing"); }
    SUBCASE("unknown parameter, with the closest name") {
        check_problem("sample,weight,gp.base_rate_per_yr\n0,1,5.9\n", 1, "gp.base_rate_per_yr",
                      "unknown parameter; did you mean 'gp.base_rate_per_year'?");
    }
    SUBCASE("no parameter columns") { check_problem("sample,weight\n0,1\n", 1, "", "no parameter columns"); }
    SUBCASE("duplicate parameter column") {
        check_problem("sample,weight,gp.base_rate_per_year,gp.base_rate_per_year\n0,1,5.9,5.9\n", 1, "gp.base_rate_per_year",
                      "column appears more than once");
    }
    SUBCASE("a value that is not a number") { check_problem(kPosteriorHeader + "0,1,5.9,0.44\n1,1,abc,0.44\n", 3, "gp.base_rate_per_year", "'abc' is not a number"); }
    SUBCASE("an empty value") { check_problem(kPosteriorHeader + "0,1,5.9,\n", 2, "ae.base_rate_per_year", "is empty"); }
    SUBCASE("a value outside the declared range") {
        check_problem(kPosteriorHeader + "0,1,5.9,0.44\n1,1,5.9,0.9\n", 3, "ae.base_rate_per_year", "0.9 is outside the parameter's declared range [0.35, 0.5]");
    }
    SUBCASE("a negative weight") { check_problem(kPosteriorHeader + "0,-0.5,5.9,0.44\n", 2, "weight", "-0.5 is negative"); }
    SUBCASE("a weight that is not a number") { check_problem(kPosteriorHeader + "0,nan,5.9,0.44\n", 2, "weight", "'nan' is not a number"); }
    SUBCASE("a sample that is not a whole number") { check_problem(kPosteriorHeader + "0.5,1,5.9,0.44\n", 2, "sample", "'0.5' is not a whole number"); }
    SUBCASE("every weight zero") { check_problem(kPosteriorHeader + "0,0,5.9,0.44\n1,0,6,0.45\n", 0, "weight", "every weight is 0"); }
    SUBCASE("no rows") { check_problem(kPosteriorHeader, 0, "", "the file has no samples"); }
    SUBCASE("a short row") { check_problem(kPosteriorHeader + "0,1,5.9\n", 2, "", "row has 3 fields but the header has 4"); }
    SUBCASE("missing file") {
        Problems problems;
        const auto p = load_posterior("/nonexistent/posterior.csv", problems);
        CHECK(p.rows.empty());
        REQUIRE(problems.size() == 1);
        CHECK(problems.front().to_string() == "/nonexistent/posterior.csv: file not found");
    }
    SUBCASE("every problem of a file at once") {
        Problems problems;
        std::string path;
        load("sample,weight,gp.base_rate_per_year,ae.base_rate_per_year,gp.rate\n0,-1,5.9,0.44,1\n1,1,x,0.9,1\n", problems, path);
        CHECK_MESSAGE(problems.size() == 4, all_of(problems));  // the unknown column, then each bad field
    }
}

// Stratified resampling of rows with weights 0.2 and 0.8 into N = 1000 draws. Draw k takes row 1
// when u_k = (k + U_k)/N >= 0.2. Independent (multinomial) resampling would give a Binomial(N, 0.8)
// count of row 1: share SD sqrt(0.8 x 0.2 / N) = 0.0126, so |share - 0.8| <= 4 SD = 0.051 fails with
// probability below 1e-4. Stratified resampling has smaller variance than that: only the stratum
// that holds the boundary 0.2 is random, so the count of row 1 is within 1 of N x 0.8 for every
// seed (here N x 0.2 = 200 is a stratum boundary, so the count is exactly 800). The test checks the
// conservative binomial bound and the stratified one, over several seeds.
TEST_CASE("posterior: stratified resampling gives row 1 of weights 0.2 and 0.8 a share of 0.8 within sampling error") {
    const int n = 1000;
    const double sd = std::sqrt(0.8 * 0.2 / n);
    for (std::uint64_t seed : {1ULL, 20261123ULL, 987654321ULL}) {
        const auto rows = resample_posterior({0.2, 0.8}, seed, n);
        REQUIRE(rows.size() == static_cast<std::size_t>(n));
        const auto ones = std::count(rows.begin(), rows.end(), 1);
        CAPTURE(seed);
        CHECK(std::abs(static_cast<double>(ones) / n - 0.8) <= 4 * sd);
        CHECK(std::abs(static_cast<double>(ones) - 0.8 * n) <= 1.0);
    }
    // Weights that do not fall on a stratum boundary: N x 0.3 = 30.3 of N = 101 draws.
    const auto rows = resample_posterior({0.3, 0.7}, 7, 101);
    CHECK(std::abs(static_cast<double>(std::count(rows.begin(), rows.end(), 0)) - 30.3) <= 1.0);
    // A zero-weight row is never chosen, wherever it is.
    for (const auto r : resample_posterior({0.0, 0.5, 0.0, 0.5, 0.0}, 3, 500)) CHECK((r == 1 || r == 3));
    CHECK(resample_posterior({0.0, 0.0}, 3, 10).empty());
}

TEST_CASE("posterior: resampling is a pure function of the seed and changes with it") {
    const std::vector<double> weights(50, 1.0 / 50);
    const auto a = resample_posterior(weights, 42, 20), b = resample_posterior(weights, 42, 20), c = resample_posterior(weights, 43, 20);
    CHECK(a == b);
    CHECK(a != c);
}

TEST_CASE("posterior: psa draws take the posterior's rows and keep the prior Latin hypercube for every other parameter") {
    // The scenario sets gp.base_rate_per_year itself: the posterior overrides it.
    Scenario plain = pcnsim::testing::load_test_scenario("scenarios/tests/small.toml", {"gp.base_rate_per_year=6.2"});
    Scenario with = plain;
    with.posterior = posterior_of({1, 1, 1, 1, 1, 1, 1, 1});
    const int draws = 16;
    const auto a = psa_parameter_draws(plain, draws), b = psa_parameter_draws(with, draws), again = psa_parameter_draws(with, draws);
    const int gp = Parameters::index_of("gp.base_rate_per_year"), ae = Parameters::index_of("ae.base_rate_per_year");
    CHECK(psa_varies(with, gp));  // set by the scenario, but in the posterior
    CHECK_FALSE(psa_varies(plain, gp));
    const auto rows = resample_posterior(with.posterior->weights, with.run.seed, draws);
    std::set<int> used;
    for (int k = 0; k < draws; ++k) {
        const auto& row = with.posterior->rows[static_cast<std::size_t>(rows[static_cast<std::size_t>(k)])];
        const auto& p = b[static_cast<std::size_t>(k)];
        CHECK(p.value(gp) == row[0]);
        CHECK(p.value(ae) == row[1]);
        used.insert(rows[static_cast<std::size_t>(k)]);
        for (std::size_t j = 0; j < parameter_declarations().size(); ++j) {
            const int index = static_cast<int>(j);
            if (index == gp || index == ae) continue;
            CAPTURE(parameter_declarations()[j].name);
            REQUIRE(p.value(index) == a[static_cast<std::size_t>(k)].value(index));  // the same hypercube, bit for bit
            REQUIRE(p.value(index) == again[static_cast<std::size_t>(k)].value(index));
        }
    }
    CHECK(used.size() == 8);  // equal weights, 16 strata: every row twice
    // The prior parameters still vary across draws (an LHS, not the scenario's values).
    std::set<double> invitation;
    for (const auto& p : b) invitation.insert(p.value(Parameters::index_of("uptake.invitation")));
    CHECK(invitation.size() == static_cast<std::size_t>(draws));
}

TEST_CASE("posterior: the resume fingerprint follows the posterior's content, not its path") {
    Scenario plain = pcnsim::testing::load_test_scenario("scenarios/tests/small.toml", {"run.psa_draws=3"});
    const std::string without = run_fingerprint(plain);
    Scenario with = plain;
    auto p = std::make_shared<PosteriorSamples>(*posterior_of({1, 2}));
    p->path = "a/posterior.csv", p->bytes = 100, p->digest = "0123456789abcdef";
    with.posterior = p;
    const std::string first = run_fingerprint(with);
    CHECK(first != without);
    auto moved = std::make_shared<PosteriorSamples>(*p);
    moved->path = "b/posterior.csv";
    with.posterior = moved;
    CHECK(run_fingerprint(with) == first);
    auto changed = std::make_shared<PosteriorSamples>(*p);
    changed->digest = "0123456789abcdee";
    with.posterior = changed;
    CHECK(run_fingerprint(with) != first);
}

TEST_CASE("posterior: checked against the digest in the calibration manifest beside it") {
    TempDir dir;
    const std::string text = kPosteriorHeader + "0,0.5,5.5,0.40\n1,0.5,5.8,0.43\n";
    const auto path = dir.write("posterior.csv", text).string();
    const auto manifest = [&](const std::string& file, const std::string& digest) {
        dir.write("manifest.json", fmt::format(R"({{"posterior": {{"file": "{}", "bytes": {}, "sha256": "{}"}}}})", file, text.size(), digest));
    };
    Problems problems;
    SUBCASE("the digest calibrate recorded: read with no warning") {
        manifest("posterior.csv", sha256_hex(text));
        const auto p = load_posterior(path, problems);
        CHECK(problems.empty());
        CHECK(p.rows.size() == 2);
        CHECK(p.warnings.empty());
        CHECK(p.digest == sha256_hex(text));
    }
    SUBCASE("one digit changed since: refused naming the file") {
        manifest("posterior.csv", sha256_hex(text));
        std::string changed = text;
        changed[changed.find("5.8") + 2] = '9';
        dir.write("posterior.csv", changed);
        const auto p = load_posterior(path, problems);
        CHECK(p.rows.empty());
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].file == path);
        CHECK(problems[0].message.find("changed since `pcnsim calibrate` wrote it") != std::string::npos);
    }
    SUBCASE("no manifest beside it: read with a warning") {
        const auto p = load_posterior(path, problems);
        CHECK(problems.empty());
        CHECK(p.rows.size() == 2);
        REQUIRE(p.warnings.size() == 1);
        CHECK(p.warnings[0].find("cannot be checked") != std::string::npos);
    }
    SUBCASE("a manifest recording another file: read with a warning") {
        manifest("other.csv", sha256_hex("other"));
        const auto p = load_posterior(path, problems);
        CHECK(problems.empty());
        CHECK(p.warnings.size() == 1);
    }
}
