#include "sim/calibration/abc_smc.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <numbers>
#include <cmath>
#include <limits>
#include <numeric>

#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"
#include "sim/calibration/substreams.hpp"
#include "sim/stats/descriptive.hpp"
#include "sim/stats/weighted.hpp"

namespace pcnsim {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The previous generation, as the proposal distribution of the next.
struct ParticleSet {
    Eigen::MatrixXd particles;
    Eigen::VectorXd weights;
    std::vector<double> cumulative;  // of the weights, for choosing an ancestor
    Eigen::MatrixXd kernel_cholesky;  // L with L L' = 2 x weighted covariance
    Eigen::MatrixXd kernel_inverse;
    double kernel_log_norm = 0;      // log of the normal density's constant

    ParticleSet(Eigen::MatrixXd p, Eigen::VectorXd w) : particles(std::move(p)), weights(std::move(w)) {
        std::partial_sum(weights.begin(), weights.end(), std::back_inserter(cumulative));
        const Eigen::RowVectorXd mean = weights.transpose() * particles;
        const Eigen::MatrixXd centred = particles.rowwise() - mean;
        Eigen::MatrixXd cov = 2.0 * (centred.transpose() * weights.asDiagonal() * centred);
        cov.diagonal().array() += 1e-12 * (1.0 + cov.diagonal().array().abs());  // a collapsed dimension stays invertible
        const Eigen::LLT<Eigen::MatrixXd> llt(cov);
        kernel_cholesky = llt.matrixL();
        kernel_inverse = llt.solve(Eigen::MatrixXd::Identity(cov.rows(), cov.cols()));
        kernel_log_norm = -0.5 * static_cast<double>(cov.rows()) * std::log(2 * std::numbers::pi) -
                          kernel_cholesky.diagonal().array().log().sum();
    }

    std::size_t ancestor(double u) const {
        const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), u * cumulative.back());
        return std::min(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1);
    }

    // log of sum_j w_j K(theta | theta_j), by log-sum-exp.
    double log_mixture(const Eigen::VectorXd& theta) const {
        std::vector<double> terms(static_cast<std::size_t>(particles.rows()));
        double top = -kInfinity;
        for (Eigen::Index j = 0; j < particles.rows(); ++j) {
            const Eigen::VectorXd d = theta - particles.row(j).transpose();
            terms[static_cast<std::size_t>(j)] = std::log(weights[j]) + kernel_log_norm - 0.5 * d.dot(kernel_inverse * d);
            top = std::max(top, terms[static_cast<std::size_t>(j)]);
        }
        double sum = 0;
        for (double t : terms) sum += std::exp(t - top);
        return top + std::log(sum);
    }
};

bool in_support(const std::vector<FreeParameter>& ps, const Eigen::VectorXd& theta) {
    for (std::size_t k = 0; k < ps.size(); ++k)
        if (!(theta[static_cast<Eigen::Index>(k)] >= ps[k].lower && theta[static_cast<Eigen::Index>(k)] <= ps[k].upper)) return false;
    return true;
}

// Proposal j of generation t: from the prior (t = 0) or a perturbed ancestor.
Eigen::VectorXd propose(const std::vector<FreeParameter>& ps, const ParticleSet* previous, const AbcSmcSettings& s, int t, long j) {
    Draws draws(RunKey{s.seed, 0, 0}, static_cast<std::uint32_t>(j), static_cast<std::uint32_t>(t), Stream::calibration,
                calibration_substream::proposal);
    Eigen::VectorXd theta(static_cast<Eigen::Index>(ps.size()));
    if (!previous) {
        for (std::size_t k = 0; k < ps.size(); ++k) theta[static_cast<Eigen::Index>(k)] = ps[k].quantile(draws.uniform());
        return theta;
    }
    const auto a = previous->ancestor(draws.uniform());
    Eigen::VectorXd z(theta.size());
    for (Eigen::Index k = 0; k < z.size(); ++k) z[k] = standard_normal(draws);
    return previous->particles.row(static_cast<Eigen::Index>(a)).transpose() + previous->kernel_cholesky * z;
}

}  // namespace

double log_prior(const std::vector<FreeParameter>& ps, const Eigen::VectorXd& theta) {
    double sum = 0;
    for (std::size_t k = 0; k < ps.size(); ++k) sum += ps[k].log_density(theta[static_cast<Eigen::Index>(k)]);
    return sum;
}

