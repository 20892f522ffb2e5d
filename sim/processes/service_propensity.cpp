// Service propensity: the transient part of each patient's propensity to use services follows a
// log-scale AR(1) around -sd^2/2 (so its exponential has mean 1). High users in one year therefore
// drift back towards their own permanent level: regression to the mean, which naive evaluations of
// coaching mistake for benefit.
#include "sim/core/distributions.hpp"
#include "sim/processes/processes.hpp"

namespace pcnsim {
namespace {

class ServicePropensity final : public Process {
public:
    explicit ServicePropensity(const Parameters& p)
        : sd_(p.get("propensity.transient_sd")),
          phi_(weekly_autocorrelation(p.get("propensity.annual_autocorrelation"))),
          mean_(-0.5 * sd_ * sd_),
          noise_sd_(sd_ * std::sqrt(1.0 - phi_ * phi_)) {}

    std::string_view name() const override { return "service_propensity"; }

    void step(const WeekContext& ctx, AgentRange range, Tally&) override {
        if (noise_sd_ == 0.0) return;
        auto& a = ctx.agents;
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            Draws draws(ctx.key, i, static_cast<std::uint32_t>(ctx.week), Stream::propensity);
            const double y = mean_ + phi_ * (a.propensity_transient[i] - mean_) + noise_sd_ * standard_normal(draws);
            a.propensity_transient[i] = static_cast<float>(y);
            a.propensity[i] = a.propensity_permanent[i] * std::exp(a.propensity_transient[i]);
        }
    }

private:
    double sd_, phi_, mean_, noise_sd_;
};

}  // namespace

std::unique_ptr<Process> make_service_propensity(const ModelSetup& setup) {
    return std::make_unique<ServicePropensity>(setup.scenario.parameters);
}

}  // namespace pcnsim
