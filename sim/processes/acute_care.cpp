// A&E attendances and emergency admissions. Attendances are Poisson(weekly rate) plus GP requests
// diverted from the backlog this week. Admissions have their own rate (service_rate.hpp, frailty
// hazard ratios from Clegg et al.); a share admission.direct_share arrive directly (GP-referred),
// the rest convert from this patient's attendances with probability
// (1 - direct_share) x admission rate / A&E rate, which makes conversion rise with age and frailty
// as the admission rate does, and reproduces the admission rate in expectation.
#include <algorithm>

#include "sim/core/distributions.hpp"
#include "sim/processes/activation_confounding.hpp"
#include "sim/processes/module.hpp"
#include "sim/processes/processes.hpp"
#include "sim/processes/service_rate.hpp"

namespace pcnsim {
namespace {

class AcuteCare final : public Process {
public:
    AcuteCare(const Parameters& p, const ConfoundingFits& confounding, const AgentStore& initial)
        : ae_(p, "ae", confounding.of("ae").loading),
          admission_(p, "admission", confounding.of("admission").loading), direct_share_(p.get("admission.direct_share")) {
        ae_.normalise(initial);
        admission_.normalise(initial);
        total_over_ae_bound_ = 1.0 + direct_share_ * admission_.max_ratio_to(ae_);
    }

    void step(const WeekContext& ctx, AgentRange range, ThreadScratch& scratch) override {
        auto& a = ctx.agents;
        const auto week = static_cast<std::uint32_t>(ctx.week);
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            const double ae_rate = ae_.weekly_rate(a, i);
            const double u = scratch.uniforms(Slot::acute_care, i);
            // Exact fast path: with no diverted requests and u below 1 - (an upper bound on the total
            // rate), the Poisson below is 0 without computing the admission rate.
            if (a.gp_diverted_week[i] == 0 && u < 1.0 - ae_rate * total_over_ae_bound_) {
                a.ae_week[i] = a.admissions_week[i] = 0;
                continue;
            }
            const double admission_rate = admission_.weekly_rate(a, i);
            const double direct_rate = direct_share_ * admission_rate;
            // A&E attendances and direct admissions are independent Poisson counts; drawn as one
            // Poisson of their total rate and split binomially (superposition), most patient-weeks
            // are settled by a single uniform.
            const std::uint32_t events = poisson_quantile(u, ae_rate + direct_rate);
            std::uint32_t attendances = a.gp_diverted_week[i], admissions = 0;
            if (events + attendances > 0) {
                Draws split(ctx.key, i, week, Stream::acute_split);
                const std::uint32_t own_attendances = binomial(split, events, ae_rate / (ae_rate + direct_rate));
                admissions = events - own_attendances;
                attendances += own_attendances;
                const double conversion = std::min(1.0, (1.0 - direct_share_) * admission_rate / ae_rate);
                admissions += binomial(split, attendances, conversion);
            }
            a.ae_week[i] = static_cast<std::uint8_t>(std::min<std::uint32_t>(255, attendances));
            a.admissions_week[i] = static_cast<std::uint8_t>(std::min<std::uint32_t>(255, admissions));
        }
    }

private:
    ServiceRate ae_, admission_;
    double direct_share_;
    double total_over_ae_bound_ = 1.0;  // (A&E + direct admission rate) / A&E rate, at most
};

}  // namespace

