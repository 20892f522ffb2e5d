#include "sim/population/practice_files.hpp"

#include "sim/core/csv_table.hpp"


#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

namespace pcnsim {
namespace {

constexpr std::uint64_t kMaxCount = std::numeric_limits<std::uint32_t>::max();

constexpr std::array<std::string_view, kFiveYearBands> kBandLabels = {
    "0_4",   "5_9",   "10_14", "15_19", "20_24", "25_29", "30_34", "35_39", "40_44", "45_49",
    "50_54", "55_59", "60_64", "65_69", "70_74", "75_79", "80_84", "85_89", "90_94", "95+"};

// ---------------------------------------------------------------------------------------------
// Requested practices

// Maps requested ORG_CODEs to result slots in first-request order. A sorted vector makes the
// lookup allocation-free, which matters because most rows of a national file are not requested.
class RequestedCodes {
public:
    explicit RequestedCodes(const std::vector<std::string>& codes) {
        std::unordered_set<std::string> seen;
        for (const auto& code : codes) {
            if (seen.insert(code).second) order_.push_back(code);
        }
        for (std::size_t slot = 0; slot < order_.size(); ++slot) sorted_.emplace_back(order_[slot], slot);
        std::sort(sorted_.begin(), sorted_.end());
    }
    std::size_t size() const { return order_.size(); }
    const std::string& code(std::size_t slot) const { return order_[slot]; }

    std::optional<std::size_t> find(std::string_view code) const {
        const auto it = std::lower_bound(sorted_.begin(), sorted_.end(), code,
                                         [](const auto& entry, std::string_view c) { return entry.first < c; });
        if (it == sorted_.end() || it->first != code) return std::nullopt;
        return it->second;
    }

private:
    std::vector<std::string> order_;
    std::vector<std::pair<std::string, std::size_t>> sorted_;
};

// ---------------------------------------------------------------------------------------------
// Value matching (parse_whole and parse_real are in csv_table.hpp)

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            diagonal = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
        }
    }
    return row[b.size()];
}

