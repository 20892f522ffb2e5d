#pragma once
// The HTML report: one self-contained file (inline CSS and SVG, a few lines of optional script,
// a Content-Security-Policy that forbids every network request), readable with JavaScript off and
// printable on A4. Every number comes from the output files as read by report_data.hpp.
#include <string>

#include "viz/report_data.hpp"

namespace pcnsim::viz {

std::string render_report(const ReportData& data);

// Reads the folders and writes the report to `out` (a temporary file renamed into place). Throws
// InputError when the folders have problems; nothing is written then.
void write_report(const std::vector<std::string>& folders, const std::string& out);

}  // namespace pcnsim::viz
