#include "sim/population/practice_files.hpp"
#include "tests/temp_dir.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace {

using namespace pcnsim;
namespace fs = std::filesystem;

const std::string kDataDir = std::string(PCNSIM_SOURCE_DIR) + "/scenarios/data/";
const std::string kExampleRegister = kDataDir + "fictional-pcn-registered-patients.csv";
const std::vector<std::string> kExampleCodes = {"Z00001", "Z00002", "Z00003", "Z00004", "Z00005", "Z00006"};
const std::string kHeader =
    "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,ORG_CODE,POSTCODE,SEX,"
    "AGE_GROUP_5,NUMBER_OF_PATIENTS";

using pcnsim::testing::TempDir;

// One row of the published register file for a fictional practice.
std::string reg_row(const std::string& org, const std::string& sex, const std::string& age, const std::string& n) {
    return "Patients Registered at a GP Practice,01OCT2026,GP,99Z,E38999999," + org + ",ZZ1 1AA," + sex + "," + age +
           "," + n + "\n";
}

std::string reg_file(const std::vector<std::string>& rows) {
    std::string text = kHeader + "\n";
    for (const auto& r : rows) text += r;
    return text;
}

// Problem::to_string() trips a GCC 12 -Wrestrict false positive at -O2, so tests format their own.
std::string describe(const Problem& p) { return fmt::format("{}:{}: {}: {}", p.file, p.line, p.key, p.message); }

void check_single_problem(const Problems& problems, const std::string& file, int line, const std::string& key) {
    REQUIRE(problems.size() == 1);
    INFO(describe(problems[0]));
    CHECK(problems[0].file == file);
    CHECK(problems[0].line == line);
    CHECK(problems[0].key == key);
    CHECK_FALSE(problems[0].message.empty());
}

std::vector<std::string> split_commas(const std::string& line) {
    std::vector<std::string> fields;
    std::stringstream in(line);
    std::string field;
    while (std::getline(in, field, ',')) fields.push_back(field);
    return fields;
}

// Expected counts computed without the loader: the example file has no quoted commas.
struct ExpectedRegister {
    std::map<std::tuple<std::string, int, std::string>, std::uint32_t> cells;  // (org, sex, band) -> n
    std::map<std::string, std::uint64_t> all_all;
};

ExpectedRegister read_expected(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    const auto header = split_commas(line);
    auto index = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    const std::size_t org = index("ORG_CODE");
    const std::size_t sex = index("SEX");
    const std::size_t age = index("AGE_GROUP_5");
    const std::size_t n = index("NUMBER_OF_PATIENTS");
    ExpectedRegister e;
    while (std::getline(in, line)) {
        const auto f = split_commas(line);
        const std::uint32_t value = static_cast<std::uint32_t>(std::stoul(f[n]));
        if (f[sex] == "ALL" && f[age] == "ALL") e.all_all[f[org]] = value;
        if (f[sex] == "ALL" || f[age] == "ALL") continue;
        e.cells[std::make_tuple(f[org], f[sex] == "MALE" ? 1 : 0, f[age])] = value;
    }
    return e;
}

