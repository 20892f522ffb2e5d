// GP demand: each patient's requests for a general-practice appointment this week,
// Poisson(weekly rate) with the rate of service_rate.hpp.
#include <algorithm>

#include "sim/core/distributions.hpp"
#include "sim/processes/activation_confounding.hpp"
#include "sim/processes/module.hpp"
#include "sim/processes/processes.hpp"
#include "sim/processes/service_rate.hpp"

namespace pcnsim {
namespace {

class GpDemand final : public Process {
public:
    GpDemand(const Parameters& p, const ConfoundingFits& confounding, const AgentStore& initial)
        : rate_(p, "gp", confounding.of("gp").loading) {
        rate_.normalise(initial);
    }

    void step(const WeekContext& ctx, AgentRange range, ThreadScratch& scratch) override {
        auto& a = ctx.agents;
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            const auto requests = poisson_quantile(scratch.uniforms(Slot::gp_demand, i), rate_.weekly_rate(a, i));
            a.gp_requests_week[i] = static_cast<std::uint8_t>(std::min<std::uint32_t>(255, requests));
        }
    }

private:
    ServiceRate rate_;
};

}  // namespace

const Module& gp_demand_module() {
    using namespace declare;
    static constexpr std::string_view kAgeShape =
        "assumption: shaped on Hobbs et al. 2016 (highest at 0-4 and 85+); relative weights, rescaled to the overall rate";
    static const Module m{
        .declaration = {
            .name = "gp_demand",
            .purpose = "requests for a general-practice appointment: Poisson at each patient's rate",
            .parameters = {
            {"gp.base_rate_per_year", "appointments per patient-year", 5.9, 5.2, 6.5, logn(5.9, 0.06), "Appointments in General Practice 2024 (~370M / ~63M registered)"},
            {"gp.age_shape.0_4", "relative weight", 5.5, 2, 10, fixed(), kAgeShape},
            {"gp.age_shape.5_14", "relative weight", 2.5, 1, 5, fixed(), kAgeShape},
            {"gp.age_shape.15_24", "relative weight", 3.8, 1, 7, fixed(), kAgeShape},
            {"gp.age_shape.25_44", "relative weight", 4.3, 2, 8, fixed(), kAgeShape},
            {"gp.age_shape.45_64", "relative weight", 5.6, 3, 9, fixed(), kAgeShape},
            {"gp.age_shape.65_74", "relative weight", 8.0, 5, 12, fixed(), kAgeShape},
            {"gp.age_shape.75_84", "relative weight", 10.5, 7, 15, fixed(), kAgeShape},
            {"gp.age_shape.85plus", "relative weight", 12.5, 8, 18, fixed(), kAgeShape},
            {"gp.female_ratio_15_64", "rate ratio female vs male", 1.3, 1.0, 1.6, logn(1.3, 0.08), "assumption: shaped on Hobbs et al. 2016"},
            {"gp.deprivation_rr_q1_vs_q5", "rate ratio", 1.2, 1.0, 1.5, logn(1.2, 0.08), kAssumption},
            {"gp.rr.obesity", "rate ratio", 1.15, 1.0, 1.5, logn(1.15, 0.07), kAssumption},
            {"gp.rr.anxiety_depression", "rate ratio", 1.5, 1.1, 2.0, logn(1.5, 0.1), kAssumption},
            {"gp.rr.respiratory", "rate ratio", 1.3, 1.0, 1.7, logn(1.3, 0.1), kAssumption},
            {"gp.rr.diabetes", "rate ratio", 1.4, 1.0, 1.8, logn(1.4, 0.1), kAssumption},
            {"gp.rr.chronic_pain", "rate ratio", 1.5, 1.1, 2.0, logn(1.5, 0.1), kAssumption},
            {"gp.rr.frailty_mild", "rate ratio", 1.4, 1.1, 1.8, logn(1.4, 0.1), kAssumption},
            {"gp.rr.frailty_moderate", "rate ratio", 1.8, 1.3, 2.4, logn(1.8, 0.1), kAssumption},
            {"gp.rr.frailty_severe", "rate ratio", 2.2, 1.5, 3.0, logn(2.2, 0.1), kAssumption},
            {"gp.rr.care_home", "rate ratio", 1.5, 1.0, 2.5, logn(1.5, 0.15), kAssumption},
            },
            .columns = {column<&AgentStore::gp_requests_week>("gp_requests_week", kThisWeek, "requests for a GP appointment made this week")},
            .writes = {"gp_requests_week"},
            .slots = {Slot::gp_demand},
        },
        .placement = Placement::each_arm,
        .week_order = 30,
        .make = [](const ArmSetup& s) -> std::unique_ptr<Process> {
            return std::make_unique<GpDemand>(s.model.scenario.parameters, *s.model.confounding, s.model.population.agents);
        },
    };
    return m;
}

}  // namespace pcnsim
