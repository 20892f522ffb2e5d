#pragma once
// Statistics of weighted samples (a posterior's particles and their weights). Pure functions.
#include <Eigen/Core>

namespace pcnsim {

// The weighted p-quantile (0-1): the smallest value whose cumulative weight reaches p of the total
// weight. The weights need not be normalised. Requires at least one value.
double weighted_quantile(const Eigen::VectorXd& values, const Eigen::VectorXd& weights, double p);

// Kish's effective sample size of normalised weights (summing to 1): 1 / sum of squared weights.
double effective_sample_size(const Eigen::VectorXd& normalised_weights);

}  // namespace pcnsim
