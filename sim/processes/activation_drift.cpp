// Activation drift: each patient's activation moves back towards their set point (AR(1) with the
// annual autocorrelation of activation.annual_autocorrelation) with noise that keeps the transient
// SD at activation.transient_sd. The AR(1) runs on the latent activation scale, where activation is
// normal within groups of patients; the PAM score is its transform (sim/population/pam_scale.hpp),
// so the level mix stays the published one year after year. Coaching gains (a later process) are
// added to the score and decay through the same mechanism.
#include <algorithm>

#include "sim/core/distributions.hpp"
#include "sim/processes/module.hpp"
#include "sim/processes/processes.hpp"

namespace pcnsim {
namespace {

class ActivationDrift final : public Process {
public:
    // buddy_aware: the scenario arm with [network] buddies, where a buddy slows the decay (the
    // weekly coefficient is raised to 1 - buddy.decay_reduction: closer to 1).
    ActivationDrift(const Parameters& p, const PamScale& scale, bool buddy_aware)
        : scale_(scale),
          phi_(weekly_autocorrelation(p.get("activation.annual_autocorrelation"))),
          phi_with_buddy_(std::pow(phi_, 1.0 - p.get("buddy.decay_reduction"))),
          noise_sd_(p.get("activation.transient_sd") * std::sqrt(1.0 - phi_ * phi_)),
          buddy_aware_(buddy_aware) {}

    void step(const WeekContext& ctx, AgentRange range, ThreadScratch& scratch) override {
        if (noise_sd_ == 0.0 && phi_ == 1.0) return;  // activation held fixed
        auto& a = ctx.agents;
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            if (a.age[i] < kAdultAge) continue;  // PAM is measured and acts on adults only
            const double noise = normal_quantile_7digits(scratch.uniforms(Slot::activation_noise, i));
            const double phi = buddy_aware_ && has_buddy(a, i) ? phi_with_buddy_ : phi_;
            const double setpoint = scale_.latent(a.pam_setpoint[i]);
            const double transient = scale_.latent(a.pam_score[i]) - setpoint;
            a.pam_score[i] = static_cast<float>(scale_.score(setpoint + phi * transient + noise_sd_ * noise));
        }
    }

private:
    const PamScale& scale_;
    double phi_, phi_with_buddy_;
    double noise_sd_;
    bool buddy_aware_;
};

}  // namespace

const Module& activation_drift_module() {
    using namespace declare;
    const auto level_share = [](int level, double share) {
        static constexpr const char* kNames[] = {"activation.level_share_1", "activation.level_share_2", "activation.level_share_3",
                                                 "activation.level_share_4"};
        return ParameterDeclaration{kNames[level - 1], "share of adults", share, 0.01, 0.9, fixed(),
                                    "Barker et al., BMJ Qual Saf 2018 (Islington, n = 12,270): 22 / 19 / 46 / 13 %; the four must sum to 1",
                                    kSamePopulation, "the PAM level mix"};
    };
    static const Module m{
        .declaration = {
            .name = "activation_drift",
            .purpose = "patient activation (PAM): set points, the week's drift back towards them, and how activation shifts service use",
            .parameters = {
            {"activation.mean_score", "latent PAM points", 55.1, 50, 60, norm(55.1, 1.5), "Bu & Fancourt, BMC HSR 2021 (n = 15,877): the latent scale's reference mean (the score's mean follows from the level mix)", kSamePopulation},
            {"activation.setpoint_sd", "latent PAM points", 7, 5, 20, norm(7, 1.5), "assumption: with transient_sd, total SD 17.5 (Bu & Fancourt 2021: 17.7) and 48% changing level a year (J Am Geriatr Soc 2012: 52%; docs/validation.md)", kSamePopulation},
            {"activation.transient_sd", "latent PAM points", 16, 5, 20, norm(16, 1.5), "assumption: tuned to 52% changing level a year (J Am Geriatr Soc 2012); the model reaches 48% (docs/validation.md)", kSamePopulation},
            {"activation.annual_autocorrelation", "correlation at lag 52 weeks", 0.6, 0.3, 1.0, beta(12, 8), "assumption; 1 holds activation fixed (no drift)"},
            {"activation.deprivation_step", "PAM points per quintile towards most deprived", -3, -5, 0, unif(-5, 0), "assumption (direction: Ellins & Coulter 2005; seed 002)", kSamePopulation},
            {"activation.multimorbidity_shift", "PAM points with 2+ conditions", -3, -6, 0, unif(-6, 0), "assumption (direction: Barker et al. 2018)", kSamePopulation},
            level_share(1, 0.22), level_share(2, 0.19), level_share(3, 0.46), level_share(4, 0.13),
            {"activation.causal_share", "share", 0.5, 0.0, 1.0, beta(2, 2), "how much of the cross-sectional gradient follows a change in activation (MODEL.md section 5)"},
            {"activation.gp_rr_per_10_points", "rate ratio per +10 PAM points", 0.949, 0.940, 0.960, logn(0.949, 0.005), "Barker et al. 2018: RR 0.82 level 4 vs 1 over ~38 points"},
            {"activation.ae_rr_per_10_points", "rate ratio per +10 PAM points", 0.904, 0.880, 0.930, logn(0.904, 0.014), "Barker et al. 2018: RR 0.68"},
            {"activation.admission_rr_per_10_points", "rate ratio per +10 PAM points", 0.882, 0.840, 0.920, logn(0.882, 0.023), "Barker et al. 2018: RR 0.62"},
            },
            .columns = {
                column<&ArmState::pam_score>("pam_score", kPerArm, "PAM score (adults)"),
                column<&ArmState::pam_setpoint>("pam_setpoint", kPerArm, "the score the patient drifts back to"),
                column<&AgentStore::activation_trait>("activation_trait", kShared, "latent activation-use trait: the set point's deviation at registration, which also loads on rates of use"),
            },
            .slots = {Slot::activation_noise},
        },
        .placement = Placement::each_arm,
        .week_order = 20,
        .make = [](const ArmSetup& s) -> std::unique_ptr<Process> {
            // With buddies, a buddy slows the decay of coaching gains in the coaching arm.
            return std::make_unique<ActivationDrift>(s.model.scenario.parameters, s.model.model.pam_scale,
                                                     s.coaching && s.model.scenario.network.buddies);
        },
    };
    return m;
}

}  // namespace pcnsim
