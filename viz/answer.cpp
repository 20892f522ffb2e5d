#include "viz/answer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/output/comparison.hpp"
#include "viz/glossary.hpp"

namespace pcnsim::viz {
namespace {

constexpr const char* kNetBenefit = "net_benefit_economic_nhs";

std::optional<double> value_of(const EconomicsEntry* e) { return e ? e->value.value : std::nullopt; }

OptionFacts option_facts(const ScenarioResult& s, const RankedEntry* ranked) {
    OptionFacts o;
    o.name = s.name;
    const auto* net = s.economics_row(kNetBenefit);
    o.net = value_of(net);
    if (net) o.net_low = net->p2_5.value, o.net_high = net->p97_5.value;
    o.cost = value_of(s.economics_row("cost_nhs"));
    o.spends = s.spends();
    o.roi = value_of(s.economics_row("roi_economic_nhs"));
    o.payback_week = value_of(s.economics_row("payback_week_economic_nhs"));
    const auto* gp = s.economics_row("gp_appointments_released");
    o.gp_released = value_of(gp);
    if (gp) o.gp_released_low = gp->p2_5.value, o.gp_released_high = gp->p97_5.value;
    if (const auto* w = s.summary_row("scenario", "coaching_waiting_list")) o.waiting_list = w->total.value;
    if (const auto* w = s.summary_row("scenario", "coaching_mean_wait_weeks")) o.wait_weeks = w->total.value;
    // P(best) speaks of net benefit only when the options were ranked by it.
    if (ranked && ranked->rank_by == kNetBenefit) o.prob_best = ranked->prob_best.value;
    return o;
}

const ScenarioResult* scenario_named(const ReportData& d, const std::string& name) {
    for (const auto& s : d.scenarios)
        if (s.name == name) return &s;
    return d.scenarios.empty() ? nullptr : &d.scenarios.front();
}

void fill_break_even(AssumptionFacts& a, const BreakEven& b) {
    a.from_break_even = true;
    a.parameter = b.parameter, a.scenario = b.scenario, a.measure = b.measure;
    a.target = b.target.value.value_or(1);
    a.root = b.root.value, a.reached = b.root.value.has_value();
    a.interval_low = b.interval_low.value, a.interval_high = b.interval_high.value;
    a.range_low = b.range_low.value, a.range_high = b.range_high.value;
    a.measure_at_low = b.measure_at_range_low.value, a.measure_at_high = b.measure_at_range_high.value;
}

std::optional<AssumptionFacts> assumption_facts(const ReportData& d) {
    AssumptionFacts a;
    // A break-even that found nothing at either end of the range has nothing to say; the tornado then speaks.
    if (d.break_even && (d.break_even->root.value || d.break_even->measure_at_range_high.value)) fill_break_even(a, *d.break_even);
    else if (!d.tornado.empty()) a.parameter = d.tornado.front().parameter, a.scenario = d.tornado_scenario;
    else return std::nullopt;
    const auto* s = scenario_named(d, a.scenario);
    if (s) {
        for (const auto& p : s->parameters)
            if (p.name == a.parameter) a.current = p.value, a.unit = p.unit;
        const auto* measure = s->economics_row(a.measure);
        a.measure_is_money = measure && measure->unit.find("GBP") != std::string::npos;
    }
    a.label = plain_parameter_name(a.parameter);
    for (const auto& t : d.tornado)
        if (t.parameter != a.parameter) {
            a.runner_up = t.parameter;
            break;
        }
    return a;
}

std::string horizon(int weeks) {
    if (weeks % 52 == 0) return weeks == 52 ? "one year" : fmt::format("{} years", weeks / 52);
    return fmt::format("{} weeks", weeks);
}

std::string plural(std::size_t n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); }

// A return per pound: "28p", "£1.40".
std::string per_pound(double roi) {
    if (roi < 1) return fmt::format("{}p", static_cast<long>(std::lround(std::max(0.0, roi) * 100)));
    return fmt::format("\u00a3{:.2f}", roi);
}

bool has_interval(const OptionFacts& o) { return o.net_low && o.net_high && *o.net_low < *o.net_high; }

// The sentences, written in one number style.
class Words {
public:
    Words(const DecisionFacts& f, NumberStyle style) : f_(f), style_(style) {}

