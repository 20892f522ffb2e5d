#pragma once
// The answer in words: a few plain-English sentences generated from the numbers of a comparison —
// what was compared, which option is best and how sure we can be (and of what kind the uncertainty
// is), whether any option pays back and when, what it costs, the GP appointments it makes
// available and the waits it builds, and the one assumption the answer rides on with its
// break-even value. The report shows them first (id="answer") and `pcnsim compare` prints the first
// and the last before its table, from the same functions.
#include <optional>
#include <string>
#include <vector>

#include "sim/output/readable.hpp"
#include "viz/report_data.hpp"

namespace pcnsim::viz {

struct OptionFacts {
    std::string name;
    bool spends = false;  // has a cost to the NHS: a coaching option
    std::optional<double> net, net_low, net_high;  // economic net benefit to the NHS, discounted
    std::optional<double> cost, roi, payback_week;  // payback: reported week from 0, as economics.csv has it
    std::optional<double> prob_best;                // only when the options were ranked by net benefit
    std::optional<double> gp_released, gp_released_low, gp_released_high;
    std::optional<double> waiting_list, wait_weeks;  // coaching waiting list and weeks waited, means over the period
};

// What the answer rides on: a break-even found for one option, or else the tornado's top parameter.
struct AssumptionFacts {
    bool from_break_even = false;
    std::string parameter, label, unit;  // label: in plain words, may be empty
    std::optional<double> current;       // the value the scenario uses
    std::string scenario;                // the option it was found for
    std::string measure = "roi_economic_nhs";
    bool measure_is_money = false;
    double target = 1;
    bool reached = false;
    std::optional<double> root, interval_low, interval_high, range_low, range_high, measure_at_low, measure_at_high;
    std::string runner_up;  // the tornado's next parameter
    bool drawn = false;     // the headline's runs drew it from its prior (PSA): its value here is the central one
};

struct DecisionFacts {
    std::vector<OptionFacts> options;  // in rank order
    int runs = 0;
    bool parameter_uncertainty = false;  // the runs are PSA draws, not only replications
    std::string interval_source;
    int weeks = 0;
    double discount_rate = 0.035;
    std::optional<AssumptionFacts> assumption;
};

// The facts of a comparison (or of run folders side by side) as its output folder gives them.
DecisionFacts decision_facts(const ReportData& data);

// The answer, a sentence per element, the first the answer in one sentence; plain text (the caller
// escapes it for HTML). `style`: the report's (pound sign, true minus) or the terminal's.
std::vector<std::string> answer_sentences(const DecisionFacts& facts, NumberStyle style = kHtmlStyle);

// The sentence on the assumption the answer rides on (the answer's last).
std::string assumption_sentence(const AssumptionFacts& assumption, NumberStyle style = kHtmlStyle);

// A probability over runs for people: "11 of 12 runs" (up to 50 runs), else "92% of runs".
std::string share_of_runs(double p, int runs);

// The parameter in plain words ("the gain in patient activation ..."), or empty.
std::string plain_parameter_name(const std::string& parameter);

// A parameter's value for a sentence or a label: three significant figures, thousands separated.
std::string parameter_value_text(double v, NumberStyle style = kHtmlStyle);

}  // namespace pcnsim::viz
