// The calibration config (docs/calibration.md): what it loads, and every problem reported with file,
// line and key.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "sim/calibration/calibration.hpp"
#include "sim/calibration/calibration_model.hpp"
#include "sim/scenario/psa.hpp"
#include "tests/support.hpp"
#include "tests/temp_dir.hpp"

using namespace pcnsim;
using pcnsim::testing::TempDir;

namespace {

const std::string kTargets = "metric,group_by,group,first_week,last_week,value,sd\ngp_requests,all,all,0,9,40000,1000\n";

struct Loaded {
    CalibrationConfig config;
    Problems problems;
    std::string path;
    bool has(int line, const std::string& key, const std::string& text) const {
        for (const auto& p : problems)
            if (p.file == path && p.line == line && p.key == key && p.message.find(text) != std::string::npos) return true;
        return false;
    }
};

Loaded load(const std::string& toml, const std::string& targets = kTargets) {
    static TempDir tmp;
    static int n = 0;
    const std::string id = std::to_string(n++);
    tmp.write("targets" + id + ".csv", targets);
    Loaded l;
    l.path = tmp.write("calibration" + id + ".toml", "scenario = \"" + testing::source_path("scenarios/tests/small.toml") +
                                                          "\"\ntargets = \"targets" + id + ".csv\"\n" + toml)
                 .string();
    l.config = load_calibration_config(l.path, {}, l.problems);
    return l;
}

}  // namespace

TEST_CASE("calibration config: parameters with declared or given priors, method settings and truth load") {
    const auto l = load("method = \"history-matching\"\nreplications = 3\nseed = 7\n"
                        "[parameters.\"gp.base_rate_per_year\"]\n"
                        "[parameters.\"uptake.invitation\"]\nprior = \"Beta(4, 6)\"\nlower = 0.3\nupper = 0.55\n"
                        "[truth]\n\"uptake.invitation\" = 0.4\n"
                        "[history_matching]\nwaves = 2\ndesign_points = 30\nimplausibility_order = 2\n",
                        kTargets + "ae_attendances,all,all,0,9,3000,100\n");
    REQUIRE_MESSAGE(l.problems.empty(), l.problems.front().to_string());
    const auto& c = l.config;
    CHECK(c.method == CalibrationMethod::history_matching);
    CHECK_FALSE(c.common_random_numbers);  // the default of both methods (docs/calibration.md, Coverage)
    CHECK(c.replications == 3);
    CHECK(c.history_matching.seed == 7);
    CHECK(c.history_matching.waves == 2);
    CHECK(c.history_matching.implausibility_order == 2);
    REQUIRE(c.parameters.size() == 2);
    CHECK(c.parameters[0].name == "gp.base_rate_per_year");
    CHECK(c.parameters[0].prior.kind == PriorKind::lognormal);  // as declared
    CHECK(c.parameters[1].prior.kind == PriorKind::beta);
    CHECK(c.parameters[1].prior.a == 4);
    CHECK(c.parameters[1].lower == 0.3);
    CHECK(*c.parameters[1].truth == 0.4);
    REQUIRE(c.targets.size() == 2);
    CHECK(c.scenario.name == "small");
    // The free parameters' priors honour the truncation.
    const auto free = free_parameters(c);
    CHECK(free[1].quantile(1e-9) >= 0.3);
    CHECK(free[1].quantile(1 - 1e-9) <= 0.55);
    CHECK(free[1].log_density(0.4) > free[1].log_density(0.54));  // Beta(4, 6) peaks at 0.375
}

TEST_CASE("calibration config: every problem is reported with file, line and key") {
    const auto l = load("methd = \"abc-smc\"\n"                                      // 3: unknown key
                        "method = \"mcmc\"\n"                                        // 4: unknown method
                        "replications = 0\n"                                         // 5: out of range
                        "[parameters.\"gp.base_rate_per_yr\"]\n"                     // 6: unknown parameter
                        "[parameters.\"uptake.invitation\"]\n"                       // 7
                        "prior = \"Gamma(2, 3)\"\n"                                  // 8: not a prior
                        "lower = 0.9\n"                                              // 9: outside the declared range
                        "[parameters.\"coaching.sessions_per_programme\"]\n"         // 10: fixed prior, none given
                        "[truth]\n\"ae.base_rate_per_year\" = 0.4\n"                 // 12: not a free parameter
                        "[abc_smc]\nparticles = 5\n");                               // 14: too few
    CHECK(l.has(3, "methd", "unknown key; did you mean 'method'?"));
    CHECK(l.has(4, "method", "unknown method 'mcmc'"));
    CHECK(l.has(5, "replications", "is not a whole number from 1 to 1000"));
    CHECK(l.has(6, "parameters.gp.base_rate_per_yr", "did you mean 'gp.base_rate_per_year'?"));
    CHECK(l.has(8, "parameters.uptake.invitation.prior", "'Gamma(2, 3)': unknown prior"));
    CHECK(l.has(9, "parameters.uptake.invitation.lower", "0.9 is not a number from 0.2 to 0.6"));
    CHECK(l.has(10, "parameters.coaching.sessions_per_programme", "fixed"));
    CHECK(l.has(12, "truth.ae.base_rate_per_year", "is not a free parameter"));
    CHECK(l.has(14, "abc_smc.particles", "is not a whole number from 10 to 100000"));
    CHECK(l.problems.size() == 9);
}

