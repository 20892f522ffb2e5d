// The answer in words (viz/answer.hpp): its wording follows the numbers, on constructed
// comparisons where coaching pays, where it does not, where the options cannot be told apart, and
// where the intervals hold chance only; and the assumption it rides on with its break-even value.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "viz/answer.hpp"

using namespace pcnsim::viz;

namespace {

OptionFacts option(const std::string& name, double net, double low, double high, double prob_best, double cost = 100000) {
    OptionFacts o;
    o.name = name;
    o.spends = cost > 0;
    o.net = net, o.net_low = low, o.net_high = high;
    o.cost = cost;
    o.roi = cost > 0 ? (cost + net) / cost : 0;
    o.prob_best = prob_best;
    o.gp_released = 500, o.gp_released_low = 300, o.gp_released_high = 700;
    o.waiting_list = 40, o.wait_weeks = 3.2;
    return o;
}

DecisionFacts facts(std::vector<OptionFacts> options, int runs = 40, bool psa = true) {
    DecisionFacts f;
    f.options = std::move(options);
    f.runs = runs;
    f.parameter_uncertainty = psa;
    f.interval_source = psa ? "40 PSA draws x 1 replication" : "40 replications, no parameter uncertainty";
    f.weeks = 156;
    return f;
}

bool has(const std::vector<std::string>& sentences, const std::string& text) {
    for (const auto& s : sentences)
        if (s.find(text) != std::string::npos) return true;
    return false;
}

std::string all(const std::vector<std::string>& sentences) {
    std::string out;
    for (const auto& s : sentences) out += s + "\n";
    return out;
}

}  // namespace

TEST_CASE("answer: when coaching clearly pays, the best option is named with its net benefit, runs and payback week") {
    auto best = option("two-coaches", 52000, 21000, 88000, 0.95);
    best.payback_week = 80;
    auto f = facts({best, option("one-coach", 9000, -20000, 40000, 0.05), option("none", 0, 0, 0, 0, 0)});
    const auto s = answer_sentences(f);
    CAPTURE(all(s));
    REQUIRE(s.size() >= 5);
    CHECK(s.front() == "two-coaches is the best option: a net benefit to the NHS of \u00a352k (95% interval \u00a321k to \u00a388k) over 3 years, "
                       "best in 38 of 40 runs.");
    CHECK(has(s, "two-coaches pays back first, by the end of week 81 of 156 (year 2)"));
    CHECK(has(s, "include uncertainty in the evidence as well as chance"));
    CHECK_FALSE(has(s, "None of the"));
}

TEST_CASE("answer: when no coaching option pays, it says so and names the closest, and whether a gain can be ruled out") {
    auto f = facts({option("none", 0, 0, 0, 0.92, 0), option("one-coach", -96111, -130292, -36407, 0.0, 133698),
                    option("two-coaches", -198940, -266069, -88828, 0.08, 267396)},
                   12);
    f.options[0].waiting_list = 352;
    auto s = answer_sentences(f);
    CAPTURE(all(s));
    CHECK(s.front() == "None of the 2 coaching options pays for itself within 3 years: each costs the NHS more than the GP, A&E and "
                       "admission activity it frees is worth, so, on value for money, spending nothing (none) is best, in 11 of 12 runs.");
    CHECK(has(s, "The smallest loss is one-coach's: a net benefit of \u2212\u2060\u00a396k (95% interval \u2212\u2060\u00a3130k to \u2212\u2060\u00a336k), returning 28p for every \u00a31 spent."));
    CHECK(has(s, "Every coaching option's 95% interval lies below zero"));
    CHECK(has(s, "No option pays back within the 3 years reported"));
    CHECK(has(s, "referrals still join a waiting list: about 352 patients on average in none"));
    CHECK(has(s, "a probability moves in steps of 8%"));
    // An interval that reaches zero: a gain cannot be ruled out, and the option is named.
    f.options[2].net_high = 11288;
    s = answer_sentences(f);
    CHECK(has(s, "For two-coaches the 95% interval reaches zero, so a small gain cannot be ruled out."));
    CHECK_FALSE(has(s, "Every coaching option's"));
}

