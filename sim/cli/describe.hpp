#pragma once
// Text descriptions for the CLI: the population, the parameter table, the metric catalogue and a
// run's headline summary.
#include <iosfwd>
#include <string>

#include "sim/core/engine.hpp"
#include "sim/output/comparison.hpp"

namespace pcnsim {

void describe_population(const Population& population, std::ostream& out);
void print_parameters(std::ostream& out, bool markdown);
void print_metrics(std::ostream& out, bool markdown);
void print_run_summary(const RunResult& run, std::ostream& out);
// The ranked table of `pcnsim compare`; `first` supplies the population and horizon line.
void print_comparison(const std::vector<ComparisonRow>& table, const std::string& rank_by, const RunResult& first, std::ostream& out);

}  // namespace pcnsim