TEST_CASE("calibration config: missing files, a TOML syntax error and targets past the run are reported") {
    Problems problems;
    load_calibration_config("no-such-calibration.toml", {}, problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems.front().message == "file not found");
    // A folder was "file not found"; it is there, only not readable as a file.
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "folder.toml");
    Problems folder;
    load_calibration_config(dir.path("folder.toml"), {}, folder);
    REQUIRE(folder.size() == 1);
    CHECK(folder.front().to_string() == dir.path("folder.toml") + ": is a folder, expected a file");

    const auto syntax = load("[parameters\n");
    REQUIRE(!syntax.problems.empty());
    CHECK(syntax.problems.front().line == 3);

    // small.toml reports 26 weeks: week 30 is past them. An unknown practice code shows only with the population.
    const auto late = load("[parameters.\"gp.base_rate_per_year\"]\n",
                           "metric,group_by,group,first_week,last_week,value,sd\ngp_requests,all,all,0,30,1,1\n"
                           "gp_requests,practice,NOPE,0,9,1,1\n");
    CHECK(late.problems.size() == 1);
    REQUIRE(!late.problems.empty());
    CHECK(late.problems.front().line == 2);
    CHECK(late.problems.front().key == "last_week");
    const auto unknown = load("[parameters.\"gp.base_rate_per_year\"]\n",
                              "metric,group_by,group,first_week,last_week,value,sd\ngp_requests,practice,NOPE,0,9,1,1\n");
    REQUIRE(unknown.problems.empty());
    const auto more = CalibrationModel(unknown.config).check_targets();
    REQUIRE(more.size() == 1);
    CHECK(more.front().line == 2);
    CHECK(more.front().key == "group");
    CHECK(more.front().message.find("no practice 'NOPE'") != std::string::npos);
}

TEST_CASE("calibration config: a config without free parameters or files is refused") {
    Problems problems;
    static TempDir tmp;
    const auto path = tmp.write("empty.toml", "name = \"x\"\n").string();
    load_calibration_config(path, {}, problems);
    const auto has_key = [&](const std::string& key) {
        return std::any_of(problems.begin(), problems.end(), [&](const Problem& p) { return p.key == key; });
    };
    CHECK(has_key("scenario"));
    CHECK(has_key("targets"));
    CHECK(has_key("parameters"));
}

TEST_CASE("calibration: priors parse in the form pcnsim params prints them") {
    std::string error;
    const auto beta = parse_prior("Beta(2, 5)", error);
    REQUIRE(beta);
    CHECK(beta->kind == PriorKind::beta);
    CHECK(parse_prior("lognormal(0.44, 0.06)", error)->kind == PriorKind::lognormal);
    CHECK(parse_prior(" Normal( 5.9 , 0.3 ) ", error)->b == 0.3);
    CHECK(parse_prior("Uniform(5, 6.5)", error)->a == 5);
    CHECK_FALSE(parse_prior("Uniform(6.5, 5)", error));
    CHECK_FALSE(parse_prior("Beta(0, 5)", error));
    CHECK_FALSE(parse_prior("Beta 2 5", error));
    CHECK_FALSE(error.empty());
}

TEST_CASE("calibration config: a prior's support narrows the range, and settings history matching cannot use are refused") {
    // Uniform(0.3, 0.5) on uptake.invitation (declared 0.2 to 0.6): the range searched is [0.3, 0.5].
    const auto ok = load("set = []\n[parameters.\"uptake.invitation\"]\nprior = \"Uniform(0.3, 0.5)\"\n");
    REQUIRE_MESSAGE(ok.problems.empty(), ok.problems.front().to_string());
    CHECK(ok.config.parameters[0].lower == 0.3);
    CHECK(ok.config.parameters[0].upper == 0.5);
    CHECK(std::isinf(prior_log_density(ok.config.parameters[0].prior, 0.55)));

    const auto bad = load("method = \"history-matching\"\ncommon_random_numbers = true\n"  // 3, 4
                          "replications = 1\n"                                // 5: common random numbers need 2
                          "[parameters.\"uptake.invitation\"]\n"              // 6
                          "prior = \"Uniform(0.7, 0.9)\"\n"                   // 7: no overlap with 0.2 to 0.6
                          "[parameters.\"gp.base_rate_per_year\"]\n"
                          "[parameters.\"ae.base_rate_per_year\"]\n"
                          "[truth]\n\"gp.base_rate_per_year\" = nan\n"        // 11: not a finite number
                          "[history_matching]\ndesign_points = 5\nimplausibility_order = 3\n");  // 12, 13
    CHECK(bad.has(5, "replications", "at least 2 replications"));
    CHECK(bad.has(6, "parameters.uptake.invitation", "has no density in the range [0.2, 0.6]"));
    CHECK(bad.has(11, "truth.gp.base_rate_per_year", "expected a finite number"));
    CHECK(bad.has(12, "history_matching.design_points", "5 is too few for 3 free parameters"));
    CHECK(bad.has(0, "history_matching.implausibility_order", "3 is more than the 1 target(s)"));
    CHECK(bad.problems.size() == 5);
}
