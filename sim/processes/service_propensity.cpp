// Service propensity: the transient part of each patient's propensity to use services follows a
// log-scale AR(1) around -sd^2/2 (so its exponential has mean 1). High users in one year therefore
// drift back towards their own permanent level: regression to the mean, which naive evaluations of
// coaching mistake for benefit. Each patient's propensity is updated every 4 weeks (staggered
// across patients so every week does the same work), with the AR(1) coefficient for 4 weeks: a
// month-long step is far shorter than the year-long autocorrelation it represents, and it removes
// three-quarters of a normal draw and an exponential per patient-week.
#include "sim/core/distributions.hpp"
#include "sim/core/batched_draws.hpp"
#include "sim/processes/module.hpp"
#include "sim/processes/processes.hpp"

namespace pcnsim {
namespace {

class ServicePropensity final : public Process {
public:
    explicit ServicePropensity(const Parameters& p)
        : sd_(p.get("propensity.transient_sd")),
          phi_(std::pow(weekly_autocorrelation(p.get("propensity.annual_autocorrelation")), kWeeksPerUpdate)),
          mean_(-0.5 * sd_ * sd_),
          noise_sd_(sd_ * std::sqrt(1.0 - phi_ * phi_)) {}

    void step(const WeekContext& ctx, AgentRange range, ThreadScratch&) override {
        if (noise_sd_ == 0.0) return;
        const auto week = static_cast<std::uint32_t>(ctx.week);
        const std::uint32_t first = range.begin + (kWeeksPerUpdate - (range.begin + week) % kWeeksPerUpdate) % kWeeksPerUpdate;
        for_each_first_uniform(ctx.key, week, Stream::propensity, first, range.end, kWeeksPerUpdate,
                               [&](std::uint32_t i, double u) { update(ctx.agents, i, u); });
    }

private:
    void update(AgentStore& a, std::uint32_t i, double u) const {
        const double y = mean_ + phi_ * (propensity_transient(a, i) - mean_) + noise_sd_ * normal_quantile_7digits(u);
        a.propensity[i] = static_cast<float>(a.propensity_permanent[i] * std::exp(y));
    }

    static constexpr std::uint32_t kWeeksPerUpdate = 4;  // patient i updates when (i + week) % 4 == 0
    double sd_, phi_, mean_, noise_sd_;
};

}  // namespace

const Module& service_propensity_module() {
    using namespace declare;
    static const Module m{
        .declaration = {
            .name = "service_propensity",
            .purpose = "each patient's propensity to use services: a permanent part and a monthly-updated transient part",
            .parameters = {
            {"propensity.gamma_shape", "Gamma shape (mean 1)", 1.5, 0.5, 5.0, logn(1.5, 0.3), "assumption: calibrate to the share of frequent attenders", kSamePopulation},
            {"propensity.transient_sd", "SD of log-propensity", 0.3, 0.0, 0.8, unif(0.0, 0.8), "assumption: size of the part that regresses to the mean", kSamePopulation},
            {"propensity.annual_autocorrelation", "correlation at lag 52 weeks", 0.7, 0.3, 0.95, beta(14, 6), "assumption", kSamePopulation},
            },
            .columns = {
                column<&AgentStore::propensity_permanent>("propensity_permanent", kShared, "Gamma(shape, 1/shape) multiplier, mean 1"),
                column<&AgentStore::propensity>("propensity", kShared, "the multiplier rates use: permanent x exp(transient)"),
            },
            .streams = {{Stream::propensity, "propensity", "the monthly update of a patient's transient propensity"}},
        },
        .placement = Placement::after_arms,
        .week_order = 120,
        .make = [](const ArmSetup& s) -> std::unique_ptr<Process> { return std::make_unique<ServicePropensity>(s.model.scenario.parameters); },
    };
    return m;
}

}  // namespace pcnsim