double share_sum(const std::array<double, 5>& shares) {
    double sum = 0.0;
    for (const double s : shares) sum += s;
    return sum;
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// Registered patients

TEST_CASE("practice_files: example registered-patients file loads and matches its rows") {
    Problems problems;
    const auto registers = load_registered_patients(kExampleRegister, kExampleCodes, problems);
    for (const auto& p : problems) INFO(describe(p));
    CHECK(problems.empty());
    REQUIRE(registers.size() == kExampleCodes.size());

    const ExpectedRegister expected = read_expected(kExampleRegister);
    REQUIRE(expected.cells.size() == 6 * 2 * kFiveYearBands);
    std::uint64_t pcn_total = 0;
    for (std::size_t i = 0; i < registers.size(); ++i) {
        const PracticeRegister& r = registers[i];
        CHECK(r.org_code == kExampleCodes[i]);
        for (int sex = 0; sex < 2; ++sex) {
            for (int band = 0; band < kFiveYearBands; ++band) {
                const auto key = std::make_tuple(r.org_code, sex, std::string(five_year_band_label(band)));
                CHECK(r.counts[sex][band] == expected.cells.at(key));
            }
        }
        CHECK(r.total() == expected.all_all.at(r.org_code));
        pcn_total += r.total();
    }
    CHECK(registers[0].postcode == "ZZ1 1AA");
    CHECK(registers[5].postcode == "ZZ4 6AH");
    CHECK(pcn_total == 45032);
}

TEST_CASE("practice_files: band labels are those of the published file") {
    CHECK(five_year_band_label(0) == "0_4");
    CHECK(five_year_band_label(1) == "5_9");
    CHECK(five_year_band_label(18) == "90_94");
    CHECK(five_year_band_label(19) == "95+");
    CHECK(five_year_band_label(20).empty());
    CHECK(five_year_band_label(-1).empty());
}

TEST_CASE("practice_files: results follow the requested order, once per code, other practices skipped") {
    Problems problems;
    const auto registers = load_registered_patients(kExampleRegister, {"Z00004", "Z00001", "Z00004"}, problems);
    CHECK(problems.empty());
    REQUIRE(registers.size() == 2);
    CHECK(registers[0].org_code == "Z00004");
    CHECK(registers[1].org_code == "Z00001");
    CHECK(registers[1].total() == 9704);
}

TEST_CASE("practice_files: SEX or AGE_GROUP_5 ALL rows are skipped and ALL/ALL is checked") {
    TempDir dir;
    // Subtotal rows carry deliberately wrong numbers: they must not reach the bands.
    const std::vector<std::string> rows = {
        reg_row("Z00001", "ALL", "ALL", "35"),    reg_row("Z00001", "FEMALE", "ALL", "999"),
        reg_row("Z00001", "MALE", "ALL", "777"),  reg_row("Z00001", "ALL", "0_4", "555"),
        reg_row("Z00001", "FEMALE", "0_4", "10"), reg_row("Z00001", "MALE", "0_4", "20"),
        reg_row("Z00001", "MALE", "95+", "5"),
    };
    Problems problems;
    const auto good = load_registered_patients(dir.write("good.csv", reg_file(rows)), {"Z00001"}, problems);
    CHECK(problems.empty());
    REQUIRE(good.size() == 1);
    CHECK(good[0].counts[0][0] == 10);
    CHECK(good[0].counts[1][0] == 20);
    CHECK(good[0].counts[1][19] == 5);
    CHECK(good[0].total() == 35);

    std::vector<std::string> bad_rows = rows;
    bad_rows[0] = reg_row("Z00001", "ALL", "ALL", "36");
    const std::string bad = dir.write("bad.csv", reg_file(bad_rows));
    problems.clear();
    load_registered_patients(bad, {"Z00001"}, problems);
    check_single_problem(problems, bad, 2, "NUMBER_OF_PATIENTS");
    CHECK(problems[0].message.find("36") != std::string::npos);
    CHECK(problems[0].message.find("35") != std::string::npos);
}

TEST_CASE("practice_files: quoted fields, CRLF line ends and a byte-order mark parse") {
    TempDir dir;
    const std::string text = "\xEF\xBB\xBF" + kHeader + "\r\n" +
                             "\"Patients Registered at a GP Practice, October 2026\",01OCT2026,GP,99Z,E38999999,"
                             "\"Z00001\",\"ZZ1 1AA\",FEMALE,\"0_4\",\"12\"\r\n" +
                             "\"The \"\"quoted\"\" publication, again\",01OCT2026,GP,99Z,E38999999,"
                             "Z00001,\"ZZ1 1AA\",MALE,95+,7\r\n" +
                             "total,01OCT2026,GP,99Z,E38999999,Z00001,ZZ1 1AA,ALL,ALL,19\r\n";
    Problems problems;
    const auto registers = load_registered_patients(dir.write("quoted.csv", text), {"Z00001"}, problems);
    for (const auto& p : problems) INFO(describe(p));
    CHECK(problems.empty());
    REQUIRE(registers.size() == 1);
    CHECK(registers[0].postcode == "ZZ1 1AA");
    CHECK(registers[0].counts[0][0] == 12);
    CHECK(registers[0].counts[1][19] == 7);
    CHECK(registers[0].total() == 19);
}

TEST_CASE("practice_files: register columns are found by name") {
    TempDir dir;
    const std::string text =
        "NUMBER_OF_PATIENTS,AGE_GROUP_5,EXTRA,SEX,ORG_CODE\n"
        "40,5_9,x,FEMALE,Z00002\n"
        "41,5_9,y,MALE,Z00002\n"
        "81,ALL,z,ALL,Z00002\n";
    Problems problems;
    const auto registers = load_registered_patients(dir.write("reordered.csv", text), {"Z00002"}, problems);
    CHECK(problems.empty());
    REQUIRE(registers.size() == 1);
    CHECK(registers[0].counts[0][1] == 40);
    CHECK(registers[0].counts[1][1] == 41);
    CHECK(registers[0].postcode.empty());
}

TEST_CASE("practice_files: each bad register input is a problem with file, line and key") {
    TempDir dir;
    Problems problems;
    auto load_rows = [&](const std::vector<std::string>& rows) {
        problems.clear();
        const std::string path = dir.write("bad.csv", reg_file(rows));
        load_registered_patients(path, {"Z00001"}, problems);
        return path;
    };
    const std::string ok_row = reg_row("Z00001", "FEMALE", "0_4", "10");

    SUBCASE("unknown SEX") {
        const auto path = load_rows({ok_row, reg_row("Z00001", "UNKNOWN", "5_9", "3")});
        check_single_problem(problems, path, 3, "SEX");
        CHECK(problems[0].message.find("UNKNOWN") != std::string::npos);
    }
    SUBCASE("unknown AGE_GROUP_5") {
        const auto path = load_rows({reg_row("Z00001", "MALE", "95_99", "3"), ok_row});
        check_single_problem(problems, path, 2, "AGE_GROUP_5");
        CHECK(problems[0].message.find("95_99") != std::string::npos);
    }
    SUBCASE("non-integer NUMBER_OF_PATIENTS") {
        for (const std::string bad : {"12.5", "abc", "", "7x", "99999999999"}) {
            const auto path = load_rows({ok_row, reg_row("Z00001", "MALE", "5_9", bad)});
            INFO("value: '" << bad << "'");
            check_single_problem(problems, path, 3, "NUMBER_OF_PATIENTS");
        }
    }
    SUBCASE("negative NUMBER_OF_PATIENTS") {
        const auto path = load_rows({reg_row("Z00001", "MALE", "5_9", "-3")});
        check_single_problem(problems, path, 2, "NUMBER_OF_PATIENTS");
        CHECK(problems[0].message.find("negative") != std::string::npos);
    }
    SUBCASE("duplicate practice, sex and band") {
        const auto path = load_rows({ok_row, reg_row("Z00001", "MALE", "0_4", "4"), ok_row});
        check_single_problem(problems, path, 4, "AGE_GROUP_5");
        CHECK(problems[0].message.find("line 2") != std::string::npos);
    }
    SUBCASE("duplicate ALL/ALL total") {
        const auto path = load_rows({reg_row("Z00001", "ALL", "ALL", "10"), ok_row, reg_row("Z00001", "ALL", "ALL", "10")});
        check_single_problem(problems, path, 4, "AGE_GROUP_5");
    }
    SUBCASE("requested practice absent") {
        problems.clear();
        const std::string path = dir.write("absent.csv", reg_file({ok_row, reg_row("Z00001", "ALL", "ALL", "10")}));
        const auto registers = load_registered_patients(path, {"Z00001", "Z00009", "Z00008"}, problems);
        CHECK(registers.size() == 1);
        REQUIRE(problems.size() == 2);
        CHECK(problems[0].key == "Z00009");
        CHECK(problems[1].key == "Z00008");
        CHECK(problems[0].line == 0);
        CHECK(problems[0].file == path);
    }
    SUBCASE("unclosed quote") {
        const auto path = load_rows({ok_row, "\"Patients,01OCT2026,GP,99Z,E38999999,Z00001,ZZ1 1AA,MALE,0_4,3\n"});
        check_single_problem(problems, path, 3, "");
        CHECK(problems[0].message.find("quoted") != std::string::npos);
    }
    SUBCASE("wrong number of fields") {
        const auto path = load_rows({ok_row, "Z00001,MALE,0_4,3\n"});
        check_single_problem(problems, path, 3, "");
        CHECK(problems[0].message.find("4 fields") != std::string::npos);
    }
    SUBCASE("several bad rows are all reported") {
        const auto path = load_rows({reg_row("Z00001", "X", "0_4", "1"), reg_row("Z00001", "MALE", "0_5", "-1"),
                                     reg_row("Z00001", "FEMALE", "5_9", "2")});
        REQUIRE(problems.size() == 3);
        CHECK(problems[0].line == 2);
        CHECK(problems[0].key == "SEX");
        CHECK(problems[1].line == 3);
        CHECK(problems[1].key == "AGE_GROUP_5");
        CHECK(problems[2].line == 3);
        CHECK(problems[2].key == "NUMBER_OF_PATIENTS");
    }
}

TEST_CASE("practice_files: a NUL byte inside a count is refused naming file line and column") {
    TempDir dir;
    Problems problems;
    // "12<NUL>3": read as a C string it would be 12.
    const std::string path = dir.write("nul.csv", reg_file({reg_row("Z00001", "ALL", "ALL", "15"), reg_row("Z00001", "FEMALE", "0_4", "3"),
                                                            reg_row("Z00001", "MALE", "0_4", std::string("12\0" "3", 4))}));
    load_registered_patients(path, {"Z00001"}, problems);
    const auto nul = std::find_if(problems.begin(), problems.end(), [](const Problem& p) { return p.message.find("NUL") != std::string::npos; });
    REQUIRE_MESSAGE(nul != problems.end(), (problems.empty() ? "no problem" : describe(problems[0])));
    CHECK(nul->file == path);
    CHECK(nul->line == 4);
    CHECK(nul->key == "NUMBER_OF_PATIENTS");
}

TEST_CASE("practice_files: age bands missing without a practice total are refused and named") {
    TempDir dir;
    Problems problems;
    std::vector<std::string> rows;
    for (const char* sex : {"FEMALE", "MALE"})
        for (int band = 0; band < kFiveYearBands; ++band)
            if (!(std::string(sex) == "MALE" && (band == 3 || band == 19))) rows.push_back(reg_row("Z00001", sex, std::string(five_year_band_label(band)), "5"));
    const std::string path = dir.write("bands.csv", reg_file(rows));
    load_registered_patients(path, {"Z00001"}, problems);
    check_single_problem(problems, path, 0, "AGE_GROUP_5");
    CHECK(problems[0].message.find("no row for MALE 15_19, MALE 95+:") != std::string::npos);
    // With every band given, or with the practice total (which catches a band left out), it loads.
    problems.clear();
    rows.push_back(reg_row("Z00001", "ALL", "ALL", "190"));
    const auto with_total = load_registered_patients(dir.write("total.csv", reg_file(rows)), {"Z00001"}, problems);
    CHECK(problems.empty());
    CHECK(with_total.size() == 1);
}

TEST_CASE("practice_files: a practice with no registered patients is refused") {
    TempDir dir;
    Problems problems;
    const std::string path = dir.write("empty-list.csv", reg_file({reg_row("Z00001", "ALL", "ALL", "0"), reg_row("Z00001", "FEMALE", "0_4", "0"),
                                                                   reg_row("Z00002", "ALL", "ALL", "3"), reg_row("Z00002", "MALE", "0_4", "3")}));
    load_registered_patients(path, {"Z00001", "Z00002"}, problems);
    check_single_problem(problems, path, 2, "NUMBER_OF_PATIENTS");
    CHECK(problems[0].message.find("practice Z00001 has no registered patients") != std::string::npos);
}

TEST_CASE("practice_files: register header and file problems") {
    TempDir dir;
    Problems problems;
    SUBCASE("missing columns are each reported on the header line") {
        const std::string path = dir.write("cols.csv", "ORG_CODE,POSTCODE,SEX_CODE,NUMBER_OF_PATIENTS\nZ00001,ZZ1 1AA,MALE,3\n");
        const auto registers = load_registered_patients(path, {"Z00001"}, problems);
        CHECK(registers.empty());
        REQUIRE(problems.size() == 2);
        CHECK(problems[0].key == "SEX");
        CHECK(problems[1].key == "AGE_GROUP_5");
        CHECK(problems[0].line == 1);
        CHECK(problems[0].file == path);
    }
    SUBCASE("duplicated column") {
        const std::string path = dir.write("dup.csv", kHeader + ",SEX\n");
        load_registered_patients(path, {}, problems);
        check_single_problem(problems, path, 1, "SEX");
    }
    SUBCASE("missing file") {
        const std::string path = dir.path("does-not-exist.csv");
        CHECK(load_registered_patients(path, {"Z00001"}, problems).empty());
        check_single_problem(problems, path, 0, "");
        CHECK(problems[0].message == "file not found");
    }
    SUBCASE("directory instead of file") {
        const std::string path = dir.path("");
        load_registered_patients(path, {"Z00001"}, problems);
        check_single_problem(problems, path, 0, "");
    }
    SUBCASE("empty file") {
        const std::string path = dir.write("empty.csv", "");
        load_registered_patients(path, {"Z00001"}, problems);
        check_single_problem(problems, path, 0, "");
    }
}

TEST_CASE("practice_files: problems are capped at 50 per file") {
    TempDir dir;
    std::vector<std::string> rows;
    for (int i = 0; i < 80; ++i) rows.push_back(reg_row("Z00001", "NOBODY", "0_4", "1"));
    Problems problems;
    const std::string path = dir.write("many.csv", reg_file(rows));
    load_registered_patients(path, {"Z00001", "Z00002"}, problems);
    // 50 problems and one note; the absence of Z00002 is not claimed as the file was not read to the end.
    REQUIRE(problems.size() == 51);
    CHECK(problems[49].key == "SEX");
    CHECK(problems[49].line == 51);
    CHECK(problems[50].key.empty());
    CHECK(problems[50].line == 52);
    CHECK(problems[50].message.find("more than 50") != std::string::npos);
}

TEST_CASE("practice_files: a national-size register file returns the requested practices") {
    // Same shape as the national file: about 6,500 practices, ALL rows first, 2 x 20 bands.
    constexpr int kPractices = 6500;
    auto count = [](int p, int sex, int band) { return static_cast<std::uint32_t>((p * 37 + sex * 11 + band * 13) % 700); };
    auto code = [](int p) { return fmt::format("N{:05d}", p); };
    TempDir dir;
    const std::string path = dir.path("national.csv");
    {
        std::ofstream out(path, std::ios::binary);
        out << kHeader << '\n';
        for (int p = 0; p < kPractices; ++p) {
            const std::string prefix =
                fmt::format("\"Patients Registered at a GP Practice, October 2026\",01OCT2026,GP,{:02d}A,E38000{:03d},{},"
                            "N{} 1AA,",
                            p % 97, p % 211, code(p), p % 90);
            std::uint64_t sex_totals[2] = {0, 0};
            for (int sex = 0; sex < 2; ++sex)
                for (int band = 0; band < kFiveYearBands; ++band) sex_totals[sex] += count(p, sex, band);
            out << prefix << "ALL,ALL," << sex_totals[0] + sex_totals[1] << '\n';
            out << prefix << "FEMALE,ALL," << sex_totals[0] << '\n';
            out << prefix << "MALE,ALL," << sex_totals[1] << '\n';
            for (int sex = 0; sex < 2; ++sex)
                for (int band = 0; band < kFiveYearBands; ++band)
                    out << prefix << (sex == 0 ? "FEMALE," : "MALE,") << five_year_band_label(band) << ','
                        << count(p, sex, band) << '\n';
        }
    }
    const std::vector<int> wanted = {6499, 0, 3217, 1, 4999, 2048};
    std::vector<std::string> codes;
    for (const int p : wanted) codes.push_back(code(p));
    Problems problems;
    const auto registers = load_registered_patients(path, codes, problems);
    for (const auto& p : problems) INFO(describe(p));
    CHECK(problems.empty());
    REQUIRE(registers.size() == wanted.size());
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        const PracticeRegister& r = registers[i];
        CHECK(r.org_code == codes[i]);
        CHECK(r.postcode == fmt::format("N{} 1AA", wanted[i] % 90));
        for (int sex = 0; sex < 2; ++sex)
            for (int band = 0; band < kFiveYearBands; ++band) CHECK(r.counts[sex][band] == count(wanted[i], sex, band));
    }
}

