// Activation drift: each patient's PAM score moves back towards their set point (AR(1) with the
// annual autocorrelation of activation.annual_autocorrelation) with noise that keeps the transient
// SD at activation.transient_sd. Coaching gains (a later process) decay through the same mechanism.
#include <algorithm>

#include "sim/core/distributions.hpp"
#include "sim/processes/processes.hpp"

namespace pcnsim {
namespace {

class ActivationDrift final : public Process {
public:
    // buddy_aware: the scenario arm with [network] buddies, where a buddy slows the decay (the
    // weekly coefficient is raised to 1 - buddy.decay_reduction: closer to 1).
    ActivationDrift(const Parameters& p, bool buddy_aware)
        : phi_(weekly_autocorrelation(p.get("activation.annual_autocorrelation"))),
          phi_with_buddy_(std::pow(phi_, 1.0 - p.get("buddy.decay_reduction"))),
          noise_sd_(p.get("activation.transient_sd") * std::sqrt(1.0 - phi_ * phi_)),
          buddy_aware_(buddy_aware) {}

    std::string_view name() const override { return "activation_drift"; }

    void step(const WeekContext& ctx, AgentRange range, Worker& worker) override {
        if (noise_sd_ == 0.0 && phi_ == 1.0) return;  // activation held fixed
        auto& a = ctx.agents;
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            if (a.age[i] < kAdultAge) continue;  // PAM is measured and acts on adults only
            const double noise = normal_quantile_7digits(worker.uniforms(Slot::activation_noise, i));
            const double phi = buddy_aware_ && has_buddy(a, i) ? phi_with_buddy_ : phi_;
            const double transient = a.pam_score[i] - a.pam_setpoint[i];
            const double score = a.pam_setpoint[i] + phi * transient + noise_sd_ * noise;
            a.pam_score[i] = static_cast<float>(std::clamp(score, 0.0, 100.0));
        }
    }

private:
    double phi_, phi_with_buddy_;
    double noise_sd_;
    bool buddy_aware_;
};

}  // namespace

std::unique_ptr<Process> make_activation_drift(const ModelSetup& setup, bool buddy_aware) {
    return std::make_unique<ActivationDrift>(setup.scenario.parameters, buddy_aware);
}

}  // namespace pcnsim
