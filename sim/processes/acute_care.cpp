// A&E attendances and emergency admissions. Attendances are Poisson(weekly rate) plus GP requests
// diverted from the backlog this week. Admissions have their own rate (service_rate.hpp, frailty
// hazard ratios from Clegg et al.); a share admission.direct_share arrive directly (GP-referred),
// the rest convert from this patient's attendances with probability
// (1 - direct_share) x admission rate / A&E rate, which makes conversion rise with age and frailty
// as the admission rate does, and reproduces the admission rate in expectation.
#include <algorithm>

#include "sim/core/distributions.hpp"
#include "sim/processes/processes.hpp"
#include "sim/processes/service_rate.hpp"

namespace pcnsim {
namespace {

class AcuteCare final : public Process {
public:
    AcuteCare(const Parameters& p, const AgentStore& initial)
        : ae_(p, "ae"), admission_(p, "admission"), direct_share_(p.get("admission.direct_share")) {
        ae_.normalise(initial);
        admission_.normalise(initial);
        total_over_ae_bound_ = 1.0 + direct_share_ * admission_.max_ratio_to(ae_);
    }

    std::string_view name() const override { return "acute_care"; }

    void step(const WeekContext& ctx, AgentRange range, Worker& worker) override {
        auto& a = ctx.agents;
        const auto week = static_cast<std::uint32_t>(ctx.week);
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            const double ae_rate = ae_.weekly_rate(a, i);
            const double u = worker.uniforms(Slot::acute_care, i);
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

std::unique_ptr<Process> make_acute_care(const ModelSetup& setup) {
    return std::make_unique<AcuteCare>(setup.scenario.parameters, setup.population.agents);
}

}  // namespace pcnsim
