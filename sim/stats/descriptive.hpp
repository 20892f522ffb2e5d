#pragma once
// Descriptive statistics of a sample of runs: type-7 quantiles, the spread every output interval
// reports, the sample variance. Pure functions of the values (no model types, no files).
#include <vector>

namespace pcnsim {

// The p-th quantile (0-1) of the values, linearly interpolated between order statistics (Hyndman
// and Fan type 7, as R and NumPy by default). Requires at least one value.
double quantile(std::vector<double> values, double p);
// The same of values already in ascending order.
double quantile_of_sorted(const std::vector<double>& sorted, double p);

// The mean and the 2.5th, 50th and 97.5th percentiles (type 7) of the values over runs, as every
// output with an interval reports them, and the 25th and 75th (the report's inner band).
struct Spread {
    double mean = 0, p2_5 = 0, median = 0, p97_5 = 0;
    double p25 = 0, p75 = 0;
};
// Requires at least one value.
Spread spread_of(std::vector<double> values);

// The sample variance about `mean` (divisor n - 1; 0 for a single value). Empty: 0.
double sample_variance(const std::vector<double>& values, double mean);

}  // namespace pcnsim