// Nearest valid name by edit distance, or one containing (or contained in) the value, since users
// often write a familiar short name such as "depression" or "pain".
std::optional<std::string_view> did_you_mean(std::string_view value, const auto& valid) {
    const std::string needle = lower(value);
    std::optional<std::string_view> best;
    std::size_t best_distance = std::max<std::size_t>(3, needle.size() / 3) + 1;
    for (const std::string_view name : valid) {
        const std::size_t d = edit_distance(needle, name);
        if (d < best_distance) {
            best = name;
            best_distance = d;
        }
    }
    if (best || needle.size() < 3) return best;
    for (const std::string_view name : valid) {
        if (name.find(needle) != std::string_view::npos || needle.find(name) != std::string::npos) return name;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Registered patients

constexpr int kAll = -2;      // the "ALL" label of SEX or AGE_GROUP_5
constexpr int kUnknown = -1;  // a label the file format does not define

int parse_sex(std::string_view text) {
    if (iequals(text, "FEMALE")) return 0;
    if (iequals(text, "MALE")) return 1;
    if (iequals(text, "ALL")) return kAll;
    return kUnknown;
}

int parse_band(std::string_view text) {
    if (iequals(text, "ALL")) return kAll;
    const auto it = std::find(kBandLabels.begin(), kBandLabels.end(), text);
    return it == kBandLabels.end() ? kUnknown : static_cast<int>(it - kBandLabels.begin());
}

struct RegisterColumns {
    int org = -1, postcode = -1, sex = -1, age = -1, count = -1;
};

std::optional<RegisterColumns> register_columns(CsvTable& table) {
    // Separate statements so every missing column is reported, not just the first.
    RegisterColumns c;
    c.org = table.require("ORG_CODE");
    c.sex = table.require("SEX");
    c.age = table.require("AGE_GROUP_5");
    c.count = table.require("NUMBER_OF_PATIENTS");
    c.postcode = table.column("POSTCODE");  // optional: only carried through for reports
    if (c.org < 0 || c.sex < 0 || c.age < 0 || c.count < 0) return std::nullopt;
    return c;
}

// Accumulates one requested practice. Lines of the rows seen so far catch duplicates and let
// problems point at both copies.
struct RegisterState {
    PracticeRegister reg;
    bool found = false;
    bool row_errors = false;
    std::array<std::array<int, kFiveYearBands>, 2> cell_line{};
    int total_line = 0;
    std::uint64_t stated_total = 0;
};

struct RegisterRow {
    int sex = kUnknown;
    int band = kUnknown;
    std::uint64_t count = 0;
};

std::optional<RegisterRow> parse_register_row(const CsvTable& table, const RegisterColumns& c,
                                              FileProblems& problems) {
    RegisterRow row{parse_sex(table[c.sex]), parse_band(table[c.age]), 0};
    const int line = table.line();
    bool ok = true;
    if (row.sex == kUnknown) {
        problems.add(line, "SEX", fmt::format("unknown value '{}'; expected FEMALE, MALE or ALL", table[c.sex]));
        ok = false;
    }
    if (row.band == kUnknown) {
        problems.add(line, "AGE_GROUP_5",
                     fmt::format("unknown value '{}'; expected one of {} or ALL", table[c.age],
                                 join(kBandLabels)));
        ok = false;
    }
    const std::string error = parse_whole(table[c.count], kMaxCount, row.count);
    if (!error.empty()) {
        problems.add(line, "NUMBER_OF_PATIENTS", error);
        ok = false;
    }
    return ok ? std::optional(row) : std::nullopt;
}

void store_register_row(RegisterState& s, const RegisterRow& row, int line, FileProblems& problems) {
    const bool total = row.sex == kAll && row.band == kAll;
    if (!total && (row.sex == kAll || row.band == kAll)) return;  // subtotals add nothing to the bands
    int& first_line = total ? s.total_line : s.cell_line[row.sex][row.band];
    if (first_line != 0) {
        const std::string_view sex = total ? "ALL" : row.sex == 0 ? "FEMALE" : "MALE";
        const std::string_view band = total ? "ALL" : kBandLabels[row.band];
        problems.add(line, "AGE_GROUP_5",
                     fmt::format("duplicate row for practice {}, SEX {}, AGE_GROUP_5 {}; first given on line {}",
                                 s.reg.org_code, sex, band, first_line));
        s.row_errors = true;
        return;
    }
    first_line = line;
    if (total) {
        s.stated_total = row.count;
    } else {
        s.reg.counts[row.sex][row.band] = static_cast<std::uint32_t>(row.count);
    }
}

void read_register_row(const CsvTable& table, const RegisterColumns& c, const RequestedCodes& requested,
                       std::vector<RegisterState>& states, FileProblems& problems) {
    const auto slot = requested.find(table[c.org]);
    if (!slot) return;  // most rows of a national file end here, before any other parsing
    RegisterState& s = states[*slot];
    if (!s.found) {
        s.found = true;
        if (c.postcode >= 0) s.reg.postcode = std::string(table[c.postcode]);
    }
    const auto row = parse_register_row(table, c, problems);
    if (row) {
        store_register_row(s, *row, table.line(), problems);
    } else {
        s.row_errors = true;
    }
}

// The female and male age bands a practice has no row for ("FEMALE 85_89").
std::vector<std::string> missing_cells(const RegisterState& s) {
    std::vector<std::string> missing;
    for (int sex = 0; sex < 2; ++sex)
        for (int band = 0; band < kFiveYearBands; ++band)
            if (s.cell_line[sex][band] == 0) missing.push_back(fmt::format("{} {}", sex == 0 ? "FEMALE" : "MALE", kBandLabels[band]));
    return missing;
}

// Whole-file checks; skipped when the file was not read to the end, as they would be misleading.
// Without the practice total nothing would show a band left out, which would count as 0 patients.
// A practice with no patients (closed or merged) simulates nobody and is refused rather than run.
// Both are checked only in a file with no other problem: a row refused there may be the band missing.
void check_registers(const std::vector<RegisterState>& states, FileProblems& problems) {
    const bool clean = problems.count() == 0;
    for (const RegisterState& s : states) {
        const auto missing = clean && s.found && s.total_line == 0 ? missing_cells(s) : std::vector<std::string>{};
        if (!s.found) {
            problems.add(0, s.reg.org_code, "practice not found in the file (no row has this ORG_CODE)");
        } else if (!missing.empty()) {
            problems.add(0, "AGE_GROUP_5",
                         fmt::format("practice {} has no ALL/ALL total row and no row for {}: give every band (0 where it has no "
                                     "patients) or the practice total",
                                     s.reg.org_code, join(missing)));
        } else if (clean && s.reg.total() == 0 && s.stated_total == 0) {
            problems.add(s.total_line, "NUMBER_OF_PATIENTS",
                         fmt::format("practice {} has no registered patients: remove it from the scenario's practices", s.reg.org_code));
        } else if (s.total_line != 0 && !s.row_errors && s.reg.total() != s.stated_total) {
            problems.add(s.total_line, "NUMBER_OF_PATIENTS",
                         fmt::format("practice {}: the ALL/ALL total is {} but its FEMALE and MALE age-band "
                                     "rows sum to {}",
                                     s.reg.org_code, s.stated_total, s.reg.total()));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Prevalence

struct PrevalenceColumns {
    int org = -1, condition = -1, reg = -1, list = -1;
};

std::optional<PrevalenceColumns> prevalence_columns(CsvTable& table) {
    PrevalenceColumns c;
    c.org = table.require("ORG_CODE");
    c.condition = table.require("CONDITION");
    c.reg = table.require("REGISTER");
    c.list = table.require("LIST_SIZE");
    if (c.org < 0 || c.condition < 0 || c.reg < 0 || c.list < 0) return std::nullopt;
    return c;
}

// Clinical names that edit distance cannot connect to the model's grouped conditions.
std::optional<std::string_view> condition_alias(std::string_view value) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kAliases = {
        {{"copd", "respiratory"}, {"asthma", "respiratory"}, {"dm", "diabetes"}, {"ob", "obesity"}}};
    const std::string needle = lower(value);
    for (const auto& [alias, condition] : kAliases) {
        if (needle == alias) return condition;
    }
    return std::nullopt;
}

std::string unknown_condition_message(std::string_view value) {
    auto suggestion = condition_alias(value);
    if (!suggestion) suggestion = did_you_mean(value, kPrevalenceConditions);
    const std::string hint = suggestion ? fmt::format("; did you mean '{}'?", *suggestion) : "";
    return fmt::format("unknown condition '{}'{} (expected one of: {})", value, hint,
                       join(kPrevalenceConditions));
}

bool known_condition(std::string_view value) {
    return std::find(kPrevalenceConditions.begin(), kPrevalenceConditions.end(), value) !=
           kPrevalenceConditions.end();
}

// REGISTER / LIST_SIZE, or nullopt after reporting why the pair is unusable.
std::optional<double> parse_prevalence_share(const CsvTable& table, const PrevalenceColumns& c,
                                             FileProblems& problems) {
    const int line = table.line();
    std::uint64_t reg = 0;
    std::uint64_t list = 0;
    const std::string reg_error = parse_whole(table[c.reg], kMaxCount, reg);
    const std::string list_error = parse_whole(table[c.list], kMaxCount, list);
    if (!reg_error.empty()) problems.add(line, "REGISTER", reg_error);
    if (!list_error.empty()) problems.add(line, "LIST_SIZE", list_error);
    if (!reg_error.empty() || !list_error.empty()) return std::nullopt;
    if (list == 0) {
        problems.add(line, "LIST_SIZE", "must be greater than 0");
        return std::nullopt;
    }
    if (reg > list) {
        problems.add(line, "REGISTER", fmt::format("register {} is larger than LIST_SIZE {}", reg, list));
        return std::nullopt;
    }
    return static_cast<double>(reg) / static_cast<double>(list);
}

struct PrevalenceState {
    PracticePrevalence result;
    std::map<std::string, int> line_of;  // condition -> line it was given on
};

void read_prevalence_row(const CsvTable& table, const PrevalenceColumns& c, const RequestedCodes& requested,
                         std::vector<PrevalenceState>& states, FileProblems& problems) {
    const auto slot = requested.find(table[c.org]);
    if (!slot) return;
    const std::string_view condition = table[c.condition];
    const int line = table.line();
    if (!known_condition(condition)) {
        problems.add(line, "CONDITION", unknown_condition_message(condition));
        return;
    }
    PrevalenceState& s = states[*slot];
    const auto [it, inserted] = s.line_of.emplace(std::string(condition), line);
    if (!inserted) {
        problems.add(line, "CONDITION",
                     fmt::format("duplicate row for practice {}, condition {}; first given on line {}",
                                 s.result.org_code, condition, it->second));
        return;
    }
    if (const auto share = parse_prevalence_share(table, c, problems)) {
        s.result.share[std::string(condition)] = *share;
    }
}

// ---------------------------------------------------------------------------------------------
// Deprivation

// Approximate England IMD 2019 quintile cut points for population-weighted GP practice scores,
// most deprived first: a score of at least kImdCutPoints[i] is quintile i + 1. See
// docs/input-files.md; these are round values, not taken from a published table.
constexpr std::array<double, kImdQuintiles - 1> kImdCutPoints = {31.0, 22.5, 16.5, 12.0};
// Share of the list placed 0, 1 and 2 quintiles away from the practice's own quintile: a practice
// draws patients from neighbourhoods around it, not from one quintile.
constexpr std::array<double, 3> kImdKernel = {0.6, 0.15, 0.05};

struct DeprivationColumns {
    int org = -1;
    int score = -1;
    std::array<int, kImdQuintiles> q{-1, -1, -1, -1, -1};
    bool uses_score() const { return score >= 0; }
};

std::string quintile_column(std::size_t i) { return fmt::format("IMD_Q{}", i + 1); }

// The header must carry exactly one of the two forms.
std::optional<DeprivationColumns> deprivation_columns(CsvTable& table, FileProblems& problems) {
    DeprivationColumns c;
    c.org = table.require("ORG_CODE");
    c.score = table.column("IMD_SCORE");
    for (std::size_t i = 0; i < c.q.size(); ++i) c.q[i] = table.column(quintile_column(i));
    const bool any_q = std::any_of(c.q.begin(), c.q.end(), [](int col) { return col >= 0; });
    const int line = table.header_line();
    if (c.uses_score() && any_q) {
        problems.add(line, "IMD_SCORE", "give either IMD_Q1..IMD_Q5 or IMD_SCORE, not both");
        return std::nullopt;
    }
    if (!c.uses_score() && !any_q) {
        problems.add(line, "IMD_SCORE", "the header needs either IMD_Q1..IMD_Q5 or IMD_SCORE");
        return std::nullopt;
    }
    bool complete = true;
    for (std::size_t i = 0; i < c.q.size() && any_q; ++i) {
        if (c.q[i] < 0) {
            problems.add(line, quintile_column(i), "missing; IMD_Q1..IMD_Q5 must all be given");
            complete = false;
        }
    }
    return complete && c.org >= 0 ? std::optional(c) : std::nullopt;
}

std::optional<std::array<double, kImdQuintiles>> parse_quintile_shares(const CsvTable& table, const DeprivationColumns& c,
                                                                       FileProblems& problems) {
    const int line = table.line();
    std::array<double, kImdQuintiles> shares{};
    bool ok = true;
    for (std::size_t i = 0; i < shares.size(); ++i) {
        std::string error = parse_real(table[c.q[i]], shares[i]);
        if (error.empty() && (shares[i] < 0.0 || shares[i] > 1.0)) {
            error = fmt::format("{} is a share of the list and must be between 0 and 1", shares[i]);
        }
        if (!error.empty()) {
            problems.add(line, quintile_column(i), error);
            ok = false;
        }
    }
    if (!ok) return std::nullopt;
    const double sum = std::accumulate(shares.begin(), shares.end(), 0.0);
    if (std::abs(sum - 1.0) > 0.01) {
        problems.add(line, "IMD_Q1..IMD_Q5", fmt::format("shares sum to {:.4g}; they must sum to 1 (within 0.01)", sum));
        return std::nullopt;
    }
    for (double& share : shares) share /= sum;  // absorbs rounding in the published shares
    return shares;
}

std::optional<std::array<double, kImdQuintiles>> parse_imd_score(const CsvTable& table, const DeprivationColumns& c,
                                                                 FileProblems& problems) {
    double score = 0.0;
    std::string error = parse_real(table[c.score], score);
    if (error.empty() && (score < 0.0 || score > 100.0)) {
        error = fmt::format("{} is outside 0..100, the range of IMD 2019 scores", score);
    }
    if (!error.empty()) {
        problems.add(table.line(), "IMD_SCORE", error);
        return std::nullopt;
    }
    return imd_score_to_quintile_shares(score);
}

struct DeprivationState {
    PracticeDeprivation result;
    int line = 0;  // 0 until the practice's row is read
};

void read_deprivation_row(const CsvTable& table, const DeprivationColumns& c, const RequestedCodes& requested,
                          std::vector<DeprivationState>& states, FileProblems& problems) {
    const auto slot = requested.find(table[c.org]);
    if (!slot) return;
    DeprivationState& s = states[*slot];
    if (s.line != 0) {
        problems.add(table.line(), "ORG_CODE",
                     fmt::format("duplicate row for practice {}; first given on line {}", s.result.org_code, s.line));
        return;
    }
    const auto shares = c.uses_score() ? parse_imd_score(table, c, problems) : parse_quintile_shares(table, c, problems);
    s.line = table.line();
    if (shares) s.result.quintile_share = *shares;
}

// ---------------------------------------------------------------------------------------------
// PCN membership

struct MembershipState {
    std::vector<PcnMembership> pcns;
    std::unordered_map<std::string, std::size_t> pcn_slot;
    std::unordered_map<std::string, std::pair<int, std::string>> practice_line;  // ORG_CODE -> (line, PCN)
};

void read_membership_row(const CsvTable& table, int org_column, int pcn_column, const RequestedCodes* requested,
                         MembershipState& s, FileProblems& problems) {
    const std::string org(table[org_column]), pcn(table[pcn_column]);
    const int line = table.line();
    if (org.empty() || pcn.empty()) return problems.add(line, org.empty() ? "ORG_CODE" : "PCN_CODE", "is empty");
    if (requested && !requested->find(pcn)) return;
    const auto [it, inserted] = s.practice_line.emplace(org, std::pair{line, pcn});
    if (!inserted)
        return problems.add(line, "ORG_CODE", fmt::format("practice {} is already in PCN {} (line {}); a practice belongs to one PCN",
                                                          org, it->second.second, it->second.first));
    const auto [slot, added] = s.pcn_slot.emplace(pcn, s.pcns.size());
    if (added) s.pcns.push_back({pcn, {}});
    s.pcns[slot->second].org_codes.push_back(org);
}

// The requested PCNs in the order asked for; each one missing from the file is a problem.
std::vector<PcnMembership> requested_pcns(MembershipState& s, const RequestedCodes& requested, FileProblems& problems) {
    std::vector<PcnMembership> out;
    for (std::size_t slot = 0; slot < requested.size(); ++slot) {
        const auto it = s.pcn_slot.find(requested.code(slot));
        if (it == s.pcn_slot.end()) {
            problems.add(0, requested.code(slot), "PCN code not found in the file");
            continue;
        }
        out.push_back(std::move(s.pcns[it->second]));
    }
    return out;
}

template <class State>
std::vector<State> states_for(const RequestedCodes& requested) {
    std::vector<State> states(requested.size());
    for (std::size_t slot = 0; slot < states.size(); ++slot) states[slot].result.org_code = requested.code(slot);
    return states;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public API

std::string_view five_year_band_label(int band) {
    return band >= 0 && band < kFiveYearBands ? kBandLabels[static_cast<std::size_t>(band)] : std::string_view{};
}

std::uint64_t PracticeRegister::total() const {
    std::uint64_t sum = 0;
    for (const auto& sex : counts) {
        for (const std::uint32_t n : sex) sum += n;
    }
    return sum;
}

std::vector<PracticeRegister> load_registered_patients(const std::string& path,
                                                       const std::vector<std::string>& org_codes,
                                                       Problems& out) {
    FileProblems problems(path, out);
    CsvTable table(path, problems);
    if (!table.ok()) return {};
    const auto columns = register_columns(table);
    if (!columns) return {};
    const RequestedCodes requested(org_codes);
    std::vector<RegisterState> states(requested.size());
    for (std::size_t slot = 0; slot < states.size(); ++slot) states[slot].reg.org_code = requested.code(slot);
    while (table.next_row()) read_register_row(table, *columns, requested, states, problems);
    if (!problems.full()) check_registers(states, problems);
    std::vector<PracticeRegister> result;
    for (RegisterState& s : states) {
        if (s.found) result.push_back(std::move(s.reg));
    }
    return result;
}

std::vector<PracticePrevalence> load_prevalence(const std::string& path, const std::vector<std::string>& org_codes,
                                                Problems& out) {
    FileProblems problems(path, out);
    CsvTable table(path, problems);
    if (!table.ok()) return {};
    const auto columns = prevalence_columns(table);
    if (!columns) return {};
    const RequestedCodes requested(org_codes);
    auto states = states_for<PrevalenceState>(requested);
    while (table.next_row()) read_prevalence_row(table, *columns, requested, states, problems);
    std::vector<PracticePrevalence> result;
    for (PrevalenceState& s : states) {
        if (!s.result.share.empty()) result.push_back(std::move(s.result));
    }
    return result;
}

std::vector<PracticeDeprivation> load_deprivation(const std::string& path, const std::vector<std::string>& org_codes,
                                                  Problems& out) {
    FileProblems problems(path, out);
    CsvTable table(path, problems);
    if (!table.ok()) return {};
    const auto columns = deprivation_columns(table, problems);
    if (!columns) return {};
    const RequestedCodes requested(org_codes);
    auto states = states_for<DeprivationState>(requested);
    while (table.next_row()) read_deprivation_row(table, *columns, requested, states, problems);
    std::vector<PracticeDeprivation> result;
    for (DeprivationState& s : states) {
        const double sum = std::accumulate(s.result.quintile_share.begin(), s.result.quintile_share.end(), 0.0);
        if (s.line != 0 && sum > 0.0) result.push_back(std::move(s.result));
    }
    return result;
}

std::vector<PcnMembership> load_pcn_membership(const std::string& path, const std::vector<std::string>& pcn_codes,
                                               Problems& out) {
    FileProblems problems(path, out);
    CsvTable table(path, problems);
    if (!table.ok()) return {};
    const int org = table.require("ORG_CODE"), pcn = table.require("PCN_CODE");
    if (org < 0 || pcn < 0) return {};
    const RequestedCodes requested(pcn_codes);
    MembershipState state;
    while (table.next_row()) read_membership_row(table, org, pcn, pcn_codes.empty() ? nullptr : &requested, state, problems);
    if (state.pcns.empty() && pcn_codes.empty()) problems.add(0, "", "the file lists no practices");
    return pcn_codes.empty() ? std::move(state.pcns) : requested_pcns(state, requested, problems);
}

std::array<double, kImdQuintiles> imd_score_to_quintile_shares(double imd_score) {
    std::size_t own = kImdCutPoints.size();  // least deprived unless a cut point is reached
    for (std::size_t i = 0; i < kImdCutPoints.size(); ++i) {
        if (imd_score >= kImdCutPoints[i]) {
            own = i;
            break;
        }
    }
    std::array<double, kImdQuintiles> shares{};
    for (int offset = -2; offset <= 2; ++offset) {
        const int target = static_cast<int>(own) + offset;
        // Weight that would fall beyond quintile 1 or 5 stays in the practice's own quintile.
        const std::size_t q = target < 0 || target >= kImdQuintiles ? own : static_cast<std::size_t>(target);
        shares[q] += kImdKernel[static_cast<std::size_t>(std::abs(offset))];
    }
    return shares;
}

}  // namespace pcnsim
