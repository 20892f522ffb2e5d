#pragma once
// The answer in words: a few plain-English sentences generated from the numbers of a comparison —
// what was compared, which option is best and how sure we can be (and of what kind the uncertainty
// is), whether any option pays back and when, what it costs, the GP appointments it makes
// available and the waits it builds, and the one assumption the answer rides on with its
// break-even value. The report shows them first (id="answer") and `pcnsim compare` prints them
// before its table, from the same function.
#include <optional>
#include <string>
#include <vector>

#include "viz/report_data.hpp"

namespace pcnsim::viz {

struct OptionFacts {
    std::string name;
    bool spends = false;  // has a cost to the NHS: a coaching option
    std::optional<double> net, net_low, net_high;  // economic net benefit to the NHS, discounted
    std::optional<double> cost, roi, prob_roi_above_1, prob_best, payback_week;
    std::optional<double> gp_released, gp_released_low, gp_released_high;
    std::optional<double> waiting_list, wait_weeks;  // coaching waiting list and weeks waited, means over the period
};

struct AssumptionFacts {
    std::string parameter, label, unit;  // label: in plain words
    std::optional<double> current;       // the value the scenario uses
    std::string scenario;                // the option the break-even was found for
    bool reached = false;
    std::optional<double> root, interval_low, interval_high, range_low, range_high, measure_at_low, measure_at_high;
    std::string runner_up;  // the next parameter of the tornado, when there is one
};

struct DecisionFacts {
    std::vector<OptionFacts> options;  // in rank order
    std::string rank_by;
    int runs = 0;
    bool parameter_uncertainty = false;  // the runs are PSA draws, not only replications
    std::string interval_source;
    int weeks = 0;
    double discount_rate = 0.035;
    std::optional<AssumptionFacts> assumption;  // from the break-even, else the tornado's top bar
};

// The facts of a comparison as its output folder gives them.
DecisionFacts decision_facts(const ReportData& data);

// The answer, a sentence per element, the first the answer in one sentence; plain text (the caller
// escapes it for HTML).
std::vector<std::string> answer_sentences(const DecisionFacts& facts);

// A probability over runs for people: "11 of 12 runs" (up to 50 runs), else "92% of runs".
std::string share_of_runs(double p, int runs);

// The parameter in plain words ("the activation gain of a coaching programme"), or empty.
std::string plain_parameter_name(const std::string& parameter);

}  // namespace pcnsim::viz