    std::string gbp(double v, std::optional<double> low = std::nullopt, std::optional<double> high = std::nullopt) const {
        return money(v, supported_step(v, low, high), style_);
    }
    // "£96k (95% interval −£130k to −£36k)", the interval only where the runs differ.
    std::string net_with_interval(const OptionFacts& o) const {
        const double step = supported_step(*o.net, o.net_low, o.net_high);
        const auto f = [this, step](double x) { return money(x, step, style_); };
        const auto interval = interval_text(o.net_low, o.net_high, f);
        return f(*o.net) + (interval.empty() ? "" : " (95% interval " + interval + ")");
    }
    // Whole patients and appointments above ten; small counts keep a decimal.
    std::string whole(double v, std::optional<double> low = std::nullopt, std::optional<double> high = std::nullopt) const {
        return count(v, std::max(std::abs(v) >= 10 ? 1.0 : 0.1, supported_step(v, low, high)), style_);
    }

    const DecisionFacts& facts() const { return f_; }
    NumberStyle style() const { return style_; }

private:
    const DecisionFacts& f_;
    NumberStyle style_;
};

std::vector<const OptionFacts*> spending_options(const DecisionFacts& f) {
    std::vector<const OptionFacts*> out;
    for (const auto& o : f.options)
        if (o.spends && o.net) out.push_back(&o);
    return out;
}

// The spending option with the highest net benefit: the one that pays most, or loses least.
const OptionFacts* highest_net(const std::vector<const OptionFacts*>& spending) {
    const OptionFacts* best = nullptr;
    for (const auto* o : spending)
        if (!best || *o->net > *best->net) best = o;
    return best;
}

std::string what_was_compared(const DecisionFacts& f, std::size_t spending) {
    return fmt::format("We compared {} ({} with coaching staff) over {}, each against the same PCN without coaching, on the same patients and "
                       "the same random numbers.",
                       plural(f.options.size(), "option", "options"), spending, horizon(f.weeks));
}

// The best option pays: how sure, from its interval and, where the ranking was by net benefit, P(best).
std::string when_best_pays(const Words& w, const OptionFacts& best) {
    const auto& f = w.facts();
    const std::string net = w.net_with_interval(best) + " over " + horizon(f.weeks);
    const bool loss_possible = best.net_low && *best.net_low <= 0;
    if (!best.prob_best || f.options.size() == 1)
        return fmt::format("{} pays for itself: a net benefit to the NHS of {}{}.", best.name, net,
                           loss_possible ? ", but its interval includes a loss" : "");
    const double p = *best.prob_best;
    const std::string runs = share_of_runs(p, f.runs);
    if (p >= 0.9 && !loss_possible) return fmt::format("{} is the best option: a net benefit to the NHS of {}, best in {}.", best.name, net, runs);
    if (p >= 0.6)
        return fmt::format("{} is probably the best option: a net benefit to the NHS of {}, best in {}{}.", best.name, net, runs,
                           loss_possible ? ", but its interval includes a loss" : "");
    const OptionFacts* second = nullptr;
    for (const auto& o : f.options)
        if (&o != &best && (!second || o.prob_best.value_or(0) > second->prob_best.value_or(0))) second = &o;
    return fmt::format("No option is clearly best: {} ranks first with a net benefit to the NHS of {}, but is best in only {}{}.", best.name,
                       net, runs, second ? " and cannot be told apart from " + second->name : "");
}

std::string when_nothing_pays(const Words& w, const std::vector<const OptionFacts*>& spending, const OptionFacts& least_loss) {
    const auto& f = w.facts();
    std::string out = spending.size() == 1
                          ? fmt::format("The one coaching option, {}, does not pay for itself within {}: it costs the NHS more than the GP, "
                                        "A&E and admission activity it frees is worth",
                                        least_loss.name, horizon(f.weeks))
                          : fmt::format("None of the {} coaching options pays for itself within {}: each costs the NHS more than the GP, "
                                        "A&E and admission activity it frees is worth",
                                        spending.size(), horizon(f.weeks));
    const auto& first = f.options.front();
    if (!first.spends && first.prob_best)
        out += fmt::format(", so, on value for money, spending nothing ({}) is best, in {}", first.name, share_of_runs(*first.prob_best, f.runs));
    return out + ".";
}

// Nothing pays: the smallest loss, and whether a gain can be ruled out (and on what kind of evidence).
std::vector<std::string> loss_details(const Words& w, const std::vector<const OptionFacts*>& spending, const OptionFacts& least_loss) {
    const auto& f = w.facts();
    std::vector<std::string> out;
    std::string text = spending.size() == 1 ? fmt::format("Its net benefit is {}", w.net_with_interval(least_loss))
                                            : fmt::format("The smallest loss is {}'s: a net benefit of {}", least_loss.name,
                                                          w.net_with_interval(least_loss));
    if (least_loss.roi) text += fmt::format(", returning {} for every \u00a31 spent", per_pound(*least_loss.roi));
    out.push_back(text + ".");
    std::vector<std::string> reach;
    bool all_intervals = true;
    for (const auto* o : spending) {
        all_intervals = all_intervals && has_interval(*o);
        if (has_interval(*o) && *o->net_high >= 0) reach.push_back(o->name);
    }
    if (!reach.empty()) {
        std::string names = reach.front();
        for (std::size_t i = 1; i < reach.size(); ++i) names += (i + 1 == reach.size() ? " and " : ", ") + reach[i];
        out.push_back(fmt::format("For {} the 95% interval reaches zero, so a small gain cannot be ruled out.", names));
    } else if (!all_intervals) {
        out.push_back("Some options have no interval (a single run, or runs that do not differ), so chance has not been measured.");
    } else {
        out.push_back(f.parameter_uncertainty ? "Every coaching option's 95% interval lies below zero, across the parameter draws as well as chance."
                                              : "Every coaching option's 95% interval lies below zero, but with the parameters fixed: a gain "
                                                "under other plausible values has not been ruled out.");
    }
    return out;
}

std::string payback(const Words& w, const std::vector<const OptionFacts*>& spending) {
    const auto& f = w.facts();
    const OptionFacts* earliest = nullptr;
    for (const auto* o : spending)
        if (o->payback_week && (!earliest || *o->payback_week < *earliest->payback_week)) earliest = o;
    const std::string rate = fmt::format("{:.3g}", 100 * f.discount_rate);
    if (!earliest) return fmt::format("No option pays back within the {} reported (money discounted at {}% a year).", horizon(f.weeks), rate);
    const auto week = static_cast<long>(*earliest->payback_week) + 1;  // counted from 1 as people count weeks
    return fmt::format("{} pays back first, by the end of week {} of {} (year {}), money discounted at {}% a year.", earliest->name, week,
                       f.weeks, (week - 1) / 52 + 1, rate);
}

std::string cost_and_capacity(const Words& w, const std::vector<const OptionFacts*>& spending, const OptionFacts& o) {
    const auto& f = w.facts();
    std::string out = fmt::format("{} costs the NHS {} over {}", o.name, w.gbp(o.cost.value_or(0)), horizon(f.weeks));
    if (o.gp_released)
        out += fmt::format(" and makes about {} GP appointments available ({} a week)", w.whole(*o.gp_released, o.gp_released_low, o.gp_released_high),
                           count(*o.gp_released / std::max(1, f.weeks), 0.1, w.style()));
    if (o.wait_weeks && o.waiting_list)
        out += fmt::format("; patients wait {} weeks for coaching on average, with about {} on the waiting list", count(*o.wait_weeks, 0.1, w.style()),
                           w.whole(*o.waiting_list));
    out += ".";
    const OptionFacts* most = nullptr;
    for (const auto* x : spending)
        if (x->gp_released && (!most || *x->gp_released > *most->gp_released)) most = x;
    if (most && most != &o)
        out += fmt::format(" {} makes the most GP appointments available, about {}, for {}.", most->name,
                           w.whole(*most->gp_released, most->gp_released_low, most->gp_released_high), w.gbp(most->cost.value_or(0)));
    return out;
}

// Options with nobody to coach whose waiting lists still fill (referrals continue).
std::string waits_without_coaches(const Words& w) {
    std::vector<std::string> names;
    for (const auto& o : w.facts().options)
        if (!o.spends && o.waiting_list && *o.waiting_list >= 1) names.push_back(fmt::format("about {} patients on average in {}", w.whole(*o.waiting_list), o.name));
    if (names.empty()) return "";
    std::string list = names.front();
    for (std::size_t i = 1; i < names.size(); ++i) list += (i + 1 == names.size() ? " and " : ", ") + names[i];
    return fmt::format("With no coaches, referrals still join a waiting list: {}.", list);
}

std::string uncertainty(const Words& w) {
    const auto& f = w.facts();
    std::string out = fmt::format("Intervals and probabilities are over {} ({}), ", plural(static_cast<std::size_t>(f.runs), "paired run", "paired runs"),
                                  f.interval_source);
    out += f.parameter_uncertainty ? "each with every uncertain parameter drawn from its prior, so they include uncertainty in the evidence "
                                     "as well as chance"
                                   : "with every parameter fixed at its central value, so they show chance only, not uncertainty in the "
                                     "evidence: read them as too narrow";
    if (f.runs > 0 && f.runs < 40)
        out += fmt::format("; with {} a probability moves in steps of {} and options closer than their intervals are not ranked reliably",
                           plural(static_cast<std::size_t>(f.runs), "run", "runs"), percent(1.0 / f.runs, w.style()));
    return out + ".";
}

// "(95% interval 5.1 to 7.9)", an open end as "above 10".
std::string root_interval(const AssumptionFacts& a, NumberStyle style) {
    if (!a.interval_low && !a.interval_high) return "";
    const auto end = [&](const std::optional<double>& v, const char* beyond, std::optional<double> range_end) {
        return v ? parameter_value_text(*v, style) : fmt::format("{} {}", beyond, parameter_value_text(range_end.value_or(0), style));
    };
    return fmt::format(" (95% interval {} to {})", end(a.interval_low, "below", a.range_low), end(a.interval_high, "above", a.range_high));
}

std::string measure_value(const AssumptionFacts& a, double v, NumberStyle style) {
    return a.measure_is_money ? money(v, 10 * supported_step(v), style) : parameter_value_text(v, style);  // two figures: a rough bound
}

}  // namespace

