#include "viz/glossary.hpp"

#include <fmt/format.h>

#include <utility>

#include "viz/charts.hpp"

namespace pcnsim::viz {

const std::vector<GlossaryEntry>& glossary() {
    static const std::vector<GlossaryEntry> entries{
        {"counterfactual", "counterfactual",
         "The same PCN, patients and random numbers with no coaching. Every figure for an option is the option minus its own "
         "counterfactual, so chance differences between patients cancel."},
        {"net-benefit", "net benefit to the NHS",
         "The value of the GP appointments, A&E attendances and emergency admissions avoided, at their average unit cost, minus "
         "everything the coaching costs the NHS (coach pay, training, GP supervision, admin), discounted. It values capacity freed, "
         "not cash: nothing is saved in cash unless capacity is decommissioned (see cash released in economics.csv)."},
        {"cost", "cost to the NHS",
         "Coach pay and on-costs (whether reimbursed by ARRS or not), training, GP supervision time and admin over the reported "
         "period, discounted."},
        {"roi", "return per £1",
         "The value of the activity avoided divided by the cost (economic return on investment, NHS perspective). 1 means the option "
         "pays for itself; 0.28 means every £1 buys 28p of capacity."},
        {"prob-roi", "P(return > £1)", "The share of runs in which the option's return per £1 is above 1."},
        {"prob-best", "P(best)",
         "The share of runs in which the option comes first on the ranking measure (net benefit to the NHS unless the comparison was "
         "ranked by another), of all the options compared. With few runs it is written as a count: 11 of 12 runs."},
        {"payback", "pays back",
         "The reported week (the first is week 1) by whose end the cumulative discounted net benefit first reaches zero; no: not within "
         "the reported period."},
        {"gp-released", "GP appointments made available",
         "GP appointments the counterfactual used that the option did not need: capacity freed for other patients."},
        {"ae-avoided", "A&E attendances avoided", "A&E attendances in the counterfactual minus those in the option."},
        {"admissions-avoided", "emergency admissions avoided", "Emergency admissions in the counterfactual minus those in the option."},
        {"waiting-list", "coaching waiting list", "Patients referred and waiting to start coaching, the mean over the weeks."},
        {"coaching-wait", "coaching wait", "Weeks a patient waits from referral to a first coaching session, the mean over the weeks."},
        {"utilisation", "coach utilisation", "The share of coaches' session capacity used, the mean over the weeks."},
        {"gp-backlog", "GP backlog change", "The change in GP requests waiting at the end of a week against the counterfactual, mean over weeks."},
        {"gp-wait", "GP wait change", "The change in the mean wait for a GP appointment against the counterfactual, in hours."},
        {"discounting", "discounting",
         "Money in later years counts for less: at 3.5% a year (the NICE reference case) unless the scenario says otherwise, from the "
         "first reported week. Counts of activity are not discounted."},
        {"interval", "95% interval",
         "The 2.5th to 97.5th percentiles of a figure over the runs. With PSA draws each run draws every uncertain parameter from its "
         "prior, so the interval includes uncertainty in the evidence; with replications only, it shows chance alone."},
        {"qaly", "QALY", "Quality-adjusted life year: from the change in patient activation and the admissions avoided."},
        {"ceac", "acceptability curve",
         "For each value placed on a QALY, the share of runs in which an option has the highest net monetary benefit (QALYs at that "
         "value minus net cost)."},
        {"break-even", "break-even",
         "The value of one parameter at which an option would just pay for itself (return per £1 of 1), the others held at their "
         "central values."},
        {"evpi", "value of information",
         "What resolving all uncertainty (EVPI) or one group of parameters (EVPPI) would be worth to this decision: an upper bound on "
         "what research to reduce it is worth."},
    };
    return entries;
}

std::string measure_label(const std::string& measure) {
    static const std::vector<std::pair<std::string, std::string>> labels{
        {"net_benefit_economic_nhs", "net benefit to the NHS"}, {"net_benefit_economic_pcn", "net benefit to the PCN"},
        {"roi_economic_nhs", "return per £1 (NHS)"},        {"roi_economic_pcn", "return per £1 (PCN)"},
        {"cost_nhs", "cost to the NHS"},                         {"gp_appointments_released", "GP appointments made available"},
        {"net_cash_nhs", "net cash to the NHS"},                 {"qalys_gained", "QALYs gained"}};
    for (const auto& [name, label] : labels)
        if (name == measure) return label;
    return measure;
}

std::string glossary_html() {
    std::string out = "<h2 id=\"glossary\">Definitions</h2>\n<dl id=\"glossary-list\">\n";
    for (const auto& e : glossary()) out += fmt::format("<dt id=\"g-{}\">{}</dt><dd>{}</dd>\n", e.id, escape(e.term), escape(e.definition));
    return out + "</dl>\n";
}

}  // namespace pcnsim::viz