AbcSmcResult abc_smc(const std::vector<FreeParameter>& ps, const AbcBatchDistance& distance, const AbcSmcSettings& s,
                     const std::atomic<bool>* cancel, const AbcSmcResult* resume, const std::function<void(const AbcSmcResult&)>& on_generation) {
    AbcSmcResult result;
    const auto n = static_cast<Eigen::Index>(s.particles), dims = static_cast<Eigen::Index>(ps.size());
    std::unique_ptr<ParticleSet> previous;
    double tolerance = kInfinity;
    long total = 0;
    if (resume && !resume->generations.empty()) {
        result = *resume;
        result.cancelled = result.budget_exhausted = false;
        for (const auto& g : result.generations) total += g.evaluations;
        tolerance = std::max(s.minimum_tolerance, quantile(result.distances, s.tolerance_quantile));
        previous = std::make_unique<ParticleSet>(result.particles, result.weights);
    }
    const auto stopped = [&] { return cancel && cancel->load(); };
    for (int t = static_cast<int>(result.generations.size()); t < s.generations; ++t) {
        Eigen::MatrixXd accepted(n, dims);
        Eigen::VectorXd log_weights(n);
        std::vector<double> accepted_distance;
        long proposed = 0;
        // Rounds of proposals, evaluated together, accepted in index order until n are in.
        while (static_cast<Eigen::Index>(accepted_distance.size()) < n) {
            if (stopped() || total >= s.max_evaluations) {
                result.cancelled = stopped();
                result.budget_exhausted = !result.cancelled;
                return result;
            }
            const long round = std::max<long>(n, 64);
            std::vector<Eigen::VectorXd> thetas(static_cast<std::size_t>(round)), inside;
            std::vector<std::uint64_t> keys;
            std::vector<long> inside_index;
            for (long k = 0; k < round; ++k) {
                thetas[static_cast<std::size_t>(k)] = propose(ps, previous.get(), s, t, proposed + k);
                if (!in_support(ps, thetas[static_cast<std::size_t>(k)])) continue;
                inside.push_back(thetas[static_cast<std::size_t>(k)]);
                keys.push_back(evaluation_key(t, proposed + k));
                inside_index.push_back(k);
            }
            const auto evaluated = inside.empty() ? std::vector<double>{} : distance(inside, keys);
            if (stopped()) continue;  // the round may be incomplete: the check above returns
            std::vector<double> d(static_cast<std::size_t>(round), kInfinity);
            for (std::size_t i = 0; i < inside_index.size(); ++i) d[static_cast<std::size_t>(inside_index[i])] = evaluated[i];
            for (long k = 0; k < round && static_cast<Eigen::Index>(accepted_distance.size()) < n; ++k) {
                ++proposed, ++total;
                // A run without a value (infinite distance) is never accepted, not even by the prior's generation.
                if (!std::isfinite(d[static_cast<std::size_t>(k)]) || d[static_cast<std::size_t>(k)] > tolerance) continue;
                const auto i = static_cast<Eigen::Index>(accepted_distance.size());
                const auto& theta = thetas[static_cast<std::size_t>(k)];
                accepted.row(i) = theta.transpose();
                log_weights[i] = previous ? log_prior(ps, theta) - previous->log_mixture(theta) : 0.0;
                accepted_distance.push_back(d[static_cast<std::size_t>(k)]);
            }
        }
        Eigen::VectorXd w = (log_weights.array() - log_weights.maxCoeff()).exp();
        w /= w.sum();
        result.generations.push_back({tolerance, static_cast<double>(n) / static_cast<double>(proposed), effective_sample_size(w), proposed});
        result.particles = accepted, result.weights = w, result.distances = accepted_distance;
        tolerance = std::max(s.minimum_tolerance, quantile(accepted_distance, s.tolerance_quantile));  // type 7, as every output
        previous = std::make_unique<ParticleSet>(accepted, w);
        if (on_generation) on_generation(result);
    }
    return result;
}

AbcSmcResult abc_smc(const std::vector<FreeParameter>& ps, const AbcDistance& distance, const AbcSmcSettings& s,
                     const std::atomic<bool>* cancel) {
    const AbcBatchDistance batch = [&distance](const std::vector<Eigen::VectorXd>& thetas, const std::vector<std::uint64_t>& keys) {
        std::vector<double> d(thetas.size());
        tbb::parallel_for(std::size_t{0}, thetas.size(), [&](std::size_t i) { d[i] = distance(thetas[i], keys[i]); });
        return d;
    };
    return abc_smc(ps, batch, s, cancel);
}

}  // namespace pcnsim
