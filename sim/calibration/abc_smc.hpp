#pragma once
// ABC-SMC (Beaumont et al. 2009; Toni et al. 2009) with an adaptive tolerance schedule and a
// multivariate normal perturbation kernel (twice the weighted particle covariance, Eigen Cholesky).
// The algorithm knows nothing of the simulation: it proposes parameter vectors and asks `distance`
// how far each one's simulated summaries are from the targets.
//
// Reproducible at any thread count: proposal j of generation t is a pure function of (seed, t, j);
// a round's proposals are evaluated in parallel and accepted in index order.
#include <Eigen/Dense>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace pcnsim {

struct FreeParameter {
    std::string name;
    double lower = 0, upper = 0;                 // the prior's support
    std::function<double(double)> quantile;      // prior quantile at u in (0, 1)
    std::function<double(double)> log_density;   // prior log density (an additive constant does not matter)
};

// The sum of the free parameters' prior log densities at theta.
double log_prior(const std::vector<FreeParameter>& parameters, const Eigen::VectorXd& theta);
// The key of evaluation `index` of generation or wave `round`: (round << 40) | index.
inline std::uint64_t evaluation_key(int round, long index) {
    return (static_cast<std::uint64_t>(round) << 40) | static_cast<std::uint64_t>(index);
}

struct AbcSmcSettings {
    int particles = 200;
    int generations = 8;
    double tolerance_quantile = 0.5;  // the next tolerance: this quantile of the accepted distances
    double minimum_tolerance = 0;     // the schedule stops falling here (1 for a kernel whose width 1 is exact)
    long max_evaluations = 2000000;   // stop (with what was reached) past this many
    std::uint64_t seed = 1;
};

struct AbcGeneration {
    double tolerance = 0;        // infinite in generation 0 (the prior)
    double acceptance_rate = 0;  // accepted / proposed (proposals outside the support count as rejected)
    double effective_sample_size = 0;
    long evaluations = 0;
};

struct AbcSmcResult {
    Eigen::MatrixXd particles;  // particles x parameters, the last generation
    Eigen::VectorXd weights;    // normalised
    std::vector<double> distances;
    std::vector<AbcGeneration> generations;
    bool cancelled = false;
    bool budget_exhausted = false;
};

// distance(theta, key): key names the evaluation (generation and proposal), for keyed random numbers.
using AbcDistance = std::function<double(const Eigen::VectorXd& theta, std::uint64_t key)>;
// The distances of a round of proposals at once, so the caller decides how they are spread over
// threads or MPI ranks. Results in the order given.
using AbcBatchDistance = std::function<std::vector<double>(const std::vector<Eigen::VectorXd>& thetas, const std::vector<std::uint64_t>& keys)>;

// `resume`: the result of an interrupted calibration with the same inputs (its completed
// generations); the run continues from there with the numbers an uninterrupted one would use.
// `on_generation` is called with the result so far after each generation (for checkpoints and progress).
AbcSmcResult abc_smc(const std::vector<FreeParameter>& parameters, const AbcBatchDistance& distance, const AbcSmcSettings& settings,
                     const std::atomic<bool>* cancel = nullptr, const AbcSmcResult* resume = nullptr,
                     const std::function<void(const AbcSmcResult&)>& on_generation = {});
// One distance at a time, evaluated in parallel with oneTBB.
AbcSmcResult abc_smc(const std::vector<FreeParameter>& parameters, const AbcDistance& distance, const AbcSmcSettings& settings,
                     const std::atomic<bool>* cancel = nullptr);

}  // namespace pcnsim