TEST_CASE("answer: when the options cannot be told apart, no option is called best") {
    const auto s = answer_sentences(facts({option("a", 5000, -40000, 50000, 0.45), option("b", 3000, -42000, 48000, 0.40),
                                           option("none", 0, 0, 0, 0.15, 0)},
                                          20));
    CAPTURE(all(s));
    CHECK(s.front() == "No option is clearly best: a ranks first with a net benefit to the NHS of \u00a35k (95% interval \u2212\u2060\u00a340k to "
                       "\u00a350k) over 3 years, but is best in only 9 of 20 runs and cannot be told apart from b.");
    // Probably best: most runs, but the interval includes a loss.
    const auto p = answer_sentences(facts({option("a", 30000, -5000, 60000, 0.7), option("none", 0, 0, 0, 0.3, 0)}));
    CHECK(p.front().rfind("a is probably the best option:", 0) == 0);
    CHECK(p.front().find("but its interval includes a loss") != std::string::npos);
}

TEST_CASE("answer: intervals from replications alone are called chance only, too narrow") {
    const auto s = answer_sentences(facts({option("a", 52000, 21000, 88000, 1.0), option("none", 0, 0, 0, 0, 0)}, 40, false));
    CHECK(has(s, "they show chance only, not uncertainty in the evidence: read them as too narrow"));
    CHECK_FALSE(has(s, "steps of"));  // 40 runs
}

TEST_CASE("answer: the assumption it rides on, with the break-even value or the best the range can do") {
    auto f = facts({option("none", 0, 0, 0, 1.0, 0), option("coach", -96000, -130000, -36000, 0.0)});
    AssumptionFacts a;
    a.from_break_even = true;
    a.parameter = "activation.coaching_gain_completers";
    a.label = plain_parameter_name(a.parameter);
    a.current = 4;
    a.scenario = "coach";
    a.range_low = 0, a.range_high = 10, a.measure_at_low = 0, a.measure_at_high = 0.483;
    f.assumption = a;
    CHECK(answer_sentences(f).back() ==
          "The answer rides on the gain in patient activation (PAM points) from completing coaching (activation.coaching_gain_completers), 4 "
          "in this analysis: even at 10, the top of its plausible range, coach would return only 48p per \u00a31, so it would still not pay back.");
    a.reached = true, a.root = 6.2, a.interval_low = 5.1, a.interval_high = 7.9, a.measure_at_high = 1.4;
    f.assumption = a;
    CHECK(answer_sentences(f).back() ==
          "The answer rides on the gain in patient activation (PAM points) from completing coaching (activation.coaching_gain_completers), 4 "
          "in this analysis: coach would pay back (return \u00a31 per \u00a31) if it were at least 6.2 (95% interval 5.1 to 7.9).");
    // A cost that falls as the parameter rises: "at most".
    a.measure_at_low = 1.6, a.measure_at_high = 0.2, a.root = 40000, a.interval_low = std::nullopt;
    f.assumption = a;
    CHECK(answer_sentences(f).back().find("if it were at most 40,000") != std::string::npos);
}

TEST_CASE("answer: a single coaching option is named, not counted") {
    const auto s = answer_sentences(facts({option("none", 0, 0, 0, 1.0, 0), option("coach", -16000, -17000, -14000, 0.0)}, 3, false));
    CHECK(s.front().rfind("The one coaching option, coach, does not pay for itself within 3 years: it costs the NHS more", 0) == 0);
}