// ------------------------------------------------------------------------------------------------
// Prevalence

TEST_CASE("practice_files: example prevalence file loads") {
    Problems problems;
    const auto prevalence =
        load_prevalence(kDataDir + "fictional-pcn-prevalence.csv", {"Z00006", "Z00001", "Z09999"}, problems);
    CHECK(problems.empty());  // Z09999 is absent: the caller uses defaults, not a problem
    REQUIRE(prevalence.size() == 2);
    CHECK(prevalence[0].org_code == "Z00006");
    CHECK(prevalence[0].share.size() == 4);  // Z00006 has no chronic_pain row
    CHECK(prevalence[0].share.count("chronic_pain") == 0);
    CHECK(prevalence[1].org_code == "Z00001");
    REQUIRE(prevalence[1].share.size() == 5);
    CHECK(prevalence[1].share.at("diabetes") == doctest::Approx(717.0 / 7632.0).epsilon(1e-12));
    CHECK(prevalence[1].share.at("respiratory") == doctest::Approx(951.0 / 9704.0).epsilon(1e-12));
}

TEST_CASE("practice_files: bad prevalence values are problems") {
    TempDir dir;
    Problems problems;
    auto load_rows = [&](const std::string& rows) {
        problems.clear();
        const std::string path = dir.write("prev.csv", "ORG_CODE,CONDITION,REGISTER,LIST_SIZE\n" + rows);
        return std::make_pair(path, load_prevalence(path, {"Z00001"}, problems));
    };
    SUBCASE("misspelt condition suggests the right one") {
        const auto [path, result] = load_rows("Z00001,diabetis,10,100\n");
        check_single_problem(problems, path, 2, "CONDITION");
        CHECK(problems[0].message.find("did you mean 'diabetes'") != std::string::npos);
        CHECK(result.empty());
    }
    SUBCASE("short name suggests the full one") {
        const auto [path, result] = load_rows("Z00001,obesity,1,10\nZ00001,depression,10,100\n");
        check_single_problem(problems, path, 3, "CONDITION");
        CHECK(problems[0].message.find("did you mean 'anxiety_depression'") != std::string::npos);
        REQUIRE(result.size() == 1);
        CHECK(result[0].share.at("obesity") == doctest::Approx(0.1));
    }
    SUBCASE("QOF register names map to the grouped condition") {
        const auto [path, result] = load_rows("Z00001,COPD,10,100\n");
        check_single_problem(problems, path, 2, "CONDITION");
        CHECK(problems[0].message.find("did you mean 'respiratory'") != std::string::npos);
    }
    SUBCASE("unrelated condition lists the valid ones without a guess") {
        const auto [path, result] = load_rows("Z00001,hypertension,10,100\n");
        check_single_problem(problems, path, 2, "CONDITION");
        CHECK(problems[0].message.find("did you mean") == std::string::npos);
        CHECK(problems[0].message.find("chronic_pain") != std::string::npos);
    }
    SUBCASE("register larger than list size") {
        const auto [path, result] = load_rows("Z00001,diabetes,101,100\n");
        check_single_problem(problems, path, 2, "REGISTER");
    }
    SUBCASE("zero list size") {
        const auto [path, result] = load_rows("Z00001,diabetes,0,0\n");
        check_single_problem(problems, path, 2, "LIST_SIZE");
    }
    SUBCASE("non-integer and negative counts") {
        const auto [path, result] = load_rows("Z00001,diabetes,1.5,-100\n");
        REQUIRE(problems.size() == 2);
        CHECK(problems[0].key == "REGISTER");
        CHECK(problems[1].key == "LIST_SIZE");
        CHECK(problems[1].line == 2);
    }
    SUBCASE("duplicate condition for a practice") {
        const auto [path, result] = load_rows("Z00001,diabetes,1,100\nZ00002,diabetes,1,100\nZ00001,diabetes,2,100\n");
        check_single_problem(problems, path, 4, "CONDITION");
        REQUIRE(result.size() == 1);
        CHECK(result[0].share.at("diabetes") == doctest::Approx(0.01));
    }
    SUBCASE("rows of practices not requested are not checked") {
        const auto [path, result] = load_rows("Z00002,nonsense,x,y\nZ00001,obesity,25,100\n");
        CHECK(problems.empty());
        REQUIRE(result.size() == 1);
        CHECK(result[0].share.at("obesity") == doctest::Approx(0.25));
    }
    SUBCASE("missing column") {
        problems.clear();
        const std::string path = dir.write("cols.csv", "ORG_CODE,CONDITION,REGISTER\nZ00001,obesity,3\n");
        CHECK(load_prevalence(path, {"Z00001"}, problems).empty());
        check_single_problem(problems, path, 1, "LIST_SIZE");
    }
}

