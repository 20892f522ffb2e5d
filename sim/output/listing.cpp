#include "sim/output/listing.hpp"

#include <fmt/format.h>

namespace pcnsim {
namespace {
const char* report_file(const OutputOptions& output) { return output.report ? "report.html, " : ""; }
}  // namespace

std::string run_folder_listing(const OutputOptions& output) {
    return fmt::format("{}/ ({}timeseries.csv, summary.csv, economics.csv, net_benefit_by_week.csv, activity_by_week.csv, ceac.csv, manifest.json)", output.dir, report_file(output));
}

std::string comparison_folder_listing(const OutputOptions& output, bool sweep) {
    return fmt::format("{}/ ({}{}comparison.csv, ceac.csv, manifest.json, one folder per scenario)", output.dir, report_file(output),
                       sweep ? "sweep.csv, " : "differences.csv, ");
}

std::string calibration_folder_listing(const OutputOptions& output) {
    return fmt::format("{}/ (posterior.csv, posterior_summary.csv, diagnostics.csv, predictive_check.csv, manifest.json)", output.dir);
}

}  // namespace pcnsim
