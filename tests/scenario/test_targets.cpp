// Calibration targets: the file format of docs/calibration.md, and every problem reported with
// file, line and column.
#include <doctest/doctest.h>

#include <cmath>

#include "sim/calibration/targets.hpp"
#include "tests/temp_dir.hpp"

using namespace pcnsim;
using pcnsim::testing::TempDir;

namespace {
const std::string kTargetsHeader = "metric,group_by,group,first_week,last_week,value,sd,lower_95,upper_95\n";

std::vector<CalibrationTarget> targets_from_text(const std::string& text, Problems& problems, std::string& path) {
    static TempDir tmp;
    static int n = 0;
    path = tmp.write("targets" + std::to_string(n++) + ".csv", text).string();
    return load_targets(path, problems);
}
// Whether `problems` holds one at this file, line and key whose message contains `text`.
bool reported(const Problems& problems, const std::string& path, int line, const std::string& key, const std::string& text) {
    for (const auto& p : problems)
        if (p.file == path && p.line == line && p.key == key && p.message.find(text) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST_CASE("targets: rows with an SD or a 95% interval load, the interval as an SD") {
    Problems problems;
    std::string path;
    const auto t = targets_from_text(kTargetsHeader + "gp_appointments,all,all,0,51,230000,4000,,\n"
                                  "ae_attendances,imd_quintile,1,0,51,3100,,2900,3300\n"
                                  "\"pam_mean\",pam_level,2,10,20,48.5,0.4,,\n"
                                  "coach_utilisation,practice,Z00001,0,0,0.8,0.05,,\n",
                       problems, path);
    REQUIRE_MESSAGE(problems.empty(), problems.front().to_string());
    REQUIRE(t.size() == 4);
    CHECK(t[0].metric == "gp_appointments");
    CHECK(t[0].last_week == 51);
    CHECK(t[0].value == 230000);
    CHECK(t[0].sd == 4000);
    CHECK(t[1].group == "1");
    CHECK(t[1].sd == doctest::Approx(400 / (2 * 1.959963984540054)));
    CHECK(t[2].metric == "pam_mean");
    CHECK(t[2].line == 4);
    CHECK(t[3].group_by == "practice");  // codes are checked against the population when it runs
}

TEST_CASE("targets: every bad row is reported with its line and column, and nothing is returned") {
    Problems problems;
    std::string path;
    const auto t = targets_from_text(kTargetsHeader + "gp_appointmnts,all,all,0,51,1,1,,\n"       // 2: unknown metric, suggestion
                                  "gp_appointments,ward,all,0,51,1,1,,\n"     // 3: unknown group_by
                                  "gp_appointments,sex,other,0,51,1,1,,\n"    // 4: unknown group
                                  "gp_appointments,all,all,-1,51,1,1,,\n"     // 5: bad first week
                                  "gp_appointments,all,all,10,5,1,1,,\n"      // 6: last before first
                                  "gp_appointments,all,all,0,5,many,1,,\n"    // 7: value not a number
                                  "gp_appointments,all,all,0,5,1,1,0,2\n"     // 8: both forms
                                  "gp_appointments,all,all,0,5,1,,,\n"        // 9: neither
                                  "gp_appointments,all,all,0,5,1,0,,\n"       // 10: sd not positive
                                  "gp_appointments,all,all,0,5,1,,3,2\n",     // 11: upper below lower
                       problems, path);
    CHECK(t.empty());
    const auto has = [&](int line, const std::string& key, const std::string& text) { return reported(problems, path, line, key, text); };
    CHECK(has(2, "metric", "did you mean 'gp_appointments'?"));
    CHECK(has(3, "group_by", "unknown group_by 'ward'"));
    CHECK(has(4, "group", "'other' is not a group of sex"));
    CHECK(has(5, "first_week", "not a reported week"));
    CHECK(has(6, "last_week", "before first_week"));
    CHECK(has(7, "value", "'many' is not a number"));
    CHECK(has(8, "sd", "either sd or lower_95 and upper_95"));
    CHECK(has(9, "sd", "either sd or lower_95 and upper_95"));
    CHECK(has(10, "sd", "must be greater than 0"));
    CHECK(has(11, "upper_95", "must be greater than lower_95"));
    CHECK(problems.size() == 10);
}

TEST_CASE("targets: a header without the required columns, or a file without rows, is a problem") {
    Problems problems;
    std::string path;
    CHECK(targets_from_text("metric,group,value\n", problems, path).empty());
    CHECK(problems.size() == 3);  // group_by, first_week, last_week missing
    CHECK(problems.front().line == 1);
    problems.clear();
    CHECK(targets_from_text("metric,group_by,group,first_week,last_week,value\n", problems, path).empty());
    REQUIRE(problems.size() == 1);
    CHECK(problems.front().key == "sd");
    problems.clear();
    CHECK(targets_from_text(kTargetsHeader, problems, path).empty());
    REQUIRE(problems.size() == 1);
    CHECK(problems.front().message == "the file has no targets");
}

TEST_CASE("targets: a rate per 1,000 per year and a ratio to a reference group load, and their misuse is reported") {
    Problems problems;
    std::string path;
    const std::string header = "metric,group_by,group,reference_group,measure,first_week,last_week,value,sd\n";
    const auto t = targets_from_text(header + "gp_appointments,all,all,,per_1000_per_year,0,51,5900,300\n"
                                 "ae_attendances,pam_level,1,4,per_1000_per_year,0,51,1.7,0.17\n",
                        problems, path);
    REQUIRE_MESSAGE(problems.empty(), problems.front().to_string());
    REQUIRE(t.size() == 2);
    CHECK(t[0].per_1000_per_year);
    CHECK(t[0].reference_group.empty());
    CHECK(t[1].reference_group == "4");
    const auto bad = targets_from_text(header + "pam_mean,all,all,,per_1000_per_year,0,51,55,1\n"    // 2: not a flow
                                   "gp_appointments,all,all,,per_year,0,51,1,1\n"        // 3: unknown measure
                                   "gp_appointments,pam_level,1,1,total,0,51,1,1\n"      // 4: reference is itself
                                   "gp_appointments,pam_level,1,9,total,0,51,1,1\n",     // 5: no such group
                          problems, path);
    CHECK(bad.empty());
    const auto has = [&](int line, const std::string& key, const std::string& text) { return reported(problems, path, line, key, text); };
    CHECK(has(2, "measure", "pam_mean is not a flow"));
    CHECK(has(3, "measure", "unknown measure 'per_year'"));
    CHECK(has(4, "reference_group", "is the group itself"));
    CHECK(has(5, "reference_group", "'9' is not a group of pam_level"));
    CHECK(problems.size() == 4);
}

TEST_CASE("targets: two rows for the same target are refused naming both lines") {
    Problems problems;
    std::string path;
    const auto t = targets_from_text(kTargetsHeader + "gp_appointments,all,all,0,51,230000,4000,,\n"
                                  "gp_appointments,all,all,0,25,115000,3000,,\n"
                                  "gp_appointments,all,all,0,51,231000,4100,,\n",
                       problems, path);
    CHECK(t.empty());
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].file == path);
    CHECK(problems[0].line == 4);
    CHECK(problems[0].key == "metric");
    CHECK(problems[0].message.find("line 2 already gives gp_appointments") != std::string::npos);
}
