#include "viz/report_data.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "sim/core/csv_table.hpp"
#include "sim/core/file_io.hpp"
#include "sim/stats/descriptive.hpp"

namespace pcnsim::viz {
namespace fs = std::filesystem;
namespace {

// Reads a CSV of ours: `columns` must all be in the header; `row` is called with the column
// indices in that order. Problems (missing file, missing column, bad row) go to `problems`.
template <class Row>
void read_csv(const fs::path& path, const std::vector<std::string>& columns, Problems& problems, Row&& row) {
    FileProblems file(path.string(), problems);
    if (const auto why = not_a_file(path); !why.empty()) return file.add(0, "", why);
    CsvTable table(path.string(), file);
    if (!table.ok()) return;
    std::vector<int> index;
    for (const auto& c : columns) index.push_back(table.require(c));
    if (std::find(index.begin(), index.end(), -1) != index.end()) return;
    while (table.next_row()) row(table, index, file);
}

// The same for a file that may be absent (an analysis not run): nothing is read then.
template <class Row>
void read_optional_csv(const fs::path& path, const std::vector<std::string>& columns, Problems& problems, Row&& row) {
    if (fs::exists(path)) read_csv(path, columns, problems, std::forward<Row>(row));
}

// An empty field is no value, not a problem (undefined measures are written empty).
Number number(const CsvTable& t, int column, FileProblems& file, const std::string& name) {
    Number n{std::string(t[column]), std::nullopt};
    double v = 0;
    if (n.text.empty()) return n;
    if (const auto error = parse_real(n.text, v); !error.empty()) file.add(t.line(), name, error);
    else n.value = v;
    return n;
}

nlohmann::ordered_json read_manifest(const fs::path& folder, Problems& problems) {
    const auto path = folder / "manifest.json";
    std::ifstream in(path);
    if (!in) {
        problems.push_back({path.string(), 0, "", "file not found: not a complete pcnsim output folder"});
        return {};
    }
    try {
        auto m = nlohmann::ordered_json::parse(in);
        if (m.contains("completed") && !m["completed"].get<bool>())
            problems.push_back({path.string(), 0, "completed", "the run was interrupted; its outputs are incomplete"});
        return m;
    } catch (const nlohmann::json::exception& e) {
        problems.push_back({path.string(), 0, "", fmt::format("not valid JSON: {}", e.what())});
        return {};
    }
}

// The manifest's text field `key` of a parameter, or empty.
std::string text_of(const nlohmann::ordered_json& parameter, const char* key) {
    const auto it = parameter.find(key);
    return it != parameter.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The parameters as the manifest records them, in its order. A parameter without a numeric value is
// a problem; a unit or source the manifest does not record is left empty.
void read_parameters(ScenarioResult& s, Problems& problems) {
    const auto it = s.manifest.find("parameters");
    if (it == s.manifest.end()) return;
    const auto file = (fs::path(s.folder) / "manifest.json").string();
    if (!it->is_object()) return problems.push_back({file, 0, "parameters", "expected an object of parameters"});
    for (const auto& [name, p] : it->items()) {
        const auto value = p.is_object() ? p.find("value") : p.end();
        if (!p.is_object() || value == p.end() || !value->is_number()) {
            problems.push_back({file, 0, "parameters." + name + ".value", "expected a number"});
            continue;
        }
        s.parameters.push_back({name, value->get<double>(), text_of(p, "unit"), text_of(p, "source")});
    }
}

void read_economics(ScenarioResult& s, Problems& problems) {
    read_csv(fs::path(s.folder) / "economics.csv", {"measure", "group_by", "group", "value", "p2_5", "median", "p97_5", "unit"}, problems,
             [&](const CsvTable& t, const std::vector<int>& c, FileProblems& f) {
                 s.economics.push_back({std::string(t[c[0]]), std::string(t[c[1]]), std::string(t[c[2]]), std::string(t[c[7]]),
                                        number(t, c[3], f, "value"), number(t, c[4], f, "p2_5"), number(t, c[5], f, "median"),
                                        number(t, c[6], f, "p97_5")});
             });
}

void read_summary(ScenarioResult& s, Problems& problems) {
    read_csv(fs::path(s.folder) / "summary.csv",
             {"arm", "metric", "group_by", "group", "total", "per_1000_per_year", "total_p2_5", "total_median", "total_p97_5"}, problems,
             [&](const CsvTable& t, const std::vector<int>& c, FileProblems& f) {
                 s.summary.push_back({std::string(t[c[0]]), std::string(t[c[1]]), std::string(t[c[2]]), std::string(t[c[3]]),
                                      number(t, c[4], f, "total"), number(t, c[5], f, "per_1000_per_year"), number(t, c[6], f, "total_p2_5"),
                                      number(t, c[7], f, "total_median"), number(t, c[8], f, "total_p97_5")});
             });
}

bool charted(std::string_view metric) {
    const auto& m = charted_metrics();
    return std::any_of(m.begin(), m.end(), [metric](const ChartedMetric& c) { return c.metric == metric; });
}

// Per-replication rows: the bands are computed here, with the quantiles --timeseries-bands uses.
void bands_from_runs(ScenarioResult& s, const fs::path& path, Problems& problems) {
    std::map<std::string, std::vector<std::vector<double>>> values;  // "arm/metric" -> week -> runs
    read_csv(path, {"arm", "week", "metric", "group_by", "value"}, problems, [&](const CsvTable& t, const std::vector<int>& c, FileProblems& f) {
        if (t[c[3]] != "all" || !charted(t[c[2]])) return;
        const auto week = number(t, c[1], f, "week"), value = number(t, c[4], f, "value");
        if (!week.value || !value.value || *week.value < 0) return;
        auto& weeks = values[std::string(t[c[0]]) + "/" + std::string(t[c[2]])];
        const auto w = static_cast<std::size_t>(*week.value);
        if (weeks.size() <= w) weeks.resize(w + 1);
        weeks[w].push_back(*value.value);
    });
    for (auto& [key, weeks] : values) {
        auto& b = s.weekly[key];
        for (auto& runs : weeks) {
            if (runs.empty()) runs.push_back(std::nan(""));
            const auto spread = spread_of(runs);
            b.p2_5.push_back(spread.p2_5), b.p25.push_back(spread.p25), b.median.push_back(spread.median);
            b.p75.push_back(spread.p75), b.p97_5.push_back(spread.p97_5);
        }
    }
}

// --timeseries-bands rows: read as written.
void bands_as_written(ScenarioResult& s, const fs::path& path, Problems& problems) {
    const std::vector<std::string> columns{"arm", "week", "metric", "group_by", "p2_5", "p25", "median", "p75", "p97_5"};
    read_csv(path, columns, problems, [&](const CsvTable& t, const std::vector<int>& c, FileProblems& f) {
        if (t[c[3]] != "all" || !charted(t[c[2]])) return;
        auto& b = s.weekly[std::string(t[c[0]]) + "/" + std::string(t[c[2]])];
        const std::array<std::vector<double>*, 5> into{&b.p2_5, &b.p25, &b.median, &b.p75, &b.p97_5};
        for (std::size_t k = 0; k < into.size(); ++k) into[k]->push_back(number(t, c[4 + k], f, columns[4 + k]).value.value_or(std::nan("")));
    });
}

void read_timeseries(ScenarioResult& s, Problems& problems) {
    const auto path = fs::path(s.folder) / "timeseries.csv";
    if (!fs::exists(path)) return;  // sweep points keep no time series
    std::ifstream in(path);
    std::string header;
    std::getline(in, header);
    if (header.find(",replication,") != std::string::npos) bands_from_runs(s, path, problems);
    else bands_as_written(s, path, problems);
}

// Running totals: the net benefit by perspective and value ("nhs/economic") and the activity measures.
void read_cumulative(ScenarioResult& s, Problems& problems) {
    const auto add = [&s](const std::string& key, const CsvTable& t, const std::vector<int>& c, int first, FileProblems& f) {
        auto& b = s.cumulative[key];
        b.mean.push_back(number(t, c[static_cast<std::size_t>(first)], f, "mean").value.value_or(std::nan("")));
        b.p2_5.push_back(number(t, c[static_cast<std::size_t>(first) + 1], f, "p2_5").value.value_or(std::nan("")));
        b.p97_5.push_back(number(t, c[static_cast<std::size_t>(first) + 2], f, "p97_5").value.value_or(std::nan("")));
    };
    read_optional_csv(fs::path(s.folder) / "net_benefit_by_week.csv", {"perspective", "value", "mean", "p2_5", "p97_5"}, problems,
                      [&](const CsvTable& t, const std::vector<int>& c, FileProblems& f) {
                          add(std::string(t[c[0]]) + "/" + std::string(t[c[1]]), t, c, 2, f);
                      });
    read_optional_csv(fs::path(s.folder) / "activity_by_week.csv", {"measure", "mean", "p2_5", "p97_5"}, problems,
                      [&](const CsvTable& t, const std::vector<int>& c, FileProblems& f) { add(std::string(t[c[0]]), t, c, 1, f); });
}

void read_evaluation(ScenarioResult& s, Problems& problems) {
    read_optional_csv(fs::path(s.folder) / "evaluation.csv", {"metric", "estimate", "unit", "value", "lower_95", "upper_95"}, problems,
                      [&](const CsvTable& t, const std::vector<int>& c, FileProblems& f) {
                          s.evaluation.push_back({std::string(t[c[0]]), std::string(t[c[1]]), std::string(t[c[2]]), number(t, c[3], f, "value"),
                                                  number(t, c[4], f, "lower_95"), number(t, c[5], f, "upper_95")});
                      });
}

// The folder of the scenario's own file (the last of the files it was composed from).
std::string what_varies(const nlohmann::ordered_json& manifest) {
    const auto scenario = manifest.find("scenario");
    if (scenario == manifest.end() || !scenario->is_object()) return "other";
    const auto files = scenario->find("files");
    if (files == scenario->end() || !files->is_array() || files->empty() || !files->back().is_string()) return "other";
    const auto folder = fs::path(files->back().get<std::string>()).parent_path().filename().string();
    return folder.empty() || folder == "scenarios" ? "other" : folder;
}

ScenarioResult read_scenario(const fs::path& folder, Problems& problems, bool weekly) {
    ScenarioResult s;
    s.folder = folder.string();
    s.manifest = read_manifest(folder, problems);
    s.name = s.manifest.contains("scenario") ? s.manifest["scenario"].value("name", folder.filename().string()) : folder.filename().string();
    s.varies = what_varies(s.manifest);
    read_parameters(s, problems);
    read_economics(s, problems);
    read_summary(s, problems);
    read_evaluation(s, problems);
    if (!weekly) return s;
    read_timeseries(s, problems);
    read_cumulative(s, problems);
    return s;
}

std::string scenario_of_analysis(const fs::path& folder) {
    Problems ignored;
    const auto m = read_manifest(folder, ignored);
    return m.contains("scenario") && m["scenario"].is_object() ? m["scenario"].value("name", "") : "";
}

void read_ceac(ReportData& data, const fs::path& folder, Problems& problems) {
    read_optional_csv(folder / "ceac.csv", {"threshold", "option", "prob_cost_effective", "prob_highest_nmb"}, problems,
                      [&](const CsvTable& t, const std::vector<int>& c, FileProblems& f) {
                          data.ceac.push_back({number(t, c[0], f, "threshold").value.value_or(0), std::string(t[c[1]]),
                                               number(t, c[2], f, "prob_cost_effective").value.value_or(0),
                                               number(t, c[3], f, "prob_highest_nmb").value.value_or(0)});
                      });
}

void read_voi(ReportData& data, const fs::path& folder, Problems& problems) {
    read_optional_csv(folder / "voi.csv",
                      {"measure", "net_benefit_measure", "scope", "parameter_or_group", "value", "standard_error", "unit", "draws", "note"},
                      problems, [&](const CsvTable& t, const std::vector<int>& c, FileProblems& f) {
                          data.voi.push_back({std::string(t[c[0]]), std::string(t[c[1]]), std::string(t[c[2]]), std::string(t[c[3]]),
                                              std::string(t[c[6]]), std::string(t[c[8]]), number(t, c[4], f, "value"),
                                              number(t, c[5], f, "standard_error"),
                                              static_cast<int>(number(t, c[7], f, "draws").value.value_or(0))});
                      });
}

void read_break_even(ReportData& data, const fs::path& folder, Problems& problems) {
    const std::vector<std::string> columns{"parameter",  "measure",     "status",        "given",         "target",
                                           "range_low",  "range_high",  "root",          "interval_low",  "interval_high",
                                           "measure_at_range_low", "measure_at_range_high"};
    read_optional_csv(folder / "threshold.csv", columns, problems, [&](const CsvTable& t, const std::vector<int>& c, FileProblems& f) {
        if (data.break_even) return;  // the first row: the break-even itself (a grid's rows follow it)
        BreakEven b{scenario_of_analysis(folder), std::string(t[c[0]]), std::string(t[c[1]]), std::string(t[c[2]]), {}, {}, {}, {}, {}, {}, {}, {}, {}};
        Number* into[] = {&b.given, &b.target, &b.range_low, &b.range_high, &b.root, &b.interval_low, &b.interval_high,
                          &b.measure_at_range_low, &b.measure_at_range_high};
        for (std::size_t k = 0; k < std::size(into); ++k) *into[k] = number(t, c[3 + k], f, columns[3 + k]);
        data.break_even = b;
    });
}

void read_tornado(ReportData& data, const fs::path& folder, Problems& problems) {
    const std::vector<std::string> columns{"parameter",       "unit",  "measure",           "low_value",          "high_value",
                                           "base",            "measure_at_low", "measure_at_high", "swing",
                                           "measure_at_low_p2_5", "measure_at_low_p97_5"};
    read_optional_csv(folder / "tornado.csv", columns, problems, [&](const CsvTable& t, const std::vector<int>& c, FileProblems& f) {
        TornadoEntry e{std::string(t[c[0]]), std::string(t[c[1]]), std::string(t[c[2]]), {}, {}, {}, {}, {}, {}, {}, {}};
        Number* into[] = {&e.low_value, &e.high_value, &e.base, &e.measure_at_low, &e.measure_at_high, &e.swing, &e.measure_at_low_p2_5,
                          &e.measure_at_low_p97_5};
        for (std::size_t k = 0; k < std::size(into); ++k) *into[k] = number(t, c[3 + k], f, columns[3 + k]);
        data.tornado.push_back(e);
    });
    if (!data.tornado.empty()) data.tornado_scenario = scenario_of_analysis(folder);
}

void read_validation(ReportData& data, const fs::path& folder, Problems& problems) {
    const std::vector<std::string> columns{"area",      "check",    "band_basis", "source",    "model_basis", "within_band",
                                           "published", "band_low", "band_high",  "model",     "model_low",   "model_high"};
    read_optional_csv(folder / "validation.csv", columns, problems, [&](const CsvTable& t, const std::vector<int>& c, FileProblems& f) {
        ValidationEntry e{std::string(t[c[0]]), std::string(t[c[1]]), std::string(t[c[2]]), std::string(t[c[3]]), std::string(t[c[4]]),
                          std::string(t[c[5]]), {}, {}, {}, {}, {}, {}};
        if (e.within_band != "yes" && e.within_band != "no") f.add(t.line(), "within_band", "expected yes or no, not '" + e.within_band + "'");
        Number* into[] = {&e.published, &e.band_low, &e.band_high, &e.model, &e.model_low, &e.model_high};
        for (std::size_t k = 0; k < std::size(into); ++k) *into[k] = number(t, c[6 + k], f, columns[6 + k]);
        data.validation.push_back(e);
    });
    if (data.validation.empty()) return;
    Problems ignored;
    data.validation_command = read_manifest(folder, ignored).value("command", "");
}

// The analyses a decision report shows beside the comparison, each optional.
void read_analyses(ReportData& data, const fs::path& folder, Problems& problems) {
    read_ceac(data, folder, problems);
    read_voi(data, folder, problems);
    read_break_even(data, folder / "break_even", problems);
    read_tornado(data, folder / "tornado", problems);
    read_validation(data, folder / "validation", problems);
}

void read_ranking(ReportData& data, const fs::path& folder, Problems& problems) {
    read_csv(folder / "comparison.csv", {"rank", "scenario", "rank_by", "prob_best", "rank_p2_5", "rank_p97_5", "interval_source"}, problems,
             [&](const CsvTable& t, const std::vector<int>& c, FileProblems& f) {
                 const auto rank = number(t, c[0], f, "rank");
                 data.ranking.push_back({static_cast<int>(rank.value.value_or(0)), std::string(t[c[1]]), std::string(t[c[2]]),
                                         number(t, c[3], f, "prob_best"), number(t, c[4], f, "rank_p2_5"), number(t, c[5], f, "rank_p97_5"),
                                         std::string(t[c[6]])});
             });
}

void read_sweep(ReportData& data, const fs::path& folder, Problems& problems) {
    FileProblems file((folder / "sweep.csv").string(), problems);
    CsvTable table((folder / "sweep.csv").string(), file);
    while (table.ok() && table.next_row()) {
        auto& row = data.sweep.emplace_back();
        for (std::size_t i = 0; i < table.header().size(); ++i) row[table.header()[i]] = std::string(table[static_cast<int>(i)]);
    }
}

}  // namespace

const std::vector<ChartedMetric>& charted_metrics() {
    static const std::vector<ChartedMetric> metrics{{"gp_requests", "GP requests a week"},
                                                    {"gp_appointments", "GP appointments a week"},
                                                    {"gp_backlog", "GP backlog (requests waiting)"},
                                                    {"ae_attendances", "A&E attendances a week"},
                                                    {"emergency_admissions", "Emergency admissions a week"},
                                                    {"coaching_waiting_list", "Coaching waiting list"},
                                                    {"pam_mean", "Mean PAM score (adults)"},
                                                    {"pam_level_1_share", "Share of adults at PAM level 1"}};
    return metrics;
}

const EconomicsEntry* ScenarioResult::economics_row(const std::string& measure, const std::string& group_by, const std::string& group) const {
    for (const auto& e : economics)
        if (e.measure == measure && e.group_by == group_by && e.group == group) return &e;
    return nullptr;
}

bool ScenarioResult::spends() const {
    const auto* cost = economics_row("cost_nhs");
    return cost && cost->value.value.value_or(0) > 0;
}

const RankedEntry* ReportData::ranked(const std::string& scenario) const {
    for (const auto& r : ranking)
        if (r.scenario == scenario) return &r;
    return nullptr;
}

const SummaryEntry* ScenarioResult::summary_row(const std::string& arm, const std::string& metric, const std::string& group_by,
                                                const std::string& group) const {
    for (const auto& e : summary)
        if (e.arm == arm && e.metric == metric && e.group_by == group_by && e.group == group) return &e;
    return nullptr;
}

ReportData load_report_data(const std::vector<std::string>& folders, Problems& problems, bool weekly) {
    ReportData data;
    data.folders = folders;
    for (const auto& f : folders)
        if (!fs::is_directory(f)) problems.push_back({f, 0, "", "not a folder"});
    if (!problems.empty()) return data;
    const fs::path first = folders.front();
    if (folders.size() == 1 && fs::exists(first / "comparison.csv")) {
        data.kind = fs::exists(first / "sweep.csv") ? "sweep" : "compare";
        data.manifest = read_manifest(first, problems);
        read_ranking(data, first, problems);
        if (data.kind == "sweep") read_sweep(data, first, problems);
        for (const auto& r : data.ranking) data.scenarios.push_back(read_scenario(first / r.scenario, problems, weekly));
        read_analyses(data, first, problems);
        if (data.ranking.empty() && problems.empty()) problems.push_back({(first / "comparison.csv").string(), 0, "", "lists no scenario"});
        return data;
    }
    data.kind = "run";
    for (const auto& f : folders) {
        if (!fs::exists(fs::path(f) / "summary.csv") && !fs::exists(fs::path(f) / "manifest.json")) {
            problems.push_back({f, 0, "", "not a pcnsim output folder: no manifest.json, summary.csv or comparison.csv"});
            continue;
        }
        data.scenarios.push_back(read_scenario(f, problems, weekly));
    }
    if (folders.size() == 1) read_analyses(data, first, problems);
    if (!data.scenarios.empty()) data.manifest = data.scenarios.front().manifest;
    return data;
}

}  // namespace pcnsim::viz
