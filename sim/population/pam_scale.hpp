#pragma once
// The PAM score scale. A patient's activation lives on a latent scale where it is normal within
// each group of patients (set point by deprivation and multimorbidity, plus a set-point deviation
// and an AR(1) transient, PARAMETERS.md), and the PAM score is a monotone, piecewise-linear
// transform of it. The transform's knots sit where the reference England-like adult population's
// latent distribution reaches the published level mix (activation.level_share_1..4: 22 / 19 / 46 /
// 13 %, Barker et al. 2018), so the simulated adult mix reproduces the mix whatever its value: a
// normal score with the published mean and SD cannot (it gives about 32 / 18 / 25 / 25 %). Within
// the open-ended levels 1 and 4 the transform keeps a slope of one point per latent point, which
// puts the mean near the published 55 (MODEL.md section 3; the figure is in docs/validation.md).
#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

namespace pcnsim {

// PAM-13 level boundaries: level 1 up to 47.0, level 2 to 55.1, level 3 to 67.0, level 4 above.
inline constexpr std::array<double, 3> kPamLevelBounds = {47.0, 55.1, 67.0};

// One group of the reference adult population whose latent activation is normal: its share of
// adults and its latent mean (the SD is common).
struct LatentGroup {
    double weight = 0;
    double mean = 0;
};

class PamScale {
public:
    PamScale() = default;
    // level_shares: the adult level mix (summing to 1); groups and latent_sd: the reference
    // population's latent distribution, a mixture of normals.
    PamScale(const std::array<double, 4>& level_shares, const std::vector<LatentGroup>& groups, double latent_sd);

    // Inline: the activation drift calls both for every adult in every week.
    double score(double latent) const {
        const auto& b = kPamLevelBounds;
        double s;
        if (latent <= knots_[0]) s = b[0] - (knots_[0] - latent);
        else if (latent >= knots_[2]) s = b[2] + (latent - knots_[2]);
        else {
            const std::size_t k = latent <= knots_[1] ? 0 : 1;
            s = b[k] + (latent - knots_[k]) * (b[k + 1] - b[k]) / (knots_[k + 1] - knots_[k]);
        }
        return std::clamp(s, 0.0, 100.0);
    }
    double latent(double score) const {
        const auto& b = kPamLevelBounds;
        if (score <= b[0]) return knots_[0] - (b[0] - score);
        if (score >= b[2]) return knots_[2] + (score - b[2]);
        const std::size_t k = score <= b[1] ? 0 : 1;
        return knots_[k] + (score - b[k]) * (knots_[k + 1] - knots_[k]) / (b[k + 1] - b[k]);
    }
    // Latent values at the level boundaries (the transform's knots).
    const std::array<double, 3>& latent_bounds() const { return knots_; }

private:
    std::array<double, 3> knots_{kPamLevelBounds};  // identity until built
};

// Share of a mixture of normals (common SD) at or below x.
double mixture_cdf(const std::vector<LatentGroup>& groups, double sd, double x);

}  // namespace pcnsim
