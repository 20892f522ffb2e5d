#include "sim/cli/describe.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <ostream>

#include "sim/output/economics.hpp"
#include "sim/output/metrics.hpp"
#include "sim/output/readable.hpp"
#include "viz/answer.hpp"
#include "sim/output/summary.hpp"

namespace pcnsim {
namespace {

struct PopulationStats {
    double n = 0, female = 0, adults = 0, care_home = 0;
    std::array<double, kServiceAgeBands> age{};
    std::array<double, 5> imd{};
    std::array<double, kConditionCount> condition{};
    std::array<double, 4> frailty{};
    std::array<double, 4> pam{};
    std::array<double, 3> meds{};

    void add(const AgentStore& a, std::size_t i) {
        n += 1;
        female += a.sex[i] == Sex::female;
        age[static_cast<std::size_t>(service_age_band(a.age[i]))] += 1;
        imd[static_cast<std::size_t>(a.imd_quintile[i] - 1)] += 1;
        for (int c = 0; c < kConditionCount; ++c) condition[static_cast<std::size_t>(c)] += (a.conditions[i] >> c) & 1;
        frailty[static_cast<std::size_t>(a.frailty[i])] += 1;
        care_home += a.care_home[i];
        if (a.age[i] >= kAdultAge) {
            adults += 1;
            pam[static_cast<std::size_t>(pam_level(a.pam_score[i]) - 1)] += 1;
            meds[a.repeat_meds[i] < 4 ? 0u : a.repeat_meds[i] < 10 ? 1u : 2u] += 1;
        }
    }
};

std::string pct(double x, double of) { return of > 0 ? fmt::format("{:5.1f}%", 100.0 * x / of) : "    -"; }

void print_stats(const std::string& title, const PopulationStats& s, std::ostream& out) {
    fmt::print(out, "\n{}: {} patients, {} adults, {} female\n", title, static_cast<long>(s.n), static_cast<long>(s.adults), pct(s.female, s.n));
    fmt::print(out, "  age band     ");
    for (const char* b : kServiceAgeBandNames) fmt::print(out, "{:>7}", b);
    fmt::print(out, "\n               ");
    for (double x : s.age) fmt::print(out, "{:>7}", pct(x, s.n));
    fmt::print(out, "\n  IMD quintile (1 = most deprived) ");
    for (int q = 0; q < 5; ++q) fmt::print(out, " {}:{}", q + 1, pct(s.imd[static_cast<std::size_t>(q)], s.n));
    fmt::print(out, "\n  conditions (share of all patients)");
    for (int c = 0; c < kConditionCount; ++c) fmt::print(out, " {} {}", kConditionNames[c], pct(s.condition[static_cast<std::size_t>(c)], s.n));
    fmt::print(out, "\n  frailty  mild {} moderate {} severe {}   care home {}\n", pct(s.frailty[1], s.n), pct(s.frailty[2], s.n),
               pct(s.frailty[3], s.n), pct(s.care_home, s.n));
    fmt::print(out, "  PAM level mix (adults)  1:{} 2:{} 3:{} 4:{}\n", pct(s.pam[0], s.adults), pct(s.pam[1], s.adults),
               pct(s.pam[2], s.adults), pct(s.pam[3], s.adults));
    fmt::print(out, "  repeat medications (adults)  0-3:{} 4-9:{} 10+:{}\n", pct(s.meds[0], s.adults), pct(s.meds[1], s.adults),
               pct(s.meds[2], s.adults));
}

}  // namespace

int report_problems(const Problems& problems, std::ostream& out) {
    for (const auto& p : problems) out << p.to_string() << "\n";
    out << fmt::format("{} problem(s) found\n", problems.size());
    return 2;
}

void describe_population(const Population& population, std::ostream& out) {
    const auto& a = population.agents;
    PopulationStats all;
    std::vector<PopulationStats> per_practice(population.practices.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        all.add(a, i);
        per_practice[a.practice[i]].add(a, i);
    }
    print_stats("PCN", all, out);
    for (std::size_t p = 0; p < per_practice.size(); ++p)
        print_stats("practice " + population.practices[p].code, per_practice[p], out);
}

void print_parameters(std::ostream& out, bool markdown) {
    if (markdown) fmt::print(out, "| name | unit | default | range | prior | source |\n|---|---|---|---|---|---|\n");
    for (const auto& d : parameter_declarations()) {
        const std::string range = fmt::format("{:g} - {:g}", d.min, d.max);
        if (markdown)
            fmt::print(out, "| `{}` | {} | {:g} | {} | {} | {} |\n", d.name, d.unit, d.default_value, range, d.prior.describe(), d.source);
        else
            fmt::print(out, "{:<42} {:>10g}  [{}]  {}  {}  -- {}\n", d.name, d.default_value, range, d.unit, d.prior.describe(), d.source);
    }
}

void print_metrics(std::ostream& out, bool markdown) {
    static constexpr const char* kinds[] = {"flow", "stock", "ratio"};
    if (markdown) fmt::print(out, "| metric | kind | unit | groups | meaning |\n|---|---|---|---|---|\n");
    for (const auto& m : metric_catalogue()) {
        const char* groups = m.scope == MetricScope::groups ? "all groups" : m.scope == MetricScope::practice ? "all, practice" : "all";
        if (markdown)
            fmt::print(out, "| `{}` | {} | {} | {} | {} |\n", m.name, kinds[static_cast<int>(m.kind)], m.unit, groups, m.description);
        else
            fmt::print(out, "{:<28} {:<6} {:<24} {}\n", m.name, kinds[static_cast<int>(m.kind)], m.unit, m.description);
    }
}

void print_run_summary(const RunResult& run, std::ostream& out) {
    const auto rows = summarise(run);
    const auto find = [&rows](const std::string& arm, const std::string& metric) { return find_summary_row(rows, arm, metric); };
    const bool several = run.pcn_codes.size() > 1;
    fmt::print(out, "\n{} — {} patients in {} practices{}, {} weeks after {} weeks' warm-up, {} replication(s), seed {}\n",
               run.scenario.name, run.agents, run.practice_codes.size(), several ? fmt::format(" of {} PCNs", run.pcn_codes.size()) : "",
               run.scenario.run.weeks, run.scenario.run.warmup_weeks, run.replications.size(), run.scenario.run.seed);
    fmt::print(out, "  {:<28} {:>12} {:>12} {:>12}   {}\n", several ? "metric (all PCNs)" : "metric (whole PCN)", "scenario", "no coaching", "difference",
               "per patient-year (scenario)");
    const auto line = [&](const char* metric, bool flow) {
        const auto *s = find("scenario", metric), *c = find("counterfactual", metric), *d = find("difference", metric);
        if (!s || !c || !d) return;
        if (flow)
            fmt::print(out, "  {:<28} {:>12.0f} {:>12.0f} {:>+12.0f}   {:.3f}\n", metric, s->total, c->total, d->total,
                       s->per_1000_per_year / 1000.0);
        else
            fmt::print(out, "  {:<28} {:>12.3f} {:>12.3f} {:>+12.3f}   (mean over weeks)\n", metric, s->total, c->total, d->total);
    };
    for (const char* metric : {"gp_requests", "gp_appointments", "gp_unmet", "gp_diverted_to_ae", "ae_attendances",
                               "emergency_admissions", "deaths"})
        line(metric, true);
    for (const char* metric : {"gp_backlog", "gp_mean_wait_weeks", "pam_mean", "pam_level_1_share"}) line(metric, false);
    if (!run.scenario.coaching.present) return;
    const auto econ = economics_over_replications(run);
    const auto value = [&econ](const char* measure, int decimals = 0, const char* undefined = "-") {
        const auto v = economics_value(econ, measure);
        return v ? fmt::format("{:.{}f}", *v, decimals) : std::string(undefined);
    };
    const auto settings = economic_settings(run.scenario);
    fmt::print(out, "  coaching ({}): {} started, {} completed; GP appointments released {}, A&E attendances avoided {}, "
               "admissions avoided {}\n",
               run.scenario.targeting.name, value("coaching_started"), value("coaching_completed"), value("gp_appointments_released"),
               value("ae_attendances_avoided"), value("emergency_admissions_avoided"));
    fmt::print(out, "  GBP discounted at {:.1f}% a year   {:>12} {:>16} {:>14} {:>14} {:>9} {:>13}\n", settings.discount_rate * 100, "cost",
               "economic value", "net (economic)", "cash released", "ROI", "payback week");
    for (const char* p : {"nhs", "pcn"}) {
        const auto m = [&](const char* prefix, int decimals = 0, const char* undefined = "-") {
            return value(fmt::format("{}_{}", prefix, p).c_str(), decimals, undefined);
        };
        const bool spends = economics_value(econ, fmt::format("cost_{}", p)).value_or(0) > 0;
        fmt::print(out, "  {:<33} {:>12} {:>16} {:>14} {:>14} {:>9} {:>13}\n", std::string("perspective ") + p, m("cost"),
                   m("economic_value"), m("net_benefit_economic"), m("cash_released"), m("roi_economic", 2),
                   m("payback_week_economic", 0, spends ? "never" : "-"));
    }
    fmt::print(out, "  QALYs gained {}, ICER GBP {} per QALY", value("qalys_gained", 2), value("icer_nhs"));
    for (const double t : settings.thresholds)
        fmt::print(out, ", P(cost-effective at {:.0f}) {}", t, value(threshold_measure("prob_cost_effective", t).c_str(), 2));
    fmt::print(out, "\n");
}

namespace {

// A comparison cell for people: money in k or m rounded to what the interval supports, counts with
// thousands separators, probabilities as percentages, ratios with two decimals.
struct ComparisonCells {
    const std::vector<std::string>& measures;
    const ComparisonRow& row;

