#include "viz/answer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/output/readable.hpp"

namespace pcnsim::viz {
namespace {

std::optional<double> value_of(const EconomicsEntry* e) { return e ? e->value.value : std::nullopt; }

OptionFacts option_facts(const ScenarioResult& s, const RankedEntry* ranked) {
    OptionFacts o;
    o.name = s.name;
    const auto* net = s.economics_row("net_benefit_economic_nhs");
    o.net = value_of(net);
    if (net) o.net_low = net->p2_5.value, o.net_high = net->p97_5.value;
    o.cost = value_of(s.economics_row("cost_nhs"));
    o.spends = o.cost.value_or(0) > 0;
    o.roi = value_of(s.economics_row("roi_economic_nhs"));
    o.prob_roi_above_1 = value_of(s.economics_row("prob_roi_economic_nhs_above_1"));
    o.payback_week = value_of(s.economics_row("payback_week_economic_nhs"));
    const auto* gp = s.economics_row("gp_appointments_released");
    o.gp_released = value_of(gp);
    if (gp) o.gp_released_low = gp->p2_5.value, o.gp_released_high = gp->p97_5.value;
    if (const auto* w = s.summary_row("scenario", "coaching_waiting_list")) o.waiting_list = w->total.value;
    if (const auto* w = s.summary_row("scenario", "coaching_mean_wait_weeks")) o.wait_weeks = w->total.value;
    if (ranked) o.prob_best = ranked->prob_best.value;
    return o;
}

const ScenarioResult* scenario_named(const ReportData& d, const std::string& name) {
    for (const auto& s : d.scenarios)
        if (s.name == name) return &s;
    return d.scenarios.empty() ? nullptr : &d.scenarios.front();
}

std::optional<double> parameter_value(const ScenarioResult* s, const std::string& name) {
    if (!s) return std::nullopt;
    for (const auto& p : s->parameters)
        if (p.name == name) return p.value;
    return std::nullopt;
}

std::optional<AssumptionFacts> assumption_facts(const ReportData& d) {
    AssumptionFacts a;
    if (d.break_even) {
        const auto& b = *d.break_even;
        a.parameter = b.parameter, a.scenario = b.scenario;
        a.root = b.root.value, a.reached = b.root.value.has_value();
        a.interval_low = b.interval_low.value, a.interval_high = b.interval_high.value;
        a.range_low = b.range_low.value, a.range_high = b.range_high.value;
        a.measure_at_low = b.measure_at_range_low.value, a.measure_at_high = b.measure_at_range_high.value;
    } else if (!d.tornado.empty()) {
        a.parameter = d.tornado.front().parameter, a.scenario = d.tornado_scenario;
    } else {
        return std::nullopt;
    }
    const auto* s = scenario_named(d, a.scenario);
    a.current = parameter_value(s, a.parameter);
    if (s)
        for (const auto& p : s->parameters)
            if (p.name == a.parameter) a.unit = p.unit;
    a.label = plain_parameter_name(a.parameter);
    for (const auto& t : d.tornado)
        if (t.parameter != a.parameter) {
            a.runner_up = t.parameter;
            break;
        }
    return a;
}

const RankedEntry* ranked(const ReportData& d, const std::string& name) {
    for (const auto& r : d.ranking)
        if (r.scenario == name) return &r;
    return nullptr;
}

// Money with the precision its interval supports, "£96k".
std::string gbp(double v, std::optional<double> low = std::nullopt, std::optional<double> high = std::nullopt) {
    return money(v, supported_step(v, low, high), kHtmlStyle);
}

std::string gbp_interval(const OptionFacts& o) {
    if (!o.net_low || !o.net_high || *o.net_low == *o.net_high) return "";
    const double step = supported_step(*o.net, o.net_low, o.net_high);
    return fmt::format(" (95% interval {} to {})", money(*o.net_low, step, kHtmlStyle), money(*o.net_high, step, kHtmlStyle));
}

std::string appointments(double v, std::optional<double> low, std::optional<double> high) {
    return count(v, supported_step(v, low, high), kHtmlStyle);
}

// Patients: whole numbers, three significant figures.
std::string people(double v) { return count(v, std::max(1.0, supported_step(v)), kHtmlStyle); }

std::string horizon(int weeks) {
    if (weeks % 52 == 0) return weeks == 52 ? "one year" : fmt::format("{} years", weeks / 52);
    return fmt::format("{} weeks", weeks);
}

// A return per pound: "28p", "£1.40".
std::string per_pound(double roi) {
    if (roi < 1) return fmt::format("{}p", static_cast<long>(std::lround(std::max(0.0, roi) * 100)));
    return fmt::format("£{:.2f}", roi);
}

// A parameter value or rate for a sentence: three significant figures, thousands separated.
std::string number_text(double v) { return std::abs(v) >= 1000 ? grouped(v, 0, kHtmlStyle) : fmt::format("{:.3g}", v); }

std::string what_was_compared(const DecisionFacts& f) {
    const auto coaching = std::count_if(f.options.begin(), f.options.end(), [](const OptionFacts& o) { return o.spends; });
    return fmt::format("We compared {} options ({} with coaching staff) over {}, each against the same PCN without coaching, on the same "
                       "patients and the same random numbers.",
                       f.options.size(), coaching, horizon(f.weeks));
}

const OptionFacts* best_spending(const DecisionFacts& f) {
    for (const auto& o : f.options)
        if (o.spends && o.net) return &o;
    return nullptr;
}

std::vector<std::string> names_whose_interval_reaches_zero(const DecisionFacts& f) {
    std::vector<std::string> names;
    for (const auto& o : f.options)
        if (o.spends && o.net_high && *o.net_high >= 0) names.push_back(o.name);
    return names;
}

std::string list_of(const std::vector<std::string>& names) {
    if (names.size() <= 1) return names.empty() ? "" : names.front();
    return fmt::format("{} and {}", fmt::join(names.begin(), names.end() - 1, ", "), names.back());
}

// Nothing pays: the closest option, whether a gain can be ruled out, and what ranks first.
std::vector<std::string> when_nothing_pays(const DecisionFacts& f, const OptionFacts& closest) {
    std::vector<std::string> out;
    std::string closest_text = fmt::format("The closest is {}: a net benefit of {}{}", closest.name, gbp(*closest.net, closest.net_low, closest.net_high),
                                           gbp_interval(closest));
    if (closest.roi) closest_text += fmt::format(", returning {} for every £1 spent", per_pound(*closest.roi));
    out.push_back(closest_text + ".");
    const auto reach = names_whose_interval_reaches_zero(f);
    out.push_back(reach.empty() ? "Every coaching option's 95% interval lies below zero, so this does not depend on chance or on the "
                                  "parameter draws."
                                : fmt::format("For {} the 95% interval reaches zero, so a small gain cannot be ruled out.", list_of(reach)));
    return out;
}

// The best option pays: how sure, from its interval and P(best).
std::string when_best_pays(const DecisionFacts& f, const OptionFacts& best) {
    const std::string net = gbp(*best.net, best.net_low, best.net_high) + gbp_interval(best);
    const double p = best.prob_best.value_or(0);
    const std::string runs = share_of_runs(p, f.runs);
    if (p >= 0.9 && best.net_low && *best.net_low > 0)
        return fmt::format("{} is the best option: a net benefit to the NHS of {} over {}, best in {}.", best.name, net, horizon(f.weeks), runs);
    if (p >= 0.6)
        return fmt::format("{} is probably the best option: a net benefit to the NHS of {} over {}, best in {}{}.", best.name, net,
                           horizon(f.weeks), runs,
                           best.net_low && *best.net_low <= 0 ? ", but its interval includes a loss" : "");
    std::string second = f.options.size() > 1 ? " and cannot be told apart from " + f.options[1].name : "";
    return fmt::format("No option is clearly best: {} ranks first with a net benefit to the NHS of {} over {}, but is best in only {}{}.",
                       best.name, net, horizon(f.weeks), runs, second);
}

// The answer in one sentence.
std::string headline_sentence(const DecisionFacts& f, const OptionFacts& closest) {
    const auto& best = f.options.front();
    if (best.spends && best.net && *best.net > 0) return when_best_pays(f, best);
    const auto spending = std::count_if(f.options.begin(), f.options.end(), [](const OptionFacts& o) { return o.spends; });
    std::string out = spending == 1 ? fmt::format("The one coaching option, {}, does not pay for itself within {}: it costs the NHS more "
                                                  "than the GP, A&E and admission activity it frees is worth",
                                                  closest.name, horizon(f.weeks))
                                    : fmt::format("None of the {} coaching options pays for itself within {}: each costs the NHS more than "
                                                  "the GP, A&E and admission activity it frees is worth",
                                                  spending, horizon(f.weeks));
    if (!best.spends && best.prob_best)
        out += fmt::format(", so on value for money not spending ({}) is best, in {}", best.name, share_of_runs(*best.prob_best, f.runs));
    else
        out += fmt::format("; the least costly is {}", closest.name);
    return out + ".";
}

std::string payback(const DecisionFacts& f) {
    const OptionFacts* earliest = nullptr;
    for (const auto& o : f.options)
        if (o.spends && o.payback_week && (!earliest || *o.payback_week < *earliest->payback_week)) earliest = &o;
    if (!earliest)
        return fmt::format("No option pays back within the {} reported (money discounted at {}% a year).", horizon(f.weeks),
                           number_text(100 * f.discount_rate));
    const double week = *earliest->payback_week;
    return fmt::format("{} pays back first, in week {} of {} (year {}), money discounted at {}% a year.", earliest->name,
                       static_cast<long>(week), f.weeks, static_cast<long>(week / 52) + 1, number_text(100 * f.discount_rate));
}

std::string cost_and_capacity(const DecisionFacts& f, const OptionFacts& o) {
    std::string out = fmt::format("{} costs the NHS {} over {}", o.name, gbp(o.cost.value_or(0)), horizon(f.weeks));
    if (o.gp_released)
        out += fmt::format(" and makes about {} GP appointments available ({} a week)", appointments(*o.gp_released, o.gp_released_low, o.gp_released_high),
                           count(*o.gp_released / std::max(1, f.weeks), 0.1, kHtmlStyle));
    if (o.wait_weeks && o.waiting_list)
        out += fmt::format("; patients wait {} weeks for coaching on average, with about {} on the waiting list", count(*o.wait_weeks, 0.1, kHtmlStyle),
                           people(*o.waiting_list));
    out += ".";
    const OptionFacts* most = nullptr;
    for (const auto& x : f.options)
        if (x.spends && x.gp_released && (!most || *x.gp_released > *most->gp_released)) most = &x;
    if (most && most != &o)
        out += fmt::format(" {} makes the most GP appointments available, about {}, for {}.", most->name,
                           appointments(*most->gp_released, most->gp_released_low, most->gp_released_high), gbp(most->cost.value_or(0)));
    return out;
}

// Options with nobody to coach them whose waiting lists still fill (referrals continue).
std::string waits_without_coaches(const DecisionFacts& f) {
    std::vector<std::string> names;
    for (const auto& o : f.options)
        if (!o.spends && o.waiting_list && *o.waiting_list >= 1)
            names.push_back(fmt::format("about {} patients on average in {}", people(*o.waiting_list), o.name));
    if (names.empty()) return "";
    return fmt::format("With no coaches, referrals still join a waiting list: {}.", list_of(names));
}

std::string uncertainty(const DecisionFacts& f) {
    std::string out = fmt::format("Intervals and probabilities are over {} paired runs ({}), ", f.runs, f.interval_source);
    out += f.parameter_uncertainty ? "each with every uncertain parameter drawn from its prior, so they include uncertainty in the evidence "
                                     "as well as chance"
                                   : "with every parameter fixed at its central value, so they show chance only, not uncertainty in the "
                                     "evidence: read them as too narrow";
    if (f.runs > 0 && f.runs < 40)
        out += fmt::format("; with {} runs a probability moves in steps of {} and options closer than their intervals are not ranked "
                           "reliably",
                           f.runs, percent(1.0 / f.runs, kHtmlStyle));
    return out + ".";
}

std::string assumption(const AssumptionFacts& a) {
    const std::string what = a.label.empty() ? a.parameter : fmt::format("{} ({})", a.label, a.parameter);
    const std::string now = a.current ? fmt::format(", {} in this analysis", number_text(*a.current)) : "";
    if (!a.measure_at_low && !a.root) {
        std::string out = fmt::format("The answer is most sensitive to {}{}", what, now);
        return out + (a.runner_up.empty() ? "." : fmt::format(", then {}.", a.runner_up));
    }
    if (a.reached) {
        std::string interval = a.interval_low && a.interval_high
                                   ? fmt::format(" (95% interval {} to {})", number_text(*a.interval_low), number_text(*a.interval_high))
                                   : "";
        const bool rising = a.measure_at_high.value_or(0) > a.measure_at_low.value_or(0);
        return fmt::format("The answer rides on {}{}: {} would pay back (return £1 per £1) if it were {} {}{}.", what, now, a.scenario,
                           rising ? "at least" : "at most", number_text(*a.root), interval);
    }
    const double best = std::max(a.measure_at_low.value_or(0), a.measure_at_high.value_or(0));
    const bool rising = a.measure_at_high.value_or(0) >= a.measure_at_low.value_or(0);
    const double end = rising ? a.range_high.value_or(0) : a.range_low.value_or(0);
    if (best < 1)
        return fmt::format("The answer rides on {}{}: even at {}, the {} of its plausible range, {} would return only {} per £1, so "
                           "it would still not pay back.",
                           what, now, number_text(end), rising ? "top" : "bottom", a.scenario, per_pound(best));
    return fmt::format("The answer rides on {}{}: across its plausible range {} pays back throughout.", what, now, a.scenario);
}

}  // namespace

std::string share_of_runs(double p, int runs) {
    if (runs > 0 && runs <= 50) return fmt::format("{} of {} runs", static_cast<long>(std::lround(p * runs)), runs);
    return percent(p, kHtmlStyle) + " of runs";
}

std::string plain_parameter_name(const std::string& parameter) {
    static const std::map<std::string, std::string> names{
        {"activation.coaching_gain_completers", "the gain in patient activation (PAM points) from completing coaching"},
        {"activation.causal_share", "the share of the activation-use association that is causal"},
        {"activation.durable_share", "the share of the activation gain that lasts"},
        {"activation.admission_rr_per_10_points", "the change in emergency admissions per 10 PAM points"},
        {"activation.ae_rr_per_10_points", "the change in A&E attendances per 10 PAM points"},
        {"activation.gp_rr_per_10_points", "the change in GP demand per 10 PAM points"},
        {"cost.coach_wte_year", "the cost of a coach per WTE-year"},
        {"cost.gp_appointment", "the unit cost of a GP appointment"},
        {"cost.emergency_admission", "the unit cost of an emergency admission"},
        {"cost.ae_attendance", "the unit cost of an A&E attendance"},
        {"uptake.invitation", "the share of invited patients who take up coaching"},
        {"coaching.completion_after_start", "the share of starters who complete coaching"},
        {"coaching.dna_rate", "the share of coaching sessions missed"},
    };
    const auto it = names.find(parameter);
    return it == names.end() ? std::string() : it->second;
}

DecisionFacts decision_facts(const ReportData& d) {
    DecisionFacts f;
    for (const auto& s : d.scenarios) f.options.push_back(option_facts(s, ranked(d, s.name)));
    f.rank_by = d.ranking.empty() ? "" : d.ranking.front().rank_by;
    f.interval_source = d.ranking.empty() ? "" : d.ranking.front().interval_source;
    if (!d.scenarios.empty()) {
        const auto& m = d.scenarios.front().manifest;
        const auto run = m.value("run", nlohmann::ordered_json::object());
        const int draws = run.value("psa_draws", 0), replications = run.value("replications", 0);
        f.runs = replications * std::max(1, draws);
        f.parameter_uncertainty = draws > 0;
        f.weeks = run.value("weeks", 0);
        f.discount_rate = m.value("economics", nlohmann::ordered_json::object()).value("discount_rate", 0.035);
        if (f.interval_source.empty()) f.interval_source = draws > 0 ? fmt::format("{} PSA draws x {} replications", draws, replications)
                                                                     : fmt::format("{} replications", replications);
    }
    f.assumption = assumption_facts(d);
    return f;
}

std::vector<std::string> answer_sentences(const DecisionFacts& f) {
    std::vector<std::string> out;
    if (f.options.empty()) return out;
    const auto* closest = best_spending(f);
    if (!closest) {
        out.push_back("No option spends anything on coaching, so there is nothing to weigh against its cost.");
        out.push_back(what_was_compared(f));
        return out;
    }
    out.push_back(headline_sentence(f, *closest));
    out.push_back(what_was_compared(f));
    const auto& best = f.options.front();
    if (!(best.spends && best.net && *best.net > 0))
        for (auto& s : when_nothing_pays(f, *closest)) out.push_back(std::move(s));
    out.push_back(payback(f));
    out.push_back(cost_and_capacity(f, *closest));
    if (auto w = waits_without_coaches(f); !w.empty()) out.push_back(std::move(w));
    out.push_back(uncertainty(f));
    if (f.assumption) out.push_back(assumption(*f.assumption));
    return out;
}

}  // namespace pcnsim::viz