// ------------------------------------------------------------------------------------------------
// Deprivation

TEST_CASE("practice_files: example deprivation files load in both forms") {
    Problems problems;
    const auto shares = load_deprivation(kDataDir + "fictional-pcn-deprivation.csv", kExampleCodes, problems);
    CHECK(problems.empty());
    REQUIRE(shares.size() == 6);
    CHECK(shares[0].org_code == "Z00001");
    CHECK(shares[0].quintile_share[0] == doctest::Approx(0.712).epsilon(1e-12));
    CHECK(shares[0].quintile_share[4] == doctest::Approx(0.009).epsilon(1e-12));
    for (const auto& s : shares) CHECK(share_sum(s.quintile_share) == doctest::Approx(1.0).epsilon(1e-12));

    const auto scored = load_deprivation(kDataDir + "fictional-pcn-deprivation-scores.csv", {"Z00005", "Z00001"}, problems);
    CHECK(problems.empty());
    REQUIRE(scored.size() == 2);
    CHECK(scored[0].org_code == "Z00005");  // score 9.6: least deprived quintile
    CHECK(scored[0].quintile_share[4] == doctest::Approx(0.8));
    CHECK(scored[1].quintile_share[0] == doctest::Approx(0.8));  // score 44.8: most deprived quintile
}