    std::size_t column(const std::string& name) const {
        return static_cast<std::size_t>(std::find(measures.begin(), measures.end(), name) - measures.begin());
    }
    std::optional<double> at(const std::vector<std::optional<double>>& v, const std::string& name) const {
        const auto k = column(name);
        return k < v.size() ? v[k] : std::nullopt;
    }
    double step(const std::string& name) const {
        const auto v = at(row.values, name);
        return v ? supported_step(*v, at(row.p2_5, name), at(row.p97_5, name)) : 1;
    }
    std::string gbp(const std::string& name) const {
        const auto v = at(row.values, name);
        return v ? money(*v, step(name)) : "n/a";
    }
    std::string number(const std::string& name) const {
        const auto v = at(row.values, name);
        return v ? count(*v, std::max(1.0, step(name))) : "n/a";  // whole patients and appointments
    }
    std::string share(const std::string& name, const char* undefined = "n/a") const {
        const auto v = at(row.values, name);
        return v ? percent(*v) : undefined;
    }
    std::string ratio(const std::string& name, const char* undefined) const {
        const auto v = at(row.values, name);
        return v ? fmt::format("{:.2f}", *v) : undefined;
    }
};

}  // namespace

namespace {

// Words wrapped to the terminal's usual width, each line after the first indented.
std::string wrapped(const std::string& text, std::size_t width, const std::string& indent) {
    std::string out, line;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        const std::string word = text.substr(start, end - start);
        if (!line.empty() && line.size() + 1 + word.size() > width) out += line + "\n" + indent, line.clear();
        line += (line.empty() ? "" : " ") + word;
        start = end + 1;
    }
    return out + line;
}

}  // namespace