TEST_CASE("answer: without a ranking by net benefit no option is called best by P(best), and the top of the net benefit speaks") {
    // Run folders side by side (no comparison.csv) or a ranking by another measure: no P(best).
    auto a = option("a", 20000, 5000, 35000, 0), b = option("b", 60000, 30000, 90000, 0);
    a.prob_best.reset(), b.prob_best.reset();
    auto s = answer_sentences(facts({a, b}));
    CHECK(s.front() == "b pays for itself: a net benefit to the NHS of \u00a360k (95% interval \u00a330k to \u00a390k) over 3 years.");
    // One option whose interval includes a loss.
    auto c = option("c", 10000, -20000, 40000, 0);
    c.prob_best.reset();
    s = answer_sentences(facts({c}, 1));
    CHECK(s.front().find("but its interval includes a loss") != std::string::npos);
    CHECK(has(s, "We compared 1 option (1 with coaching staff)"));
    CHECK(has(s, "over 1 paired run ("));
}

TEST_CASE("answer: with nothing spent there is nothing to weigh, and one run has no interval") {
    auto s = answer_sentences(facts({option("none", 0, 0, 0, 1.0, 0)}));
    CHECK(s.front() == "No option spends anything on coaching, so there is nothing to weigh against its cost.");
    auto lone = option("coach", -5000, -5000, -5000, 0.0);
    s = answer_sentences(facts({option("none", 0, 0, 0, 1.0, 0), lone}, 1));
    CHECK(has(s, "Its net benefit is \u2212\u2060\u00a35,000, returning"));
    CHECK(has(s, "Some options have no interval"));
    // Replications only: a loss in every run is not a loss under every plausible parameter value.
    s = answer_sentences(facts({option("none", 0, 0, 0, 1.0, 0), option("coach", -96000, -130000, -36000, 0.0)}, 40, false));
    CHECK(has(s, "but with the parameters fixed: a gain under other plausible values has not been ruled out."));
}

TEST_CASE("answer: the assumption sentence for a falling effect, a range that always pays, another measure and the tornado alone") {
    AssumptionFacts a;
    a.from_break_even = true;
    a.parameter = "cost.coach_wte_year";
    a.label = plain_parameter_name(a.parameter);
    a.current = 42000, a.scenario = "coach", a.range_low = 35000, a.range_high = 50000;
    a.measure_at_low = 0.5, a.measure_at_high = 0.3;  // dearer coaches, lower return
    CHECK(assumption_sentence(a) ==
          "The answer rides on the cost of a coach per WTE-year (cost.coach_wte_year), 42,000 in this analysis: even at 35,000, the bottom of "
          "its plausible range, coach would return only 50p per \u00a31, so it would still not pay back.");
    a.drawn = true;
    CHECK(assumption_sentence(a).find("42,000 at its central value (the headline's runs draw it from its prior)") != std::string::npos);
    a.drawn = false;
    a.measure_at_low = 1.5, a.measure_at_high = 1.2;
    CHECK(assumption_sentence(a).find("coach pays back across its whole plausible range (35,000 to 50,000)") != std::string::npos);
    // Another measure and target: no talk of pounds back.
    a.measure = "net_benefit_economic_nhs", a.measure_is_money = true, a.target = 0;
    a.measure_at_low = -20000, a.measure_at_high = -90000;
    CAPTURE(assumption_sentence(a));
    CHECK(assumption_sentence(a).find("the net benefit to the NHS of coach goes from \u2212\u2060\u00a320k to \u2212\u2060\u00a390k, never reaching "
                                      "\u00a30") != std::string::npos);
    // An open-ended interval says so.
    a.reached = true, a.root = 38000, a.interval_low = 36000, a.interval_high.reset();
    CHECK(assumption_sentence(a).find("(95% interval 36,000 to above 50,000)") != std::string::npos);
    // The tornado alone ranks, it does not find a break-even.
    AssumptionFacts t;
    t.parameter = "activation.causal_share", t.runner_up = "cost.coach_wte_year", t.current = 0.5;
    CHECK(assumption_sentence(t) == "The answer is most sensitive to activation.causal_share, 0.5 in this analysis, then to cost.coach_wte_year.");
}
