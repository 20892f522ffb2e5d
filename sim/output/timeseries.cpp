#include "sim/output/timeseries.hpp"

#include "sim/core/file_io.hpp"
#include "sim/output/format.hpp"
#include "sim/output/run_values.hpp"
#include "sim/stats/descriptive.hpp"

namespace pcnsim {
namespace fs = std::filesystem;
namespace {

// Calls f(week, metric, group) for every cell timeseries.csv reports, in its row order.
template <class F>
void for_each_reported_cell(std::size_t weeks, const std::vector<GroupKey>& keys, F&& f) {
    for (std::size_t w = 0; w < weeks; ++w)
        for (const auto& m : metric_catalogue())
            for (std::size_t g = 0; g < keys.size(); ++g)
                if (reported_for(m, keys[g])) f(w, m, g);
}

}  // namespace

void write_timeseries(const RunResult& run, const fs::path& path) {
    OutputFile out(path);
    out.print("scenario,arm,replication,week,metric,group_by,group,value\n");
    const auto keys = run_group_keys(run);
    for (const View view : kViews)
        for (std::size_t r = 0; r < run.replications.size(); ++r) {
            const auto& rep = run.replications[r];
            for_each_reported_cell(rep.weeks.size(), keys, [&](std::size_t w, const MetricInfo& m, std::size_t g) {
                out.print("{},{},{},{},{},{},{},{}\n", run.scenario.name, view_name(view), r, w, m.name, keys[g].group_by,
                          keys[g].group, format_number(view_value(m, rep, w, g, view, parameters_of(run, rep))));
            });
        }
    out.close();  // inside the caller's try: a failed flush is an error, not std::terminate
}

void write_timeseries_bands(const RunResult& run, const fs::path& path) {
    OutputFile out(path);
    out.print("scenario,arm,week,metric,group_by,group,mean,p2_5,p25,median,p75,p97_5\n");
    const auto keys = run_group_keys(run);
    const std::size_t weeks = run.replications.empty() ? 0 : run.replications.front().weeks.size();
    std::vector<double> values(run.replications.size());
    for (const View view : kViews)
        for_each_reported_cell(weeks, keys, [&](std::size_t w, const MetricInfo& m, std::size_t g) {
            for (std::size_t r = 0; r < values.size(); ++r)
                values[r] = view_value(m, run.replications[r], w, g, view, parameters_of(run, run.replications[r]));
            const auto s = spread_of(values);
            out.print("{},{},{},{},{},{},{},{},{},{},{},{}\n", run.scenario.name, view_name(view), w, m.name, keys[g].group_by,
                      keys[g].group, format_number(s.mean), format_number(s.p2_5), format_number(s.p25), format_number(s.median),
                      format_number(s.p75), format_number(s.p97_5));
        });
    out.close();
}

}  // namespace pcnsim
