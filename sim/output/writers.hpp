#pragma once
// Every output file writer of sim/output, for code that wants them all. New code includes the
// header it needs:
//   output_folder.hpp      OutputOptions; checking an output folder; writing it atomically
//   run_folder.hpp         a run's folder (write_run_outputs)
//   comparison_folder.hpp  a compare's or sweep's folder (write_comparison_outputs, SweepGrid)
//   comparison.hpp         the ranking (compare_runs) and the paired differences
//   summary.hpp            the rows of summary.csv (summarise)
//   run_values.hpp         output groups, views and a metric over weeks
//   timeseries.hpp         timeseries.csv, per run or as bands
//   manifest.hpp           manifest.json (provenance, parameters, posterior)
//   format.hpp             numbers as the files write them
// The statistics the writers use are in sim/stats.
#include "sim/output/comparison.hpp"
#include "sim/output/comparison_folder.hpp"
#include "sim/output/format.hpp"
#include "sim/output/manifest.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/output/run_folder.hpp"
#include "sim/output/run_values.hpp"
#include "sim/output/summary.hpp"
#include "sim/output/timeseries.hpp"
#include "sim/stats/descriptive.hpp"
#include "sim/stats/frontier.hpp"
