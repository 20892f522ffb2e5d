// GP demand: each patient's requests for a general-practice appointment this week,
// Poisson(weekly rate) with the rate of service_rate.hpp.
#include <algorithm>

#include "sim/core/distributions.hpp"
#include "sim/processes/processes.hpp"
#include "sim/processes/service_rate.hpp"

namespace pcnsim {
namespace {

class GpDemand final : public Process {
public:
    GpDemand(const Parameters& p, const AgentStore& initial) : rate_(p, "gp") { rate_.normalise(initial); }

    std::string_view name() const override { return "gp_demand"; }

    void step(const WeekContext& ctx, AgentRange range, Worker& worker) override {
        auto& a = ctx.agents;
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            const auto requests = poisson_quantile(worker.uniforms(Slot::gp_demand, i), rate_.weekly_rate(a, i));
            a.gp_requests_week[i] = static_cast<std::uint8_t>(std::min<std::uint32_t>(255, requests));
        }
    }

private:
    ServiceRate rate_;
};

}  // namespace

std::unique_ptr<Process> make_gp_demand(const ModelSetup& setup) {
    return std::make_unique<GpDemand>(setup.scenario.parameters, setup.population.agents);
}

}  // namespace pcnsim