// Long, but a table, not logic: one line per parameter, column, counter and metric the module owns.
const Module& acute_care_module() {
    using namespace declare;
    static constexpr std::string_view kAeAgeShape =
        "assumption: U-shape of HES A&E attendances by age; relative weights, rescaled to the overall rate";
    static constexpr std::string_view kAdmissionAgeShape =
        "Pereira Gray et al., BMJ Open 2017 (per 1,000/yr, mean of least and most deprived; 67+ split by assumption); relative weights";
    static const Module m{
        .declaration = {
            .name = "acute_care",
            .purpose = "A&E attendances and emergency admissions (via A&E and direct), including GP demand diverted to A&E",
            .parameters = {
            {"ae.base_rate_per_year", "attendances per person-year", 0.44, 0.35, 0.50, logn(0.44, 0.06), "RCEM: 25.35M attendances 2022/23 / ~57M"},
            {"ae.age_shape.0_4", "relative weight", 0.55, 0.2, 1.0, fixed(), kAeAgeShape},
            {"ae.age_shape.5_14", "relative weight", 0.28, 0.1, 0.6, fixed(), kAeAgeShape},
            {"ae.age_shape.15_24", "relative weight", 0.48, 0.2, 0.8, fixed(), kAeAgeShape},
            {"ae.age_shape.25_44", "relative weight", 0.40, 0.2, 0.7, fixed(), kAeAgeShape},
            {"ae.age_shape.45_64", "relative weight", 0.36, 0.2, 0.7, fixed(), kAeAgeShape},
            {"ae.age_shape.65_74", "relative weight", 0.42, 0.2, 0.8, fixed(), kAeAgeShape},
            {"ae.age_shape.75_84", "relative weight", 0.62, 0.3, 1.0, fixed(), kAeAgeShape},
            {"ae.age_shape.85plus", "relative weight", 1.00, 0.5, 1.5, fixed(), kAeAgeShape},
            {"ae.deprivation_rr_q1_vs_q5", "rate ratio", 1.8, 1.3, 2.2, logn(1.8, 0.1), "NHS Digital HES A&E 2019-20 (most vs least deprived decile x2)"},
            {"ae.rr.anxiety_depression", "rate ratio", 1.4, 1.0, 2.0, logn(1.4, 0.1), kAssumption},
            {"ae.rr.respiratory", "rate ratio", 1.3, 1.0, 1.8, logn(1.3, 0.1), kAssumption},
            {"ae.rr.diabetes", "rate ratio", 1.2, 1.0, 1.6, logn(1.2, 0.1), kAssumption},
            {"ae.rr.frailty_mild", "rate ratio", 1.5, 1.1, 2.0, logn(1.5, 0.1), kAssumption},
            {"ae.rr.frailty_moderate", "rate ratio", 2.0, 1.4, 2.8, logn(2.0, 0.1), kAssumption},
            {"ae.rr.frailty_severe", "rate ratio", 2.5, 1.7, 3.5, logn(2.5, 0.1), kAssumption},
            {"ae.rr.care_home", "rate ratio", 1.5, 1.0, 2.5, logn(1.5, 0.15), kAssumption},
            {"admission.base_rate_per_year", "admissions per person-year", 0.11, 0.09, 0.12, logn(0.11, 0.05), "NAO / Health Foundation: 6.02M in 2017/18"},
            {"admission.direct_share", "share of admissions not via A&E", 0.2, 0.0, 0.4, beta(4, 16), "assumption: with 0.44 A&E attendances gives ~0.2 admitted per attendance, below the ~0.27 quoted, to keep the 0.11 total"},
            {"admission.age_shape.0_4", "relative weight", 53, 20, 100, fixed(), kAdmissionAgeShape},
            {"admission.age_shape.5_14", "relative weight", 53, 20, 100, fixed(), kAdmissionAgeShape},
            {"admission.age_shape.15_24", "relative weight", 51, 20, 100, fixed(), kAdmissionAgeShape},
            {"admission.age_shape.25_44", "relative weight", 56, 20, 100, fixed(), kAdmissionAgeShape},
            {"admission.age_shape.45_64", "relative weight", 72, 30, 130, fixed(), kAdmissionAgeShape},
            {"admission.age_shape.65_74", "relative weight", 160, 80, 260, fixed(), kAdmissionAgeShape},
            {"admission.age_shape.75_84", "relative weight", 280, 150, 400, fixed(), kAdmissionAgeShape},
            {"admission.age_shape.85plus", "relative weight", 450, 250, 650, fixed(), kAdmissionAgeShape},
            {"admission.deprivation_rr_q1_vs_q5", "rate ratio", 1.8, 1.3, 2.2, logn(1.8, 0.1), "Pereira Gray et al. 2017 (mean ratio most/least deprived across age groups)"},
            {"admission.rr.frailty_mild", "hazard ratio vs fit", 1.93, 1.5, 2.5, logn(1.93, 0.1), "Clegg et al., Age and Ageing 2016"},
            {"admission.rr.frailty_moderate", "hazard ratio vs fit", 3.04, 2.3, 4.0, logn(3.04, 0.1), "Clegg et al., Age and Ageing 2016"},
            {"admission.rr.frailty_severe", "hazard ratio vs fit", 4.73, 3.5, 6.0, logn(4.73, 0.1), "Clegg et al., Age and Ageing 2016"},
            {"admission.rr.respiratory", "rate ratio", 1.5, 1.0, 2.2, logn(1.5, 0.1), kAssumption},
            {"admission.rr.diabetes", "rate ratio", 1.4, 1.0, 2.0, logn(1.4, 0.1), kAssumption},
            {"admission.rr.care_home", "rate ratio", 1.5, 1.0, 2.5, logn(1.5, 0.15), kAssumption},
            },
            .columns = {
                column<&AgentStore::ae_week>("ae_week", kThisWeek, "A&E attendances this week"),
                column<&AgentStore::admissions_week>("admissions_week", kThisWeek, "emergency admissions this week"),
            },
            .streams = {{Stream::acute_split, "acute_split", "which acute events are A&E attendances, which convert to admissions"}},
            .reads = {"gp_diverted_week"},
            .writes = {"ae_week", "admissions_week"},
            .slots = {Slot::acute_care},
        },
        .placement = Placement::each_arm,
        .week_order = 100,
        .make = [](const ArmSetup& s) -> std::unique_ptr<Process> {
            return std::make_unique<AcuteCare>(s.model.scenario.parameters, *s.model.confounding, s.model.population.agents);
        },
    };
    return m;
}

}  // namespace pcnsim
