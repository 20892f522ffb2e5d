// Calibration benchmark: what a calibration's time goes on. Model evaluations (the calibrated
// scenario at parameter sets drawn from the priors, side by side on T threads as a calibration runs
// them) in evaluations and agent-weeks per second, with and without the counterfactual arm a
// calibration skips; and Gaussian-process emulator fits for n design points, one per target.
//
//   build/release/bench/calibration [--config FILE] [--evaluations N] [--threads T[,T...]] [--design N[,N...]]
//
// Default: calibration/examples/published-tables/calibration.toml, 40 evaluations, threads 1,2,
// designs of 60 and 120 points.
#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "sim/calibration/calibration.hpp"
#include "sim/calibration/substreams.hpp"
#include "sim/core/rng.hpp"
#include "sim/stats/emulator.hpp"

using namespace pcnsim;
using namespace pcnsim::bench;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Parameter sets from the priors (keyed, so every row of the table uses the same ones).
std::vector<Eigen::VectorXd> prior_draws(const CalibrationConfig& c, int n) {
    const auto params = free_parameters(c);
    std::vector<Eigen::VectorXd> out;
    for (int j = 0; j < n; ++j) {
        Draws d(RunKey{c.seed, 0, 0}, static_cast<std::uint32_t>(j), 0, Stream::calibration, calibration_substream::benchmark);
        Eigen::VectorXd theta(static_cast<Eigen::Index>(params.size()));
        for (std::size_t k = 0; k < params.size(); ++k) theta[static_cast<Eigen::Index>(k)] = params[k].quantile(d.uniform());
        out.push_back(theta);
    }
    return out;
}

// Evaluations side by side, as calibrate() runs them; with `both_arms`, full runs instead.
std::vector<ModelOutput> evaluate_all(const CalibrationConfig& c, const std::vector<Eigen::VectorXd>& thetas, bool both_arms) {
    const CalibrationModel model(c);
    std::vector<ModelOutput> out(thetas.size());
    tbb::parallel_for(std::size_t{0}, thetas.size(), [&](std::size_t i) {
        if (both_arms) out[i].mean = model.simulate(model.scenario_for(thetas[i], i), nullptr, true).front();
        else out[i] = model.evaluate(thetas[i], i);
    });
    return out;
}

// Agent-weeks assume a synthetic population (list size x PCNs), as the examples have; arms as run.
void time_evaluations(const CalibrationConfig& c, const std::vector<Eigen::VectorXd>& thetas, const std::vector<long>& threads) {
    const double agents = c.scenario.population.synthetic.list_size * std::max(1, c.scenario.population.synthetic.pcns);
    const double weeks = c.scenario.run.warmup_weeks + c.scenario.run.weeks;
    fmt::print("{:>8} {:>10} {:>12} {:>14} {:>16}\n", "threads", "arms", "wall s", "evaluations/s", "agent-weeks/s");
    for (const long t : threads)
        for (const bool both : {false, true}) {
            tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(t));
            const auto start = std::chrono::steady_clock::now();
            evaluate_all(c, thetas, both);
            const double wall = seconds_since(start);
            const double runs = static_cast<double>(thetas.size()) * c.replications;
            const double agent_weeks = runs * agents * weeks * (both ? 2 : 1);
            fmt::print("{:>8} {:>10} {:>12.2f} {:>14.1f} {:>16.3g}\n", t, both ? "both" : "scenario", wall,
                       static_cast<double>(thetas.size()) / wall, agent_weeks / wall);
        }
}

// One emulator per target on the first n evaluations (inputs scaled to [0, 1]), fitted in turn.
void time_emulators(const CalibrationConfig& c, const std::vector<Eigen::VectorXd>& thetas, const std::vector<ModelOutput>& outputs,
                    long n) {
    const auto params = free_parameters(c);
    Eigen::MatrixXd x(n, static_cast<Eigen::Index>(params.size()));
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index k = 0; k < x.cols(); ++k) {
            const auto& p = params[static_cast<std::size_t>(k)];
            x(i, k) = (thetas[static_cast<std::size_t>(i)][k] - p.lower) / (p.upper - p.lower);
        }
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t target = 0; target < c.targets.size(); ++target) {
        Eigen::VectorXd y(n), noise(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            y[i] = outputs[static_cast<std::size_t>(i)].mean[target];
            noise[i] = outputs[static_cast<std::size_t>(i)].run_variance[target] / c.replications;
        }
        Emulator::fit(x, y, noise);
    }
    const double wall = seconds_since(start);
    fmt::print("emulators: {} design points x {} inputs: {} fits in {:.2f} s ({:.3f} s each, one thread)\n", n, x.cols(), c.targets.size(),
               wall, wall / static_cast<double>(c.targets.size()));
}

}  // namespace

int main(int argc, char** argv) {
    std::string path = "calibration/examples/published-tables/calibration.toml";
    long evaluations = 40;
    std::vector<long> threads{1, 2}, designs{60, 120};
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--config")) path = argv[i + 1];
        else if (!std::strcmp(argv[i], "--evaluations")) evaluations = std::stol(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--threads")) threads = parse_list(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--design")) designs = parse_list(argv[i + 1]);
    }
    Problems problems;
    const auto c = load_calibration_config(path, {}, problems);
    if (!problems.empty()) {
        for (const auto& p : problems) fmt::print(stderr, "{}\n", p.to_string());
        return 2;
    }
    fmt::print("{}: {} free parameters, {} targets, {} replication(s) per evaluation, {} + {} weeks\n", path, c.parameters.size(),
               c.targets.size(), c.replications, c.scenario.run.warmup_weeks, c.scenario.run.weeks);
    const auto thetas = prior_draws(c, static_cast<int>(std::max(evaluations, *std::max_element(designs.begin(), designs.end()))));
    time_evaluations(c, {thetas.begin(), thetas.begin() + evaluations}, threads);
    const auto outputs = evaluate_all(c, thetas, false);
    for (const long n : designs) time_emulators(c, thetas, outputs, n);
    return 0;
}
