#include "sim/output/ceac.hpp"

#include <algorithm>

#include "sim/core/file_io.hpp"
#include "sim/output/economics.hpp"
#include "sim/output/format.hpp"

namespace pcnsim {
namespace {

constexpr double kMaxThreshold = 50000, kThresholdStep = 1000;

// Each run's QALYs and economic net benefit (NHS) of one scenario.
struct RunValue {
    double qalys = 0, net_benefit = 0;
    double nmb(double threshold) const { return threshold * qalys + net_benefit; }
};

std::vector<RunValue> run_values(const RunResult& run) {
    std::vector<RunValue> out;
    for (const auto& rows : economics_by_replication(run))
        out.push_back({economics_value(rows, "qalys_gained").value_or(0.0), economics_value(rows, "net_benefit_economic_nhs").value_or(0.0)});
    return out;
}

}  // namespace

std::vector<CeacRow> ceac(const std::vector<RunResult>& runs) {
    std::vector<std::vector<RunValue>> values;
    for (const auto& run : runs) values.push_back(run_values(run));
    std::size_t n = values.empty() ? 0 : values.front().size();
    for (const auto& v : values) n = std::min(n, v.size());
    std::vector<CeacRow> rows;
    if (n == 0) return rows;
    for (double t = 0; t <= kMaxThreshold; t += kThresholdStep) {
        std::vector<double> effective(runs.size() + 1, 0.0), highest(runs.size() + 1, 0.0);
        for (std::size_t k = 0; k < n; ++k) {
            double best = 0;  // "no coaching"
            for (const auto& v : values) best = std::max(best, v[k].nmb(t));
            std::vector<std::size_t> winners;
            bool any_effective = false;
            for (std::size_t i = 0; i < runs.size(); ++i) {
                const double nmb = values[i][k].nmb(t);
                effective[i] += nmb > 0 ? 1 : 0;
                any_effective = any_effective || nmb > 0;
                if (nmb == best) winners.push_back(i);
            }
            if (best == 0) winners.push_back(runs.size());
            effective[runs.size()] += any_effective ? 0 : 1;
            for (const auto w : winners) highest[w] += 1.0 / static_cast<double>(winners.size());  // ties share the run
        }
        for (std::size_t i = 0; i <= runs.size(); ++i)
            rows.push_back({t, i < runs.size() ? runs[i].scenario.name : kNoCoaching, effective[i] / static_cast<double>(n),
                            highest[i] / static_cast<double>(n)});
    }
    return rows;
}

void write_ceac(const std::vector<RunResult>& runs, const std::filesystem::path& path) {
    OutputFile out(path);
    out.print("threshold,option,prob_cost_effective,prob_highest_nmb\n");
    for (const auto& r : ceac(runs))
        out.print("{},{},{},{}\n", format_number(r.threshold), csv_text(r.option), format_number(r.prob_cost_effective),
                  format_number(r.prob_highest_nmb));
    out.close();
}

}  // namespace pcnsim
