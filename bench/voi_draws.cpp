// How many PSA draws a stable EVPI / EVPPI estimate needs (docs/economics.md, "Value of
// information"): the spread of the estimators over independent PSA samples of a toy decision whose
// answers are known, and the standard error they report beside it.
//
//   build/release/bench/voi_draws [--draws S[,S...]] [--seeds N] [--group]
//
// The toy: option 0 (net benefit 0) against option 1 with net benefit a + b1 X1 + b2 X2 + sd e,
// X1, X2, e independent standard normal; a = 0.25, b1 = 1, b2 = 0.5, sd = 1: the noise (a
// simulation's replication noise) as large as the main parameter's effect. EVPPI(X1) =
// E[max(0, a + b1 X1)] - max(0, a) and likewise for X2, (X1, X2) and the EVPI of the noisy net
// benefit, from E[max(0, m + s Z)] = m Phi(m / s) + s phi(m / s). Default: S = 100, 200, 500,
// 1000, 2000 with 50 seeds; --group adds the Gaussian-process EVPPI of (X1, X2) (slow at large S).
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "sim/stats/descriptive.hpp"
#include "sim/stats/voi.hpp"

using namespace pcnsim;

namespace {

constexpr double kA = 0.25, kB1 = 1.0, kB2 = 0.5, kNoise = 1.0;

// E[max(0, m + s Z)] - max(0, m).
double expected_gain(double m, double s) {
    const double z = m / s;
    const double phi = std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi);
    const double cdf = 0.5 * std::erfc(-z / std::sqrt(2.0));
    return m * cdf + s * phi - std::max(m, 0.0);
}

struct Sample {
    Eigen::MatrixXd nb, x;
};

Sample toy(int draws, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    Sample s{Eigen::MatrixXd::Zero(draws, 2), Eigen::MatrixXd(draws, 2)};
    for (int i = 0; i < draws; ++i) {
        s.x(i, 0) = normal(rng), s.x(i, 1) = normal(rng);
        s.nb(i, 1) = kA + kB1 * s.x(i, 0) + kB2 * s.x(i, 1) + kNoise * normal(rng);
    }
    return s;
}

struct Column {
    std::string name;
    double truth = 0;
    std::vector<double> values, errors;
};

void print_column(int draws, const Column& c) {
    const double mean = Eigen::Map<const Eigen::VectorXd>(c.values.data(), static_cast<Eigen::Index>(c.values.size())).mean();
    const double sd = std::sqrt(sample_variance(c.values, mean));
    double se = 0;
    for (const double e : c.errors) se += e / static_cast<double>(c.errors.size());
    fmt::print("| {} | {} | {:.4f} | {:.4f} | {:.4f} | {:.0f}% | {:.4f} |\n", draws, c.name, c.truth, mean, sd, 100 * sd / c.truth, se);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<long> draw_counts = {100, 200, 500, 1000, 2000};
    int seeds = 50;
    bool group = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--draws") && i + 1 < argc) draw_counts = bench::parse_list(argv[++i]);
        else if (!std::strcmp(argv[i], "--seeds") && i + 1 < argc) seeds = std::stoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--group")) group = true;
        else return fmt::print(stderr, "usage: voi_draws [--draws S[,S...]] [--seeds N] [--group]\n"), 2;
    }
    fmt::print("| draws S | estimate | true value | mean over seeds | SD over seeds | SD / true | mean reported SE |\n");
    fmt::print("|---|---|---|---|---|---|---|\n");
    for (const long s : draw_counts) {
        const auto start = std::chrono::steady_clock::now();
        Column x1{"EVPPI(X1)", expected_gain(kA, kB1), {}, {}}, x2{"EVPPI(X2)", expected_gain(kA, kB2), {}, {}};
        Column both{"EVPPI(X1,X2)", expected_gain(kA, std::hypot(kB1, kB2)), {}, {}};
        Column all{"EVPI", expected_gain(kA, std::hypot(kB1, kB2, kNoise)), {}, {}};
        for (int k = 0; k < seeds; ++k) {
            const auto t = toy(static_cast<int>(s), 1000 + static_cast<std::uint64_t>(k));
            const auto add = [](Column& c, VoiEstimate e) { c.values.push_back(e.value), c.errors.push_back(e.standard_error); };
            add(x1, evppi(t.nb, t.x.col(0)));
            add(x2, evppi(t.nb, t.x.col(1)));
            if (group) add(both, evppi(t.nb, t.x));
            add(all, evpi(t.nb));
        }
        print_column(static_cast<int>(s), x1);
        print_column(static_cast<int>(s), x2);
        if (group) print_column(static_cast<int>(s), both);
        print_column(static_cast<int>(s), all);
        fmt::print(stderr, "S = {}: {:.1f} s for {} seeds\n", s,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), seeds);
    }
    return 0;
}