// The answer in one sentence, first, and the assumption it rides on: the same words as the report's.
void print_answer(const std::string& folder, std::ostream& out) {
    Problems problems;
    const auto data = viz::load_report_data({folder}, problems, false);
    if (!problems.empty()) {
        out << "\n(no answer in words: " << problems.front().to_string() << ")\n";
        return;
    }
    const auto facts = viz::decision_facts(data);
    const auto sentences = viz::answer_sentences(facts, kTerminalStyle);
    if (sentences.empty()) return;
    out << "\nAnswer: " << wrapped(sentences.front(), 110, "  ") << "\n";
    if (facts.assumption) out << "  " << wrapped(viz::assumption_sentence(*facts.assumption, kTerminalStyle), 110, "  ") << "\n";
}

void print_comparison(const std::vector<ComparisonRow>& table, const std::string& rank_by, const RunResult& first, std::ostream& out) {
    fmt::print(out, "\nOptions ranked by {} — {} patients in {} practices, {} weeks after {} weeks' warm-up, seed {}\n", rank_by,
               grouped(static_cast<double>(first.agents)), first.practice_codes.size(), first.scenario.run.weeks, first.scenario.run.warmup_weeks,
               first.scenario.run.seed);
    const auto settings = economic_settings(first.scenario);
    const auto measures = comparison_measures(settings);
    const auto ce = threshold_measure("prob_cost_effective", settings.thresholds.empty() ? 20000 : settings.thresholds.front());
    const std::string ce_head = settings.thresholds.empty() ? "" : fmt::format("{}k)", grouped(settings.thresholds.front() / 1000));
    fmt::print(out, "  {:>4}  {:<24} {:>8} {:>8} {:>9} {:>9} {:>9} {:>5} {:>7} {:>6} {:>6} {:>7}  {}\n", "rank", "option", "started", "GP appts",
               "cost GBP", "net GBP", "cash GBP", "ROI", "payback", "P(ROI", "P(CE", "P(best)", "95% interval of " + rank_by);
    fmt::print(out, "  {:>4}  {:<24} {:>8} {:>8} {:>9} {:>9} {:>9} {:>5} {:>7} {:>6} {:>6} {:>7}\n", "", "", "", "", "", "", "", "", "week", ">1)",
               ce_head, "");
    const bool money_rank = economics_unit(settings, rank_by).find("GBP") != std::string::npos;
    const auto runs = static_cast<long>(first.replications.size());
    // P(best) as a count of runs where there are few of them: "11/12" says what "92%" hides.
    const auto of_runs = [runs](double p) { return runs <= 50 ? fmt::format("{}/{}", std::lround(p * static_cast<double>(runs)), runs) : percent(p); };
    for (const auto& row : table) {
        const ComparisonCells c{measures, row};
        const bool spends = c.at(row.values, "cost_nhs").value_or(0) > 0;
        std::string interval = "n/a";
        if (row.rank_p2_5 && row.rank_p97_5 && row.rank_value) {
            const double step = supported_step(*row.rank_value, row.rank_p2_5, row.rank_p97_5);
            const auto f = [&](double v) { return money_rank ? money(v, step) : fmt::format("{:.3g}", v); };
            interval = f(*row.rank_p2_5) + " to " + f(*row.rank_p97_5);
        }
        const auto payback = c.at(row.values, "payback_week_economic_nhs");
        fmt::print(out, "  {:>4}  {:<24} {:>8} {:>8} {:>9} {:>9} {:>9} {:>5} {:>7} {:>6} {:>6} {:>7}  {}\n", row.rank, row.scenario,
                   c.number("coaching_started"), c.number("gp_appointments_released"), c.gbp("cost_nhs"), c.gbp("net_benefit_economic_nhs"),
                   c.gbp("cash_released_nhs"), c.ratio("roi_economic_nhs", spends ? "n/a" : "-"),
                   !spends ? "-" : payback ? fmt::format("{:.0f}", *payback + 1) : "never", spends ? c.share("prob_roi_economic_nhs_above_1") : "-",
                   spends ? c.share(ce) : "-", of_runs(row.prob_best), interval);
    }
    fmt::print(out, "  Definitions (NHS perspective; money rounded to what the runs support, k = thousand; '-': nothing spent):\n"
                    "    net     economic net benefit: GP, A&E and admission activity avoided at unit cost (capacity freed, not cash) minus cost,\n"
                    "            discounted at {:.3g}% a year from the first reported week\n"
                    "    cash    what a budget holder would see (value.cash_releasing_share_*); ROI value per GBP 1 spent (1 = pays for itself)\n"
                    "    payback the reported week (1 = the first) by whose end cumulative net benefit first reaches 0; never: not within the horizon\n"
                    "    P(CE Tk) share of runs with net monetary benefit > 0 at GBP T thousand per QALY; P(best) runs in which the option ranks first\n"
                    "    GP appts released: the option minus its paired no-coaching run; economics.csv has the PCN perspective and QALYs\n",
               settings.discount_rate * 100);
    fmt::print(out, "  P(...) and intervals: over {} paired runs ({}); P(best): share of runs with the highest {}.\n", first.replications.size(),
               table.empty() ? "" : table.front().interval_source, rank_by);
}

}  // namespace pcnsim