TEST_CASE("practice_files: IMD score conversion uses the documented cut points and kernel") {
    struct Case {
        double score;
        std::array<double, 5> expected;
    };
    const Case cases[] = {
        {68.0, {0.80, 0.15, 0.05, 0.00, 0.00}}, {31.0, {0.80, 0.15, 0.05, 0.00, 0.00}},
        {30.99, {0.15, 0.65, 0.15, 0.05, 0.00}}, {22.5, {0.15, 0.65, 0.15, 0.05, 0.00}},
        {20.0, {0.05, 0.15, 0.60, 0.15, 0.05}},  {16.5, {0.05, 0.15, 0.60, 0.15, 0.05}},
        {16.49, {0.00, 0.05, 0.15, 0.65, 0.15}}, {12.0, {0.00, 0.05, 0.15, 0.65, 0.15}},
        {11.99, {0.00, 0.00, 0.05, 0.15, 0.80}}, {0.0, {0.00, 0.00, 0.05, 0.15, 0.80}},
    };
    for (const Case& c : cases) {
        INFO("score " << c.score);
        const auto shares = imd_score_to_quintile_shares(c.score);
        for (std::size_t q = 0; q < 5; ++q) CHECK(shares[q] == doctest::Approx(c.expected[q]).epsilon(1e-12));
    }
}