std::string assumption_sentence(const AssumptionFacts& a, NumberStyle style) {
    const std::string what = a.label.empty() ? a.parameter : fmt::format("{} ({})", a.label, a.parameter);
    // The headline's runs draw the parameter from its prior; the break-even and tornado hold the
    // others at the central value this names.
    const std::string unit = a.unit.substr(0, a.unit.find_first_of(",;"));
    const std::string value = a.current ? parameter_value_text(*a.current, style) + (unit.empty() ? "" : " " + unit) : "";
    const std::string now = !a.current ? "" : a.drawn ? fmt::format(", {} at its central value (the headline's runs draw it from its prior)", value)
                                                      : fmt::format(", {} in this analysis", value);
    if (!a.from_break_even)
        return fmt::format("The answer is most sensitive to {}{}{}.", what, now, a.runner_up.empty() ? "" : ", then to " + a.runner_up);
    const bool pays_back = a.measure.rfind("roi_", 0) == 0 && a.target == 1;
    const bool rising = a.measure_at_high.value_or(0) >= a.measure_at_low.value_or(0);
    if (a.reached) {
        const std::string bound = rising ? "at least" : "at most";
        if (pays_back)
            return fmt::format("The answer rides on {}{}: {} would pay back (return \u00a31 per \u00a31) if it were {} {}{}.", what, now, a.scenario,
                               bound, parameter_value_text(*a.root, style), root_interval(a, style));
        return fmt::format("The answer rides on {}{}: the {} of {} would reach {} if it were {} {}{}.", what, now, measure_label(a.measure),
                           a.scenario, measure_value(a, a.target, style), bound, parameter_value_text(*a.root, style), root_interval(a, style));
    }
    const double low = a.measure_at_low.value_or(0), high = a.measure_at_high.value_or(0);
    const double best = std::max(low, high), end = rising ? a.range_high.value_or(0) : a.range_low.value_or(0);
    if (pays_back && best < 1)
        return fmt::format("The answer rides on {}{}: even at {}, the {} of its plausible range, {} would return only {} per \u00a31, so it "
                           "would still not pay back.",
                           what, now, parameter_value_text(end, style), rising ? "top" : "bottom", a.scenario, per_pound(best));
    if (pays_back)
        return fmt::format("The answer rides on {}{}: {} pays back across its whole plausible range ({} to {}).", what, now, a.scenario,
                           parameter_value_text(a.range_low.value_or(0), style), parameter_value_text(a.range_high.value_or(0), style));
    return fmt::format("The answer rides on {}{}: across its plausible range ({} to {}) the {} of {} goes from {} to {}, never reaching {}.", what,
                       now, parameter_value_text(a.range_low.value_or(0), style), parameter_value_text(a.range_high.value_or(0), style),
                       measure_label(a.measure), a.scenario, measure_value(a, low, style), measure_value(a, high, style),
                       measure_value(a, a.target, style));
}

