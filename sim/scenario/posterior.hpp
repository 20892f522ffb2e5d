#pragma once
// Weighted posterior samples of model parameters, as `pcnsim calibrate` writes them (posterior.csv),
// for running scenarios under the calibrated uncertainty (`--posterior FILE --psa N`). File format:
// docs/calibration.md, "Running under the posterior".
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/problems.hpp"

namespace pcnsim {

struct PosteriorSamples {
    std::vector<std::string> names;           // parameter columns, in file order (declared dotted names)
    std::vector<int> indices;                 // Parameters::index_of(names[i])
    std::vector<int> samples;                 // the `sample` column of each row
    std::vector<std::vector<double>> rows;    // rows[r][i]: value of names[i] in row r
    std::vector<double> weights;              // normalised: non-negative, summing to 1
    std::string path;                         // as the user gave it
    std::uint64_t bytes = 0;                  // file size
    std::string digest;                       // SHA-256 of the file's bytes, 64 hex digits
    std::vector<std::string> warnings;        // legitimate but suspicious: printed and recorded in manifests

    // Whether the posterior sets parameter `index`.
    bool sets(int index) const;
};

// Columns sample, weight, then one per parameter by its dotted name. Every problem is reported as
// file:line: column: message (all of them, up to the per-file cap); with any, the result is empty.
// A file that differs from the digest recorded in the calibration's manifest.json beside it is refused
// (docs/calibration.md, "Running under the posterior").
PosteriorSamples load_posterior(const std::string& path, Problems& problems);

// The posterior row of each of `draws` draws, by stratified weighted resampling: draw k takes the row
// whose cumulative weight interval holds u_k = (k + U_k) / draws, U_k uniform keyed by (seed, k).
// A pure function of the seed, the weights and `draws`; rows come out in file order. Empty when no
// weight is positive.
std::vector<int> resample_posterior(const std::vector<double>& weights, std::uint64_t seed, int draws);

}  // namespace pcnsim