TEST_CASE("practice_files: bad deprivation inputs are problems") {
    TempDir dir;
    Problems problems;
    const std::string q_header = "ORG_CODE,IMD_Q1,IMD_Q2,IMD_Q3,IMD_Q4,IMD_Q5\n";
    auto load = [&](const std::string& text) {
        problems.clear();
        const std::string path = dir.write("dep.csv", text);
        return std::make_pair(path, load_deprivation(path, {"Z00001", "Z00002"}, problems));
    };
    SUBCASE("shares within 0.01 of 1 are renormalised") {
        const auto [path, result] = load(q_header + "Z00001,0.2,0.2,0.2,0.2,0.195\n");
        CHECK(problems.empty());
        REQUIRE(result.size() == 1);
        CHECK(result[0].quintile_share[0] == doctest::Approx(0.2 / 0.995).epsilon(1e-12));
        CHECK(result[0].quintile_share[4] == doctest::Approx(0.195 / 0.995).epsilon(1e-12));
    }
    SUBCASE("shares that do not sum to 1") {
        const auto [path, result] = load(q_header + "Z00002,0.2,0.2,0.2,0.2,0.3\nZ00001,0.2,0.2,0.2,0.2,0.17\n");
        REQUIRE(problems.size() == 2);
        CHECK(problems[0].line == 2);
        CHECK(problems[0].key == "IMD_Q1..IMD_Q5");
        CHECK(problems[1].line == 3);
        CHECK(result.empty());
    }
    SUBCASE("shares outside 0..1 or not numbers") {
        const auto [path, result] = load(q_header + "Z00001,1.2,-0.1,0,0,abc\n");
        REQUIRE(problems.size() == 3);
        CHECK(problems[0].key == "IMD_Q1");
        CHECK(problems[1].key == "IMD_Q2");
        CHECK(problems[2].key == "IMD_Q5");
        CHECK(problems[2].line == 2);
        CHECK(problems[0].file == path);
    }
    SUBCASE("score out of range or not a number") {
        const auto [path, result] = load("ORG_CODE,IMD_SCORE\nZ00001,150\nZ00002,n/a\n");
        REQUIRE(problems.size() == 2);
        CHECK(problems[0].key == "IMD_SCORE");
        CHECK(problems[0].line == 2);
        CHECK(problems[1].line == 3);
    }
    SUBCASE("duplicate practice") {
        const auto [path, result] = load("ORG_CODE,IMD_SCORE\nZ00001,20\nZ00001,25\n");
        check_single_problem(problems, path, 3, "ORG_CODE");
        REQUIRE(result.size() == 1);
        CHECK(result[0].quintile_share[2] == doctest::Approx(0.6));
    }
    SUBCASE("both forms in the header") {
        const auto [path, result] = load("ORG_CODE,IMD_SCORE,IMD_Q1,IMD_Q2,IMD_Q3,IMD_Q4,IMD_Q5\n");
        check_single_problem(problems, path, 1, "IMD_SCORE");
    }
    SUBCASE("neither form in the header") {
        const auto [path, result] = load("ORG_CODE,SCORE\nZ00001,3\n");
        check_single_problem(problems, path, 1, "IMD_SCORE");
    }
    SUBCASE("incomplete quintile columns") {
        const auto [path, result] = load("ORG_CODE,IMD_Q1,IMD_Q2,IMD_Q4\nZ00001,0.5,0.3,0.2\n");
        REQUIRE(problems.size() == 2);
        CHECK(problems[0].key == "IMD_Q3");
        CHECK(problems[1].key == "IMD_Q5");
        CHECK(result.empty());
    }
    SUBCASE("absent practices are not problems") {
        const auto [path, result] = load("ORG_CODE,IMD_SCORE\nZ00003,20\n");
        CHECK(problems.empty());
        CHECK(result.empty());
    }
}
