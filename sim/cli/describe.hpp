#pragma once
// Text descriptions for the CLI: input problems, the population, the parameter table, the metric
// catalogue and a run's headline summary.
#include <iosfwd>
#include <string>

#include "sim/core/problems.hpp"
#include "sim/engine/ensemble.hpp"
#include "sim/output/comparison.hpp"

namespace pcnsim {

// Every command's report of bad input: one "file:line: key: message" line per problem, then their
// count. Returns the exit code of bad input, 2.
int report_problems(const Problems& problems, std::ostream& out);

void describe_population(const Population& population, std::ostream& out);
void print_parameters(std::ostream& out, bool markdown);
void print_metrics(std::ostream& out, bool markdown);
void print_run_summary(const RunResult& run, std::ostream& out);
// The ranked table of `pcnsim compare`; `first` supplies the population and horizon line.
// The answer in one sentence and the assumption it rides on, as the report words them, read back
// from a comparison folder just written.
void print_answer(const std::string& folder, std::ostream& out);

void print_comparison(const std::vector<ComparisonRow>& table, const std::string& rank_by, const RunResult& first, std::ostream& out);

}  // namespace pcnsim
