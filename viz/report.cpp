#include "viz/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "sim/core/file_io.hpp"
#include "sim/output/ceac.hpp"
#include "sim/output/readable.hpp"
#include "viz/answer.hpp"
#include "viz/charts.hpp"
#include "viz/glossary.hpp"

namespace pcnsim::viz {
namespace {

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#1c1c1c;max-width:1000px;margin:1.5em auto;padding:0 1em;line-height:1.4}
h1{font-size:1.5em;margin-bottom:.2em}h2{border-bottom:2px solid #1b4f72;padding-bottom:.2em;margin-top:1.6em;font-size:1.25em}h3{font-size:1.05em;margin:1em 0 .3em}
#answer{background:#eef5fb;border-left:5px solid #1b4f72;padding:.6em 1em;font-size:1.05em}#answer p{margin:.35em 0}
.table-wrap{max-width:100%}table{border-collapse:collapse;margin:.6em 0;font-size:.88em;width:100%}
th,td{border:1px solid #bbb;padding:.25em .35em;vertical-align:top}th{background:#eef2f6;text-align:left;font-weight:600}
th a{color:inherit}td.num{text-align:right}td.name,.nowrap{white-space:nowrap}.interval{color:#555;font-size:.85em;display:block;white-space:nowrap}
.na{color:#666;font-size:.9em}.lede{font-size:1.05em}.muted{color:#555}.chart{margin:.8em 0;break-inside:avoid}figcaption{font-weight:600}
.chart-note{color:#555;font-size:.82em;margin:.2em 0 0}svg text{font-size:11px;fill:#333}svg .axis{font-size:12px}svg .group{font-weight:700;font-size:12px}
svg .grid{stroke:#e2e2e2;stroke-width:1}svg .reference{stroke:#333;stroke-width:1.2;stroke-dasharray:4 3}svg .whisker{stroke:#222;stroke-width:1.5}
svg .value,svg .point-label{font-size:10.5px}.pass{color:#1e6b30;font-weight:600}.miss{color:#a02c00;font-weight:700}
.small-multiples{display:grid;grid-template-columns:1fr 1fr;gap:0 1em}.small-multiples .chart-note{display:none}dl#glossary-list{columns:2;column-gap:2em}caption{text-align:left;font-weight:600;padding:.2em 0}dl#glossary-list dd{break-before:avoid}dl#glossary-list dt{break-after:avoid}.key{list-style:none;padding:0;columns:3;font-size:.85em}.key li{break-inside:avoid}
dl#glossary-list dt{font-weight:700;margin-top:.4em}dl#glossary-list dd{margin-left:1em}
pre{background:#f4f4f4;padding:.6em;white-space:pre-wrap;word-break:break-all;font-size:.85em}details{margin:.6em 0}summary{cursor:pointer;font-weight:600}
@media screen and (max-width:820px){body{padding:0 .4em}table{font-size:.72em}th,td{padding:.2em .2em}.interval{white-space:normal}dl#glossary-list{columns:1}.small-multiples{grid-template-columns:1fr}.key{columns:2}}
@media print{body{max-width:none;margin:0;font-size:9.5pt}h2{break-after:avoid;margin-top:1em}.noprint{display:none}table{font-size:8.5pt}
.chart{margin:.4em 0}.chart svg{max-height:8cm}.small-multiples .chart svg{max-height:4.6cm}#answer{font-size:10pt}}
@page{size:A4;margin:12mm}
)";

// Money on an axis: round ticks read best with two significant figures ("£90k", not "£90.0k").
const Formatter kMoney = [](double v) { return money(v, 10 * supported_step(v), kHtmlStyle); };
const Formatter kPercent = [](double v) { return percent(v, kHtmlStyle); };

std::string na(const std::string& reason) { return fmt::format("<span class=\"na\">n/a: {}</span>", escape(reason)); }

std::string cell(const std::string& html, const std::string& source = "", const std::string& exact = "") {
    if (source.empty()) return "<td class=\"num\">" + html + "</td>";
    return fmt::format("<td class=\"num\" data-source=\"{}\" data-value=\"{}\">{}</td>", escape(source), escape(exact), html);
}

// The interval under a value in a table cell; nothing where there is none.
std::string interval_span(std::optional<double> low, std::optional<double> high, const Formatter& f) {
    const auto text = interval_text(low, high, f);
    return text.empty() ? "" : "<span class=\"interval\">" + text + "</span>";
}

// " (low to high)" after a value in a label; nothing where there is none.
std::string interval_brackets(std::optional<double> low, std::optional<double> high, const Formatter& f) {
    const auto text = interval_text(low, high, f);
    return text.empty() ? "" : " (" + text + ")";
}

// A money or count cell: the value rounded to what its interval supports, the interval underneath.
using RoundedWriter = std::string (*)(double, double, NumberStyle);
std::string rounded_cell(const EconomicsEntry* e, const std::string& undefined, RoundedWriter write) {
    if (!e || !e->value.value) return cell(na(undefined));
    const double v = *e->value.value, step = supported_step(v, e->p2_5.value, e->p97_5.value);
    const Formatter f = [write, step](double x) { return write(x, step, kHtmlStyle); };
    return cell(f(v) + interval_span(e->p2_5.value, e->p97_5.value, f), "economics.csv:" + e->measure, e->value.text);
}

std::string money_cell(const EconomicsEntry* e, const std::string& undefined) { return rounded_cell(e, undefined, money); }
std::string count_cell(const EconomicsEntry* e, const std::string& undefined) { return rounded_cell(e, undefined, count); }

std::string summary_cell(const SummaryEntry* e, const Formatter& f, const std::string& undefined) {
    if (!e || !e->total.value) return cell(na(undefined));
    return cell(f(*e->total.value) + interval_span(e->p2_5.value, e->p97_5.value, f), "summary.csv:" + e->arm + "/" + e->metric, e->total.text);
}

std::string population_text(const ReportData& d) {
    const auto& m = d.scenarios.front().manifest;
    const auto& pop = m.value("population", nlohmann::ordered_json::object());
    const auto pcns = pop.value("pcns", std::vector<std::string>{});
    return fmt::format("{} registered patients in {} practices{}", grouped(pop.value("agents", 0.0)), pop.value("practices", std::vector<std::string>{}).size(),
                       pcns.size() > 1 ? fmt::format(" of {} PCNs", pcns.size()) : pcns.size() == 1 ? " (" + pcns.front() + ")" : "");
}

std::string title_of(const ReportData& d) {
    const auto weeks = d.scenarios.front().manifest.value("run", nlohmann::ordered_json::object()).value("weeks", 0);
    if (d.kind == "run" && d.scenarios.size() == 1)
        return fmt::format("{} against no coaching: {}, {} weeks", d.scenarios.front().name, population_text(d), weeks);
    const auto coaching = std::count_if(d.scenarios.begin(), d.scenarios.end(), [](const ScenarioResult& s) { return s.spends(); });
    return fmt::format("{} options compared ({} with coaching): {}, {} weeks", d.scenarios.size(), coaching, population_text(d), weeks);
}

std::string header(const ReportData& d, const DecisionFacts& facts) {
    const auto& first = d.scenarios.front().manifest;
    const auto& run = first.value("run", nlohmann::ordered_json::object());
    std::string out = fmt::format("<h1>{}</h1>\n<section id=\"answer\" aria-label=\"The answer\">\n", escape(title_of(d)));
    const auto sentences = answer_sentences(facts);
    for (std::size_t i = 0; i < sentences.size(); ++i)
        out += i == 0 ? "<p class=\"answer-first\"><strong>" + escape(sentences[i]) + "</strong></p>\n" : "<p>" + escape(sentences[i]) + "</p>\n";
    out += "</section>\n";
    out += fmt::format(
        "<p id=\"population\" class=\"muted\">{}; {} weeks reported after {} weeks' warm-up; {} paired runs ({}); seed {}; prices {}. "
        "Each option is compared with its own no-coaching counterfactual on the same patients and random numbers. <strong>Example data "
        "shipped with pcnsim is fictional.</strong></p>\n",
        escape(population_text(d)), run.value("weeks", 0), run.value("warmup_weeks", 0), facts.runs, escape(facts.interval_source),
        run.value("seed", 0ULL), escape(first.value("price_year", "not recorded")));
    out += "<ul id=\"scenarios\">\n";
    for (const auto& s : d.scenarios)
        out += fmt::format("<li><span class=\"nowrap\"><strong>{}</strong></span>: {}</li>\n", escape(s.name),
                           escape(s.manifest.value("scenario", nlohmann::ordered_json::object()).value("description", "")));
    return out + "</ul>\n";
}

std::string th(const std::string& text, const std::string& term) {
    return fmt::format("<th><a href=\"#g-{}\">{}</a></th>", term, text);
}

std::string rank_cell(const ReportData& d, const ScenarioResult& s) {
    const auto* r = d.ranked(s.name);
    return r ? cell(std::to_string(r->rank)) : cell(na("not ranked"));
}

std::string prob_cell(const EconomicsEntry* e, const std::string& undefined) {
    if (!e || !e->value.value) return cell(na(undefined));
    return cell(percent(*e->value.value, kHtmlStyle), "economics.csv:" + e->measure, e->value.text);
}

std::string money_table(const ReportData& d, const DecisionFacts& facts) {
    std::string out = "<div class=\"table-wrap\"><table id=\"headline\" aria-describedby=\"headline-title\"><thead><tr><th>rank</th><th>option</th>" +
                      th("net benefit to the NHS", "net-benefit") + th("cost to the NHS", "cost") + th("return per £1", "roi") +
                      th("P(return &gt; £1)", "prob-roi") + th("P(best)", "prob-best") +
                      th(fmt::format("pays back within {} weeks", facts.weeks), "payback") + "</tr></thead><tbody>\n";
    for (const auto& s : d.scenarios) {
        const bool pays = s.spends();
        out += fmt::format("<tr data-scenario=\"{}\">{}<td class=\"name\">{}</td>", escape(s.name), rank_cell(d, s), escape(s.name));
        out += money_cell(s.economics_row("net_benefit_economic_nhs"), "no value");
        out += money_cell(s.economics_row("cost_nhs"), "no cost recorded");
        const auto* roi = s.economics_row("roi_economic_nhs");
        out += roi && roi->value.value ? cell(fmt::format("{:.2f}", *roi->value.value) +
                                                  (roi->p2_5.value && roi->p97_5.value
                                                       ? fmt::format("<span class=\"interval\">{:.2f} to {:.2f}</span>", *roi->p2_5.value, *roi->p97_5.value)
                                                       : ""),
                                              "economics.csv:roi_economic_nhs", roi->value.text)
                                        : cell(na(pays ? "undefined" : "nothing spent"));
        out += pays ? prob_cell(s.economics_row("prob_roi_economic_nhs_above_1"), "undefined") : cell(na("nothing spent"));
        const auto* r = d.ranked(s.name);
        out += r && r->prob_best.value ? cell(share_of_runs(*r->prob_best.value, facts.runs), "comparison.csv:prob_best", r->prob_best.text)
                                       : cell(na("not ranked"));
        const auto* payback = s.economics_row("payback_week_economic_nhs");
        out += !pays ? cell(na("nothing spent"))
                     : payback && payback->value.value ? cell(fmt::format("week {}", *payback->value.value + 1), "economics.csv:payback_week_economic_nhs",
                                                              payback->value.text)
                                                       : cell("no", "economics.csv:payback_week_economic_nhs", "");
        out += "</tr>\n";
    }
    return out + "</tbody></table></div>\n";
}

std::string capacity_table(const ReportData& d) {
    const Formatter one = [](double v) { return grouped(v, 1, kHtmlStyle); };
    const Formatter whole = [](double v) { return grouped(v, 0, kHtmlStyle); };
    const Formatter hours = [](double v) { return grouped(v * 7 * 24, 1, kHtmlStyle); };  // weeks to hours: changes are small
    std::string out = "<div class=\"table-wrap\"><table id=\"capacity\" aria-label=\"Capacity and waits\"><thead><tr><th>option</th>" +
                      th("GP appointments made available", "gp-released") + th("A&amp;E attendances avoided", "ae-avoided") +
                      th("emergency admissions avoided", "admissions-avoided") + th("coaching waiting list", "waiting-list") +
                      th("coaching wait (weeks)", "coaching-wait") + th("coach utilisation", "utilisation") +
                      th("GP backlog change", "gp-backlog") + th("GP wait change (hours)", "gp-wait") + "</tr></thead><tbody>\n";
    for (const auto& s : d.scenarios) {
        out += fmt::format("<tr data-scenario=\"{}\"><td class=\"name\">{}</td>", escape(s.name), escape(s.name));
        out += count_cell(s.economics_row("gp_appointments_released"), "not recorded");
        out += count_cell(s.economics_row("ae_attendances_avoided"), "not recorded");
        out += count_cell(s.economics_row("emergency_admissions_avoided"), "not recorded");
        out += summary_cell(s.summary_row("scenario", "coaching_waiting_list"), whole, "no coaching");
        // With no coaches nobody starts, so the mean wait of those starting says nothing.
        out += s.spends() ? summary_cell(s.summary_row("scenario", "coaching_mean_wait_weeks"), one, "no coaching") : cell(na("no coaches"));
        out += s.spends() ? summary_cell(s.summary_row("scenario", "coach_utilisation"), kPercent, "no coaching") : cell(na("no coaches"));
        out += summary_cell(s.summary_row("difference", "gp_backlog"), one, "not recorded");
        out += summary_cell(s.summary_row("difference", "gp_mean_wait_weeks"), hours, "not recorded");
        out += "</tr>\n";
    }
    return out + "</tbody></table></div>\n";
}

std::string headline(const ReportData& d, const DecisionFacts& facts) {
    std::string out = "<h2 id=\"headline-title\">Headline: money</h2>\n";
    out += fmt::format(
        "<p>Each option minus its no-coaching counterfactual over the {} reported weeks, NHS perspective, money discounted at {}% a year. "
        "Net benefit counts the GP, A&amp;E and admission activity freed at its unit cost: capacity, not cash (the cash a budget holder "
        "would see is in economics.csv). Under each value, its 95% interval over the {} runs; money is rounded to what "
        "the runs support (about a twentieth of the interval's width, at most three figures). Column heads link to the "
        "<a href=\"#glossary\">definitions</a>.</p>\n",
        facts.weeks, fmt::format("{:.3g}", 100 * facts.discount_rate), facts.runs);
    out += money_table(d, facts);
    out += "<h2 id=\"capacity-title\">Headline: capacity and waits</h2>\n<p>Activity made available over the reported period (scenario minus its "
           "counterfactual); waiting list, wait and utilisation are means over the weeks of the scenario; GP backlog and wait are the change "
           "against the counterfactual.</p>\n";
    return out + capacity_table(d);
}

// ------------------------------------------------------------------------------------ decision charts

std::vector<const ScenarioResult*> coaching_options(const ReportData& d) {
    std::vector<const ScenarioResult*> out;
    for (const auto& s : d.scenarios)
        if (s.spends()) out.push_back(&s);
    return out;
}

std::size_t style_of(const ReportData& d, const std::string& name) {
    for (std::size_t i = 0; i < d.scenarios.size(); ++i)
        if (d.scenarios[i].name == name) return i;
    return d.scenarios.size();
}

std::string forest(const ReportData& d) {
    std::vector<ForestRow> rows;
    for (const auto& s : d.scenarios) {
        const auto* e = s.economics_row("net_benefit_economic_nhs");
        if (!e || !e->value.value) continue;
        const double v = *e->value.value, step = supported_step(v, e->p2_5.value, e->p97_5.value);
        const Formatter f = [step](double x) { return money(x, step, kHtmlStyle); };
        const std::string text = f(v) + interval_brackets(e->p2_5.value, e->p97_5.value, f);
        rows.push_back({s.name, "varies: " + s.varies, v, e->p2_5.value, e->p97_5.value, text, style_of(d, s.name)});
    }
    return "<h2>Net benefit of each option</h2>\n" +
           forest_plot({"forest-net-benefit", "Net benefit to the NHS, each option against no coaching",
                        "Economic net benefit to the NHS over the reported period (value of activity freed minus cost, discounted), each option "
                        "with its 95% interval over the runs, grouped by what the options vary. Right of the dashed line: the option returns "
                        "more than it costs.",
                        "net benefit to the NHS", ""},
                       rows, kMoney);
}

LineSeries cumulative_series(const ScenarioResult& s, const std::string& key, std::size_t style, bool with_band) {
    LineSeries l{s.name, {}, {}, {}, style, false};
    const auto it = s.cumulative.find(key);
    if (it == s.cumulative.end()) return l;
    l.y = it->second.mean;
    if (with_band) l.low = it->second.p2_5, l.high = it->second.p97_5;
    return l;
}

// Running totals over the weeks for each coaching option; the band of the first-ranked one only
// (overlapping bands of every option would hide the lines).
std::string running_total(const ReportData& d, const std::string& key, const ChartText& text, const Formatter& f, double height) {
    const auto options = coaching_options(d);
    std::vector<LineSeries> series;
    for (std::size_t i = 0; i < options.size(); ++i) {
        auto l = cumulative_series(*options[i], key, style_of(d, options[i]->name), i == 0);
        if (!l.y.empty()) series.push_back(std::move(l));
    }
    if (series.empty()) return "";
    LineChartOptions o;
    o.y_format = f, o.reference = 0.0, o.height = height;
    return line_chart(text, series, o);
}

std::string over_time(const ReportData& d) {
    const auto options = coaching_options(d);
    if (options.empty()) return "";
    const std::string band_note = fmt::format(" The shaded band is the 95% interval of {}, the first-ranked coaching option.", options.front()->name);
    std::string out = "<h2>Over time</h2>\n";
    out += running_total(d, "nhs/economic",
                         {"cumulative-net-benefit", "Cumulative net benefit to the NHS",
                          "Net benefit to the NHS (discounted) accumulated week by week: below zero, the option has cost more than it has "
                          "returned so far; where a line crosses zero it pays back." + band_note,
                          "reported week", "cumulative net benefit"},
                         kMoney, 300);
    const std::pair<const char*, const char*> measures[] = {{"gp_appointments_released", "GP appointments made available"},
                                                            {"ae_attendances_avoided", "A&E attendances avoided"},
                                                            {"emergency_admissions_avoided", "Emergency admissions avoided"}};
    for (const auto& [key, title] : measures)
        out += running_total(d, key,
                             {std::string("difference-") + key, std::string(title) + ", running total",
                              std::string(title) + ": each option minus its paired no-coaching run, added up week by week (a single week's "
                                                   "difference is mostly noise)." + band_note,
                              "reported week", "running total"},
                             {}, 230);
    return out;
}

// An option that spends nothing is the same as no coaching: ceac.csv splits their ties between
// them, so the chart adds them up under "no coaching" (then its share at GBP 0 is P(best)).
std::string ceac_option(const ReportData& d, const std::string& option) {
    for (const auto& s : d.scenarios)
        if (s.name == option && !s.spends()) return kNoCoaching;
    return option;
}

std::string ceac(const ReportData& d) {
    const std::string head = "<h2>Cost-effectiveness</h2>\n";
    if (d.ceac.empty()) return head + "<p class=\"muted\">Not in this folder (ceac.csv): written by pcnsim compare since version 0.1.</p>\n";
    std::vector<double> thresholds;
    for (const auto& p : d.ceac)
        if (thresholds.empty() || p.threshold > thresholds.back()) thresholds.push_back(p.threshold);
    std::vector<LineSeries> series;
    for (const auto& p : d.ceac) {
        const auto option = ceac_option(d, p.option);
        auto it = std::find_if(series.begin(), series.end(), [&](const LineSeries& l) { return l.label == option; });
        if (it == series.end()) {
            LineSeries l{option, std::vector<double>(thresholds.size(), 0.0), {}, {}, style_of(d, option), option == kNoCoaching};
            l.neutral = option == kNoCoaching;
            series.push_back(std::move(l));
            it = series.end() - 1;
        }
        const auto k = static_cast<std::size_t>(std::lower_bound(thresholds.begin(), thresholds.end(), p.threshold) - thresholds.begin());
        it->y[k] += p.prob_highest_nmb;
    }
    LineChartOptions o;
    o.x = thresholds, o.percent = true, o.height = 280, o.y_span = {{0.0, 1.0}};
    o.x_format = [](double t) { return money(t, 1000, kHtmlStyle); };
    return head + line_chart({"ceac", "Cost-effectiveness acceptability curves",
                              "For each value placed on a QALY (the x axis), the share of runs in which each option, or no coaching (grey, "
                              "with any option that spends nothing), has the highest net monetary benefit. NICE's usual range is £20,000 to "
                              "£30,000 per QALY.",
                              "value of a QALY (£ per QALY)", "share of runs in which it is best"},
                             series, o);
}

std::string break_even_text(const ReportData& d) {
    if (!d.break_even) return "<p class=\"muted\">No break-even in this folder: not run (<code>pcnsim compare ... --break-even PARAMETER</code> "
                              "or <code>pcnsim threshold --out &lt;folder&gt;/break_even</code>).</p>\n";
    const auto& b = *d.break_even;
    return fmt::format("<p id=\"break-even\">Break-even for {} (the first-ranked option that spends), the value of {} at which its {} would be "
                       "{}. Result: {}.</p>\n",
                       escape(b.scenario), escape(b.parameter), escape(measure_label(b.measure)), escape(b.target.text), escape(b.status));
}

// How far a run's measure moves by chance alone: the median width of the 95% band over
// replications at the tornado's ends. Swings smaller than it are not resolved.
std::string noise_note(const std::vector<TornadoEntry>& rows, bool money_measure) {
    std::vector<double> widths;
    for (const auto& t : rows)
        if (t.measure_at_low_p2_5.value && t.measure_at_low_p97_5.value) widths.push_back(*t.measure_at_low_p97_5.value - *t.measure_at_low_p2_5.value);
    if (widths.empty()) return "";
    std::nth_element(widths.begin(), widths.begin() + static_cast<std::ptrdiff_t>(widths.size() / 2), widths.end());
    const double w = widths[widths.size() / 2];
    if (w <= 0) return "";
    return fmt::format(" Each end's 95% band over its replications is about {} wide: swings smaller than that are within chance.",
                       money_measure ? kMoney(w) : grouped(w, 2, kHtmlStyle));
}

std::string tornado(const ReportData& d) {
    std::string out = "<h2>What the answer rides on</h2>\n" + break_even_text(d);
    if (d.tornado.empty())
        return out + "<p class=\"muted\">No one-way sensitivity analysis in this folder: not run (<code>pcnsim compare ... --tornado a,b,c</code> "
                     "or <code>pcnsim tornado --out &lt;folder&gt;/tornado</code>).</p>\n";
    std::vector<TornadoRow> rows;
    const std::size_t shown = std::min<std::size_t>(d.tornado.size(), 12);
    for (std::size_t k = 0; k < shown; ++k) {
        const auto& t = d.tornado[k];
        if (!t.measure_at_low.value || !t.measure_at_high.value || !t.low_value.value || !t.high_value.value) continue;  // undefined there
        rows.push_back({t.parameter, *t.measure_at_low.value, *t.measure_at_high.value, parameter_value_text(*t.low_value.value),
                        parameter_value_text(*t.high_value.value)});
    }
    const auto& first = d.tornado.front();
    const auto* measured = d.scenarios.empty() ? nullptr : d.scenarios.front().economics_row(first.measure);
    const bool money_measure = measured && measured->unit.find("GBP") != std::string::npos;
    out += tornado_chart({"tornado", fmt::format("One-way sensitivity of the {} of {}", measure_label(first.measure), d.tornado_scenario),
                          fmt::format("Each parameter moved alone to the 5th (solid bar) and 95th (hatched bar) percentile of its prior, the "
                                      "others at their central values, on the same random numbers; the dashed line is the central case ({}); "
                                      "where both ends move the same way their values read 'low | high'. Largest swing first; {} of {} "
                                      "parameters shown.{}",
                                      money_measure ? kMoney(first.base.value.value_or(0)) : grouped(first.base.value.value_or(0), 2, kHtmlStyle),
                                      rows.size(), d.tornado.size(), noise_note(d.tornado, money_measure)),
                          measure_label(first.measure), ""},
                         first.base.value.value_or(0), rows, money_measure ? kMoney : Formatter{});
    return out;
}

std::string voi(const ReportData& d) {
    std::string out = "<h2>Value of further research</h2>\n";
    std::vector<BarGroup> groups;
    std::string unit;
    for (const auto& v : d.voi) {
        if (v.scope != "per_decision" || !v.value.value) continue;
        const bool evpi = v.measure == "evpi";
        if (!evpi && v.parameter_or_group.find('.') != std::string::npos) continue;  // groups only; voi.csv has each parameter
        groups.push_back({evpi ? "all parameters (EVPI)" : v.parameter_or_group,
                          {{*v.value.value, v.standard_error.value ? std::optional(*v.value.value - 1.96 * *v.standard_error.value) : std::nullopt,
                            v.standard_error.value ? std::optional(*v.value.value + 1.96 * *v.standard_error.value) : std::nullopt}}});
        unit = v.unit;
    }
    if (groups.empty())
        return out + "<p class=\"muted\">Not computed for this comparison: <code>--voi</code> was not given (it needs PSA draws, 100 or more "
                     "for stable estimates: <code>pcnsim compare ... --psa 100 --voi</code>; docs/economics.md).</p>\n";
    return out + bar_chart({"voi", "Expected value of perfect information, per decision",
                            fmt::format("What knowing a group of parameters exactly would be worth to this decision ({}), with about a 95% "
                                        "interval (two standard errors). docs/economics.md explains EVPI and EVPPI.",
                                        unit),
                            "expected value of perfect information", ""},
                           {"per decision"}, groups, kMoney);
}

std::string evaluation(const ReportData& d) {
    const auto options = coaching_options(d);
    const ScenarioResult* s = nullptr;
    for (const auto* o : options)
        if (!o->evaluation.empty()) {
            s = o;
            break;
        }
    if (!s) return "";
    static const std::map<std::string, std::string> labels{
        {"naive_before_after", "naive before-after"}, {"matched_did", "matched comparison"}, {"true_paired_effect", "true effect (the model)"}};
    static const std::map<std::string, std::string> metric_labels{
        {"gp_appointments", "GP appointments"}, {"ae_attendances", "A&E attendances"}, {"emergency_admissions", "emergency admissions"}};
    std::vector<ForestRow> rows;
    for (const auto& e : s->evaluation) {
        if (!metric_labels.count(e.metric) || !e.value.value) continue;
        const auto label = labels.count(e.estimate) ? labels.at(e.estimate) : e.estimate;
        const std::size_t style = e.estimate == "true_paired_effect" ? 0 : e.estimate == "matched_did" ? 1 : 3;
        const Formatter two = [](double v) { return grouped(v, 2, kHtmlStyle); };
        const std::string text = two(*e.value.value) + interval_brackets(e.lower_95.value, e.upper_95.value, two);
        rows.push_back({label, metric_labels.at(e.metric), *e.value.value, e.lower_95.value, e.upper_95.value, text, style});
    }
    return "<h2>What a local evaluation would conclude</h2>\n" +
           forest_plot({"evaluation-realism", fmt::format("Evaluating {} from service data", s->name),
                        "Change per coached patient-year estimated three ways: a naive before-after comparison of coached patients (biased by "
                        "regression to the mean and by who gets referred), a matched comparison with uncoached patients, and the true effect "
                        "the model knows (each coached patient against their own no-coaching run). Negative: fewer appointments, attendances "
                        "or admissions.",
                        "change per coached patient-year", ""},
                       rows, [](double v) { return grouped(v, 1, kHtmlStyle); }) +
           "<p class=\"muted\">Costs per coached patient-year, and PAM scores, are in evaluation.csv.</p>\n";
}

std::string validation(const ReportData& d) {
    std::string out = "<h2>The model against the evidence</h2>\n";
    if (d.validation.empty())
        return out + "<p class=\"muted\">No validation in this folder: <code>pcnsim validate --out &lt;this folder&gt;/validation</code> compares "
                     "the model with the published figures it rests on (docs/validation.md).</p>\n";
    const auto within = std::count_if(d.validation.begin(), d.validation.end(), [](const ValidationEntry& v) { return v.within_band == "yes"; });
    std::string misses;
    for (const auto& v : d.validation)
        if (v.within_band != "yes")
            misses += fmt::format(" Out of band: {}: the model gives {} against a published band of {} to {}.", escape(v.check),
                                  v.model.text.empty() ? "n/a" : fmt::format("{:.3g}", v.model.value.value_or(0)),
                                  fmt::format("{:.3g}", v.band_low.value.value_or(0)), fmt::format("{:.3g}", v.band_high.value.value_or(0)));
    out += fmt::format("<p>{} of {} checks of the baseline model lie within the band of their published figure.{} docs/validation.md explains "
                       "each miss and what it means for the answer.</p>\n<table id=\"validation\"><thead><tr><th>check</th><th>published</th><th>band</th><th>model (95%)</th>"
                       "<th>within</th><th>source</th></tr></thead><tbody>\n",
                       within, d.validation.size(), misses);
    for (const auto& v : d.validation) {
        // Shares as percentages, to the tenth of a point that tells a band from the model's interval.
        const bool share = v.check.find("share") != std::string::npos;
        const auto n = [share](const Number& x) {
            if (!x.value) return std::string("n/a");
            return share ? grouped(100 * *x.value, 1, kHtmlStyle) + "%" : fmt::format("{:.3g}", *x.value);
        };
        out += fmt::format("<tr><td>{}</td>{}{}{}<td class=\"{}\">{}</td><td>{}</td></tr>\n", escape(v.check), cell(n(v.published)),
                           cell(n(v.band_low) + " to " + n(v.band_high)),
                           cell(n(v.model) + "<span class=\"interval\">" + n(v.model_low) + " to " + n(v.model_high) + "</span>"),
                           v.within_band == "yes" ? "pass" : "miss", v.within_band == "yes" ? "yes" : "OUT OF BAND", escape(v.source));
    }
    return out + "</tbody></table>\n";
}

// A source for a board: editing marks are not shown; what has no checked source says so.
std::string clean_source(std::string source) {
    for (const std::string mark : {"*verify*", "*verify", "verify*"}) {
        for (auto at = source.find(mark); at != std::string::npos; at = source.find(mark)) source.replace(at, mark.size(), "not yet checked: assumption");
    }
    source.erase(std::remove(source.begin(), source.end(), '*'), source.end());
    return source;
}

std::string parameter_row(const ParameterEntry& p) {
    const std::string source = p.source.empty() ? "<span class=\"muted\">not recorded in this folder</span>" : escape(clean_source(p.source));
    const auto plain = plain_parameter_name(p.name);
    return fmt::format("<tr><td><code>{}</code>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n", escape(p.name),
                       plain.empty() ? "" : "<br><span class=\"muted\">" + escape(plain) + "</span>",
                       grouped(p.value, p.value == std::floor(p.value) ? 0 : 3, kHtmlStyle), escape(p.unit), source);
}

std::string assumptions(const ReportData& d) {
    const auto& params = d.scenarios.front().parameters;
    std::vector<std::string> key{"activation.coaching_gain_completers", "activation.causal_share", "activation.durable_share",
                                 "activation.admission_rr_per_10_points", "activation.ae_rr_per_10_points", "activation.gp_rr_per_10_points",
                                 "cost.coach_wte_year", "cost.gp_appointment", "cost.ae_attendance", "cost.emergency_admission"};
    for (const auto& t : d.tornado)
        if (key.size() < 14 && std::find(key.begin(), key.end(), t.parameter) == key.end()) key.push_back(t.parameter);
    std::string out = "<h2>Assumptions that carry the result</h2>\n<p>The effect of coaching, how much of it is causal, and the prices: "
                      "the values every option above uses (sources in docs/parameters.md; <em>assumption</em> marks a value without a "
                      "checked published source).</p>\n<table id=\"assumptions\"><thead><tr><th>parameter</th><th>value</th><th>unit</th>"
                      "<th>source</th></tr></thead><tbody>\n";
    for (const auto& name : key)
        for (const auto& p : params)
            if (p.name == name) out += parameter_row(p);
    out += "</tbody></table>\n<details class=\"noprint\"><summary>Every parameter</summary><table><thead><tr><th>parameter</th><th>value</th>"
           "<th>unit</th><th>source</th></tr></thead><tbody>\n";
    for (const auto& p : params) out += parameter_row(p);
    return out + "</tbody></table></details>\n";
}

// A table of one measure per IMD quintile (economics.csv's equity rows), an option a row.
std::string quintile_table(const std::vector<const ScenarioResult*>& options, const std::string& measure, const std::string& id,
                           const std::string& caption) {
    std::string out = fmt::format("<table id=\"{}\"><caption>{}</caption><thead><tr><th>option</th>", id, escape(caption));
    for (int q = 1; q <= 5; ++q) out += fmt::format("<th>IMD quintile {}{}</th>", q, q == 1 ? " (most deprived)" : q == 5 ? " (least)" : "");
    out += "</tr></thead><tbody>\n";
    const Formatter one = [](double v) { return grouped(v, 1, kHtmlStyle); };
    for (const auto* s : options) {
        out += fmt::format("<tr><td class=\"name\">{}</td>", escape(s->name));
        for (int q = 1; q <= 5; ++q) {
            const auto* e = s->economics_row(measure, "imd_quintile", std::to_string(q));
            if (!e || !e->value.value) {
                out += cell(na("not recorded"));
                continue;
            }
            out += cell(one(*e->value.value) + interval_span(e->p2_5.value, e->p97_5.value, one), "economics.csv:" + measure + "/" + std::to_string(q),
                        e->value.text);
        }
        out += "</tr>\n";
    }
    return out + "</tbody></table>\n";
}

std::string equity(const ReportData& d) {
    const auto options = coaching_options(d);
    if (options.empty()) return "";
    return "<h2>Who benefits</h2>\n<p>Per 1,000 patients of each national IMD quintile per year (quintile 1 the most deprived), with "
           "the 95% interval over the runs.</p>\n" +
           quintile_table(options, "gp_appointments_released_per_1000", "equity-gp", "GP appointments made available per 1,000 patients a year") +
           quintile_table(options, "reach_per_1000", "equity-reach", "Coaching programmes started per 1,000 patients a year");
}

std::string funnel(const ReportData& d) {
    const auto options = coaching_options(d);
    if (options.empty()) return "";
    static const std::pair<const char*, const char*> stages[] = {
        {"coaching_referrals", "referred or invited"}, {"coaching_accepted", "accepted"}, {"coaching_started", "started"}, {"coaching_completed", "completed"}};
    std::string out = "<h2>Coaching pathway</h2>\n<p>Patients at each step over the reported period, mean over the runs with the 95% "
                      "interval.</p>\n<table id=\"funnel\"><thead><tr><th>option</th>";
    for (const auto& [metric, label] : stages) out += fmt::format("<th>{}</th>", label);
    out += "</tr></thead><tbody>\n";
    const Formatter whole = [](double v) { return grouped(v, 0, kHtmlStyle); };
    for (const auto* s : options) {
        out += fmt::format("<tr><td class=\"name\">{}</td>", escape(s->name));
        for (const auto& [metric, label] : stages) out += summary_cell(s->summary_row("scenario", metric), whole, "not recorded");
        out += "</tr>\n";
    }
    return out + "</tbody></table>\n";
}

// Appendix: weekly levels, one small panel per metric with every option in it.
std::string levels(const ReportData& d) {
    std::string panels;
    for (const auto& [metric, title] : charted_metrics()) {
        std::vector<LineSeries> series;
        for (std::size_t i = 0; i < d.scenarios.size(); ++i) {
            const auto it = d.scenarios[i].weekly.find(std::string("scenario/") + metric);
            if (it != d.scenarios[i].weekly.end()) series.push_back({d.scenarios[i].name, it->second.median, {}, {}, i, false});
        }
        if (series.empty()) continue;
        LineChartOptions o;
        o.direct_labels = false, o.height = 230, o.width = 460;
        o.percent = std::string(metric).find("share") != std::string::npos;
        panels += line_chart({fmt::format("level-{}", metric), title, fmt::format("{}: the median week over the runs, each option's scenario arm.", title),
                              "reported week", ""},
                             series, o);
    }
    if (panels.empty()) return "";
    std::vector<std::string> names;
    for (const auto& s : d.scenarios) names.push_back(s.name);
    return "<h2 id=\"appendix\">Appendix: weekly levels</h2>\n<p>The levels behind the differences above. A coaching effect of a few "
           "appointments a week is invisible against about five thousand requests: read the differences, not these.</p>\n" +
           series_key(names) + "<div class=\"small-multiples\">" + panels + "</div>\n";
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
    for (const auto& [group, points] : groups) {
        std::string id = "frontier-" + group;
        for (auto& c : id)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
        out += scatter_chart({id, "Cost against GP appointments released" + (group.empty() ? "" : ": " + group),
                              "Coaching cost against GP appointments released over the reported period for every point of the sweep; the "
                              "frontier points are filled diamonds joined by a line.",
                              "coaching cost (£)", "GP appointments released"},
                             points);
    }
    return out;
}

std::string reproduce(const ReportData& d) {
    const auto& m = d.manifest.is_null() ? d.scenarios.front().manifest : d.manifest;
    const auto& run = d.scenarios.front().manifest.value("run", nlohmann::ordered_json::object());
    std::string extra = d.validation_command.empty() ? "" : "\n" + d.validation_command;
    if (d.folders.size() == 1) extra += fmt::format("\npcnsim report {}", d.folders.front());
    return fmt::format("<h2>Reproduce this</h2>\n<p>Same inputs, same seed: the same numbers, at any thread or rank count.</p>\n"
                       "<pre id=\"reproduce\">{}{}\n# seed {}, pcnsim {} (commit {})</pre>\n",
                       escape(m.value("command", "")), escape(extra), run.value("seed", 0ULL), escape(m.value("pcnsim_version", "")),
                       escape(m.value("git_commit", "")));
}

}  // namespace

std::string render_report(const ReportData& d) {
    const auto facts = decision_facts(d);
    std::string out = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{}</style></head><body>\n",
        escape(title_of(d)), kStyle);
    out += header(d, facts) + headline(d, facts) + forest(d) + over_time(d) + ceac(d) + tornado(d) + voi(d) + evaluation(d) + validation(d) +
           assumptions(d) + equity(d) + funnel(d) + sweep_view(d) + glossary_html() + levels(d) + reproduce(d);
    return out + "</body></html>\n";
}

void write_report(const std::vector<std::string>& folders, const std::string& out) {
    Problems problems;
    const auto data = load_report_data(folders, problems);
    if (!problems.empty()) throw InputError{problems};
    std::error_code ec;
    if (std::filesystem::is_directory(out, ec))
        throw InputError{{{out, 0, "--out", "is a folder, expected a file: give the report's file name, e.g. report.html"}}};
    write_file_atomically(out, render_report(data));
}

}  // namespace pcnsim::viz
