#include "sim/calibration/abc_smc.hpp"

#include <algorithm>
#include <iterator>
#include <memory>
#include <numbers>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

#include "sim/core/distributions.hpp"
#include "sim/core/parallel.hpp"
#include "sim/core/rng.hpp"
#include "sim/calibration/substreams.hpp"
#include "sim/stats/descriptive.hpp"
#include "sim/stats/weighted.hpp"

namespace pcnsim {
namespace {

constexpr double kUnbounded = std::numeric_limits<double>::infinity();

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
        double top = -kUnbounded;
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

// One generation's accepted particles as they come in.
struct Generation {
    Eigen::MatrixXd accepted;
    Eigen::VectorXd log_weights;
    std::vector<double> distances;
    long proposed = 0;

    Generation(Eigen::Index n, Eigen::Index dims) : accepted(n, dims), log_weights(n) {}
    bool full() const { return static_cast<Eigen::Index>(distances.size()) >= accepted.rows(); }
};

// A round of proposals with their distances (infinite for those not evaluated).
struct Round {
    std::vector<Eigen::VectorXd> thetas;
    std::vector<double> distance;
};

// Proposals first, first + 1, ... of generation t. Only those inside the prior's support are
// evaluated: outside it the prior density is 0, so they could never be accepted. Empty when
// cancelled during the evaluation, whose distances may then be incomplete.
std::optional<Round> evaluate_round(const std::vector<FreeParameter>& ps, const AbcBatchDistance& distance, const ParticleSet* previous,
                                    const AbcSmcSettings& s, int t, long first, long size, const std::atomic<bool>* cancel) {
    Round round;
    round.thetas.resize(static_cast<std::size_t>(size));
    std::vector<Eigen::VectorXd> inside;
    std::vector<std::uint64_t> keys;
    std::vector<long> inside_index;
    for (long k = 0; k < size; ++k) {
        round.thetas[static_cast<std::size_t>(k)] = propose(ps, previous, s, t, first + k);
        if (!in_support(ps, round.thetas[static_cast<std::size_t>(k)])) continue;
        inside.push_back(round.thetas[static_cast<std::size_t>(k)]);
        keys.push_back(evaluation_key(t, first + k));
        inside_index.push_back(k);
    }
    const auto evaluated = inside.empty() ? std::vector<double>{} : distance(inside, keys);
    if (cancel && cancel->load()) return std::nullopt;
    round.distance.assign(static_cast<std::size_t>(size), kUnbounded);
    for (std::size_t i = 0; i < inside_index.size(); ++i) round.distance[static_cast<std::size_t>(inside_index[i])] = evaluated[i];
    return round;
}

// Accepts the round's proposals within tolerance in index order until the generation is full, so
// the result does not depend on how the round's evaluations were spread over threads or ranks.
// Every proposal looked at counts as an evaluation, accepted or not.
void accept_in_order(const std::vector<FreeParameter>& ps, const ParticleSet* previous, const Round& round, double tolerance,
                     Generation& g, long& total) {
    for (std::size_t k = 0; k < round.thetas.size() && !g.full(); ++k) {
        ++g.proposed, ++total;
        const double d = round.distance[k];
        // A run without a value (infinite distance) is never accepted, not even by the prior's generation.
        if (!std::isfinite(d) || d > tolerance) continue;
        const auto i = static_cast<Eigen::Index>(g.distances.size());
        const auto& theta = round.thetas[k];
        g.accepted.row(i) = theta.transpose();
        // Importance weight prior / proposal; the prior's generation is sampled from the prior itself.
        g.log_weights[i] = previous ? log_prior(ps, theta) - previous->log_mixture(theta) : 0.0;
        g.distances.push_back(d);
    }
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
    double tolerance = kUnbounded;
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
        Generation g(n, dims);
        // Rounds of proposals, evaluated together, accepted in index order until n are in.
        while (!g.full()) {
            if (stopped() || total >= s.max_evaluations) {
                result.cancelled = stopped();
                result.budget_exhausted = !result.cancelled;
                return result;
            }
            const auto round = evaluate_round(ps, distance, previous.get(), s, t, g.proposed, std::max<long>(n, 64), cancel);
            if (!round) continue;  // the round may be incomplete: the check above returns
            accept_in_order(ps, previous.get(), *round, tolerance, g, total);
        }
        Eigen::VectorXd w = (g.log_weights.array() - g.log_weights.maxCoeff()).exp();
        w /= w.sum();
        result.generations.push_back({tolerance, static_cast<double>(n) / static_cast<double>(g.proposed), effective_sample_size(w), g.proposed});
        result.particles = g.accepted, result.weights = w, result.distances = g.distances;
        tolerance = std::max(s.minimum_tolerance, quantile(g.distances, s.tolerance_quantile));  // type 7, as every output
        previous = std::make_unique<ParticleSet>(g.accepted, w);
        if (on_generation) on_generation(result);
    }
    return result;
}

AbcSmcResult abc_smc(const std::vector<FreeParameter>& ps, const AbcDistance& distance, const AbcSmcSettings& s,
                     const std::atomic<bool>* cancel) {
    const AbcBatchDistance batch = [&distance](const std::vector<Eigen::VectorXd>& thetas, const std::vector<std::uint64_t>& keys) {
        std::vector<double> d(thetas.size());
        parallel_for_index(std::size_t{0}, thetas.size(), [&](std::size_t i) { d[i] = distance(thetas[i], keys[i]); });
        return d;
    };
    return abc_smc(ps, batch, s, cancel);
}

}  // namespace pcnsim
