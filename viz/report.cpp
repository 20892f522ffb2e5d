#include "viz/report.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <fstream>
#include <unistd.h>

#include "viz/charts.hpp"

namespace pcnsim::viz {
namespace {

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#1c1c1c;max-width:1000px;margin:1.5em auto;padding:0 1em;line-height:1.4}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #1b4f72;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:.8em 0;font-size:.92em}th,td{border:1px solid #bbb;padding:.3em .5em;vertical-align:top}
th{background:#eef2f6;text-align:left}td.num{text-align:right;white-space:nowrap}.interval{color:#555;font-size:.85em;display:block}
.lede{font-size:1.1em}.muted{color:#555}.chart{margin:1em 0;break-inside:avoid}figcaption{font-weight:600}
.chart-note{color:#555;font-size:.85em;margin:.2em 0 0}svg text{font-size:11px;fill:#333}svg .axis{font-size:12px}
svg .grid{stroke:#ddd;stroke-width:1}svg .whisker{stroke:#222;stroke-width:1.5}svg .value,svg .point-label{font-size:10px}
pre{background:#f4f4f4;padding:.6em;white-space:pre-wrap;word-break:break-all}details{margin:.6em 0}summary{cursor:pointer;font-weight:600}
@media print{body{max-width:none;margin:0;font-size:10pt}h2{break-after:avoid}.noprint{display:none}details>summary{list-style:none}}
@page{size:A4;margin:14mm}
)";

// A number cell with its interval; data-value keeps the file's exact text for checking.
std::string number_cell(const EconomicsEntry* e, int decimals, const std::string& source) {
    if (!e || !e->value.value) return "<td class=\"num\">-</td>";
    std::string out = fmt::format("<td class=\"num\" data-source=\"{}\" data-value=\"{}\">{}", escape(source), escape(e->value.text),
                                  human(*e->value.value, decimals));
    if (e->p2_5.value && e->p97_5.value && *e->p2_5.value != *e->p97_5.value)
        out += fmt::format("<span class=\"interval\">{} to {}</span>", human(*e->p2_5.value, decimals), human(*e->p97_5.value, decimals));
    return out + "</td>";
}

std::string plain_number_cell(const Number& n, int decimals, const std::string& source) {
    if (!n.value) return "<td class=\"num\">-</td>";
    return fmt::format("<td class=\"num\" data-source=\"{}\" data-value=\"{}\">{}</td>", escape(source), escape(n.text), human(*n.value, decimals));
}

const RankedEntry* ranking_of(const ReportData& d, const std::string& name) {
    for (const auto& r : d.ranking)
        if (r.scenario == name) return &r;
    return nullptr;
}

std::string header(const ReportData& d) {
    const auto& first = d.scenarios.front().manifest;
    const auto& run = first.value("run", nlohmann::ordered_json::object());
    const auto& pop = first.value("population", nlohmann::ordered_json::object());
    const std::string question =
        d.kind == "run" && d.scenarios.size() == 1
            ? fmt::format("What does {} change, against the same PCN with no coaching?", d.scenarios.front().name)
            : fmt::format("Which of {} coaching scenarios does most for the PCN, and how sure can we be?", d.scenarios.size());
    const auto pcns = pop.value("pcns", std::vector<std::string>{});
    std::string out = fmt::format("<h1>{}</h1>\n<p class=\"lede\">{}</p>\n", escape(question),
                                  d.ranking.empty() ? "" : escape("Ranked by " + d.ranking.front().rank_by + "."));
    out += fmt::format(
        "<p id=\"population\">Population: {} registered patients in {} practices{}; {} weeks reported after {} weeks' warm-up; {} paired "
        "replication(s){}; seed {}. Every scenario is compared with its own no-coaching counterfactual on the same patients and random "
        "numbers. <strong>Example data shipped with pcnsim is fictional.</strong></p>\n",
        human(pop.value("agents", 0.0)), pop.value("practices", std::vector<std::string>{}).size(),
        pcns.size() > 1 ? fmt::format(" in {} PCNs", pcns.size()) : "", run.value("weeks", 0), run.value("warmup_weeks", 0),
        run.value("replications", 0), run.value("psa_draws", 0) > 0 ? fmt::format(" x {} parameter draws", run.value("psa_draws", 0)) : "",
        run.value("seed", 0ULL));
    out += "<ul id=\"scenarios\">\n";
    for (const auto& s : d.scenarios)
        out += fmt::format("<li><strong>{}</strong>: {}</li>\n", escape(s.name),
                           escape(s.manifest.value("scenario", nlohmann::ordered_json::object()).value("description", "")));
    return out + "</ul>\n";
}

std::string headline_table(const ReportData& d) {
    std::string out =
        "<h2 id=\"headline-title\">Headline</h2>\n<p>Over the reported period, each scenario minus its no-coaching counterfactual. The "
        "small figures under a value are the 2.5th to 97.5th percentiles over the paired runs.</p>\n"
        "<table id=\"headline\" aria-describedby=\"headline-title\"><thead><tr><th>rank</th><th>scenario</th><th>GP appointments "
        "released</th><th>A&amp;E attendances avoided</th><th>emergency admissions avoided</th><th>cost to the NHS (GBP, discounted)</th>"
        "<th>economic net benefit to the NHS (GBP, discounted)</th><th>economic ROI (NHS)</th><th>P(ROI &gt; 1)</th><th>P(best)</th></tr></thead><tbody>\n";
    for (const auto& s : d.scenarios) {
        const auto* r = ranking_of(d, s.name);
        // Run folders given side by side are not ranked: no rank is shown for them.
        out += fmt::format("<tr data-scenario=\"{}\"><td class=\"num\">{}</td><td>{}</td>", escape(s.name),
                           r ? std::to_string(r->rank) : std::string("-"), escape(s.name));
        out += number_cell(s.economics_row("gp_appointments_released"), 0, "economics.csv:gp_appointments_released");
        out += number_cell(s.economics_row("ae_attendances_avoided"), 0, "economics.csv:ae_attendances_avoided");
        out += number_cell(s.economics_row("emergency_admissions_avoided"), 1, "economics.csv:emergency_admissions_avoided");
        out += number_cell(s.economics_row("cost_nhs"), 0, "economics.csv:cost_nhs");
        out += number_cell(s.economics_row("net_benefit_economic_nhs"), 0, "economics.csv:net_benefit_economic_nhs");
        out += number_cell(s.economics_row("roi_economic_nhs"), 2, "economics.csv:roi_economic_nhs");
        const auto* p = s.economics_row("prob_roi_economic_nhs_above_1");
        out += p ? plain_number_cell(p->value, 2, "economics.csv:prob_roi_economic_nhs_above_1") : "<td class=\"num\">-</td>";
        out += r ? plain_number_cell(r->prob_best, 2, "comparison.csv:prob_best") : "<td class=\"num\">-</td>";
        out += "</tr>\n";
    }
    return out + "</tbody></table>\n";
}

BandSeries series_of(const ScenarioResult& s, const std::string& arm, const std::string& metric, const std::string& label, bool dashed) {
    BandSeries b{label, {}, {}, {}, {}, {}, dashed};
    const auto it = s.weekly.find(arm + "/" + metric);
    if (it == s.weekly.end()) return b;
    b.median = it->second.median, b.p25 = it->second.p25, b.p75 = it->second.p75, b.p2_5 = it->second.p2_5, b.p97_5 = it->second.p97_5;
    return b;
}

std::string slug(std::string s) {
    for (auto& c : s)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
    return s;
}

std::string time_series(const ReportData& d) {
    struct Chart {
        const char* metric;
        const char* title;
        const char* unit;
    };
    static const Chart charts[] = {{"gp_requests", "GP demand (requests)", "requests per week"},
                                   {"gp_backlog", "GP backlog", "requests waiting at the end of the week"},
                                   {"ae_attendances", "A&E attendances", "attendances per week"},
                                   {"emergency_admissions", "Emergency admissions", "admissions per week"},
                                   {"coaching_waiting_list", "Coaching waiting list", "patients waiting"},
                                   {"pam_mean", "Mean patient activation (PAM score)", "mean PAM score, adults"}};
    std::string out = "<h2>Over time</h2>\n<p>Median week by week over the paired runs, with the 50% (darker) and 95% (lighter) "
                      "bands; the scenario as a solid line, its no-coaching counterfactual dashed.</p>\n";
    // Open the best-ranked scenario that has coaching: a no-coaching scenario's two lines coincide.
    std::size_t open = 0;
    for (std::size_t i = d.scenarios.size(); i-- > 0;) {
        const auto* cost = d.scenarios[i].economics_row("cost_nhs");
        if (cost && cost->value.value.value_or(0) > 0) open = i;
    }
    bool any = false;
    for (std::size_t i = 0; i < d.scenarios.size(); ++i) {
        const auto& s = d.scenarios[i];
        if (s.weekly.empty()) continue;
        any = true;
        out += fmt::format("<details{}><summary>{}</summary>\n", i == open ? " open" : "", escape(s.name));
        for (const auto& c : charts) {
            const ChartText text{fmt::format("ts-{}-{}", slug(s.name), c.metric), fmt::format("{}: {}", c.title, s.name),
                                 fmt::format("{} each week in scenario {} (solid) and its no-coaching counterfactual (dashed), median "
                                             "with 50% and 95% bands over the paired runs.",
                                             c.title, s.name),
                                 "reported week", c.unit};
            out += band_chart(text, {series_of(s, "scenario", c.metric, "scenario", false),
                                     series_of(s, "counterfactual", c.metric, "no coaching", true)});
        }
        std::vector<BandSeries> levels;
        for (int l = 1; l <= 4; ++l)
            levels.push_back(series_of(s, "scenario", fmt::format("pam_level_{}_share", l), fmt::format("PAM level {}", l), l % 2 == 0));
        out += band_chart({fmt::format("pam-levels-{}", slug(s.name)), fmt::format("PAM level shares: {}", s.name),
                           fmt::format("Share of adults at each PAM level (1 lowest activation, 4 highest) each week in scenario {}, "
                                       "median over the paired runs with bands.",
                                       s.name),
                           "reported week", "share of adults"},
                          levels);
        out += "</details>\n";
    }
    return any ? out : out + "<p class=\"muted\">No time series in these folders (sweep points keep summaries only).</p>\n";
}

double summary_total(const ScenarioResult& s, const std::string& metric) {
    const auto* r = s.summary_row("scenario", metric);
    return r && r->total.value ? *r->total.value : 0.0;
}

std::string funnel_and_utilisation(const ReportData& d) {
    static const std::pair<const char*, const char*> stages[] = {{"coaching_referrals", "referred or invited"},
                                                                 {"coaching_accepted", "accepted"},
                                                                 {"coaching_started", "started"},
                                                                 {"coaching_completed", "completed"}};
    std::vector<std::string> names;
    for (const auto& s : d.scenarios) names.push_back(s.name);
    std::vector<BarGroup> funnel;
    for (const auto& [metric, label] : stages) {
        BarGroup g{label, {}};
        for (const auto& s : d.scenarios) {
            const auto* r = s.summary_row("scenario", metric);
            g.bars.push_back({summary_total(s, metric), r ? r->p2_5.value : std::nullopt, r ? r->p97_5.value : std::nullopt});
        }
        funnel.push_back(g);
    }
    std::string out = "<h2>Coaching pathway</h2>\n";
    out += bar_chart({"funnel", "Coaching funnel", "Patients referred or invited, accepting, starting and completing a programme over the "
                                                   "reported period, mean over the paired runs with the 95% interval as a whisker.",
                      "patients", ""},
                     names, funnel);
    BarGroup utilisation{"coach utilisation", {}};
    for (const auto& s : d.scenarios) {
        const auto* r = s.summary_row("scenario", "coach_utilisation");
        utilisation.bars.push_back({100 * summary_total(s, "coach_utilisation"), r && r->p2_5.value ? std::optional(100 * *r->p2_5.value) : std::nullopt,
                                    r && r->p97_5.value ? std::optional(100 * *r->p97_5.value) : std::nullopt});
    }
    out += bar_chart({"utilisation", "Coach utilisation", "Share of coaching session capacity used over the reported period (per cent).",
                      "per cent of session capacity used", ""},
                     names, {utilisation}, 1);
    return out;
}

std::string equity(const ReportData& d) {
    std::vector<std::string> names;
    for (const auto& s : d.scenarios) names.push_back(s.name);
    std::string out = "<h2>Who benefits: deprivation</h2>\n<p>Per 1,000 patients of each national IMD quintile per year (quintile 1 the "
                      "most deprived).</p>\n";
    for (const auto& [measure, title] : {std::pair{"reach_per_1000", "Reach: programmes started"},
                                         std::pair{"gp_appointments_released_per_1000", "GP appointments released"}}) {
        std::vector<BarGroup> groups;
        for (int q = 1; q <= 5; ++q) {
            BarGroup g{fmt::format("IMD quintile {}", q), {}};
            for (const auto& s : d.scenarios) {
                const auto* e = s.economics_row(measure, "imd_quintile", std::to_string(q));
                g.bars.push_back({e && e->value.value ? *e->value.value : 0.0, e ? e->p2_5.value : std::nullopt, e ? e->p97_5.value : std::nullopt});
            }
            groups.push_back(g);
        }
        out += bar_chart({fmt::format("equity-{}", measure), title,
                          fmt::format("{} per 1,000 patients per year in each IMD quintile, by scenario, with the 95% interval.", title),
                          "per 1,000 patients per year", ""},
                         names, groups, 1);
    }
    return out;
}

std::string sweep_view(const ReportData& d) {
    if (d.sweep.empty()) return "";
    std::string out = "<h2>Sweep: the cost-effectiveness frontier</h2>\n<p>Each point is one combination of the sweep; diamonds are on "
                      "the frontier (no other point costs no more and releases no fewer GP appointments), compared within each value "
                      "of the sweep's assumptions.</p>\n";
    std::map<std::string, std::vector<Point>> groups;  // by the causal share, the sweep's usual assumption axis
    for (const auto& row : d.sweep) {
        std::string group;
        for (const auto& [column, value] : row)
            if (column == "activation.causal_share") group = "causal share " + value;
        const auto get = [&row](const char* c) {
            const auto it = row.find(c);
            return it == row.end() || it->second.empty() ? 0.0 : std::stod(it->second);
        };
        groups[group].push_back({row.at("point"), get("cost_nhs"), get("gp_appointments_released"), row.at("frontier_gp_appointments") == "yes"});
    }
    for (const auto& [group, points] : groups)
        out += scatter_chart({"frontier-" + slug(group), "Cost against GP appointments released" + (group.empty() ? "" : ": " + group),
                              "Coaching cost against GP appointments released over the reported period for every point of the sweep; the "
                              "frontier points are filled diamonds joined by a line.",
                              "coaching cost (GBP)", "GP appointments released"},
                             points);
    return out;
}

// A parameter as the folder's manifest records it; a source the manifest lacks (a folder written
// before manifests recorded sources) is said to be missing, not taken from this program.
std::string parameter_row(const ParameterEntry& p) {
    const std::string source = p.source.empty() ? "<span class=\"muted\">not recorded in this folder</span>" : escape(p.source);
    return fmt::format("<tr><td><code>{}</code></td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n", escape(p.name),
                       human(p.value, p.value == std::floor(p.value) ? 0 : 3), escape(p.unit), source);
}

std::string assumptions(const ReportData& d) {
    const auto& params = d.scenarios.front().parameters;
    static const char* key[] = {"activation.causal_share", "coaching.sessions_per_programme", "cost.coach_wte_year", "cost.gp_appointment",
                                "cost.ae_attendance", "cost.emergency_admission"};
    std::string out = fmt::format("<h2>Assumptions</h2>\n<p>Prices: {} (the first scenario's parameters; scenarios may override some). "
                                  "Sources marked <em>assumption</em> have no good published source.</p>\n"
                                  "<table id=\"assumptions\"><thead><tr><th>parameter</th><th>value</th><th>unit</th><th>source</th></tr></thead><tbody>\n",
                                  escape(d.scenarios.front().manifest.value("price_year", "not recorded in this folder")));
    for (const auto* name : key)
        for (const auto& p : params)
            if (p.name == name) out += parameter_row(p);
    out += "</tbody></table>\n<details><summary>Every parameter</summary><table><thead><tr><th>parameter</th><th>value</th><th>unit</th>"
           "<th>source</th></tr></thead><tbody>\n";
    for (const auto& p : params) out += parameter_row(p);
    return out + "</tbody></table></details>\n";
}

std::string reproduce(const ReportData& d) {
    const auto& m = d.manifest.is_null() ? d.scenarios.front().manifest : d.manifest;
    const auto& run = d.scenarios.front().manifest.value("run", nlohmann::ordered_json::object());
    return fmt::format("<h2>Reproduce this</h2>\n<p>Same inputs, same seed: the same numbers, at any thread or rank count.</p>\n"
                       "<pre id=\"reproduce\">{}\n# seed {}, pcnsim {} (commit {})</pre>\n",
                       escape(m.value("command", "")), run.value("seed", 0ULL), escape(m.value("pcnsim_version", "")), escape(m.value("git_commit", "")));
}

}  // namespace

std::string render_report(const ReportData& d) {
    std::string out = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "img-src data:\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>pcnsim report: {}</title>\n"
        "<style>{}</style></head><body>\n",
        escape(d.scenarios.front().name), kStyle);
    out += header(d) + headline_table(d) + time_series(d) + funnel_and_utilisation(d) + equity(d) + sweep_view(d) + assumptions(d) +
           reproduce(d);
    // Optional: opens every section before printing (the report reads the same without it).
    out += "<script>window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(e){e.open=true;});});"
           "</script>\n</body></html>\n";
    return out;
}

void write_report(const std::vector<std::string>& folders, const std::string& out) {
    Problems problems;
    const auto data = load_report_data(folders, problems);
    if (!problems.empty()) throw InputError{problems};
    const std::string html = render_report(data);
    const std::string tmp = fmt::format("{}.tmp-{}", out, ::getpid());
    {
        std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
        file << html;
        if (!file) throw std::runtime_error(out + ": cannot write the report");
    }
    std::filesystem::rename(tmp, out);
}

}  // namespace pcnsim::viz