std::string share_of_runs(double p, int runs) {
    if (runs > 0 && runs <= 50) return fmt::format("{} of {}", static_cast<long>(std::lround(p * runs)), plural(static_cast<std::size_t>(runs), "run", "runs"));
    return percent(p, kHtmlStyle) + " of runs";
}

std::string parameter_value_text(double v, NumberStyle style) { return significant(v, style); }

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
    for (const auto& s : d.scenarios) f.options.push_back(option_facts(s, d.ranked(s.name)));
    f.interval_source = d.ranking.empty() ? "" : d.ranking.front().interval_source;
    if (!d.scenarios.empty()) {
        const auto& m = d.scenarios.front().manifest;
        const auto run = m.value("run", nlohmann::ordered_json::object());
        const int draws = run.value("psa_draws", 0), replications = run.value("replications", 0);
        f.runs = replications * std::max(1, draws);
        f.parameter_uncertainty = draws > 0;
        f.weeks = run.value("weeks", 0);
        f.discount_rate = m.value("economics", nlohmann::ordered_json::object()).value("discount_rate", 0.035);
        if (f.interval_source.empty()) f.interval_source = interval_source_text(static_cast<std::size_t>(draws), static_cast<std::size_t>(replications));
    }
    f.assumption = assumption_facts(d);
    if (f.assumption) f.assumption->drawn = f.parameter_uncertainty;
    return f;
}

std::vector<std::string> answer_sentences(const DecisionFacts& f, NumberStyle style) {
    std::vector<std::string> out;
    if (f.options.empty()) return out;
    const Words w(f, style);
    const auto spending = spending_options(f);
    if (spending.empty()) {
        out.push_back("No option spends anything on coaching, so there is nothing to weigh against its cost.");
        out.push_back(what_was_compared(f, 0));
        return out;
    }
    const auto& best = *highest_net(spending);
    const bool pays = *best.net > 0;
    out.push_back(pays ? when_best_pays(w, best) : when_nothing_pays(w, spending, best));
    out.push_back(what_was_compared(f, spending.size()));
    if (!pays)
        for (auto& s : loss_details(w, spending, best)) out.push_back(std::move(s));
    out.push_back(payback(w, spending));
    out.push_back(cost_and_capacity(w, spending, best));
    if (auto waits = waits_without_coaches(w); !waits.empty()) out.push_back(std::move(waits));
    out.push_back(uncertainty(w));
    if (f.assumption) out.push_back(assumption_sentence(*f.assumption, style));
    return out;
}

}  // namespace pcnsim::viz
