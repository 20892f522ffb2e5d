#pragma once
// Validation against published evidence (MODEL.md section 12): the model's values beside the
// published ones it was built from, each with a band, and whether the model falls inside it. A
// check outside its band is reported, never hidden; docs/validation.md explains each miss.
#include <array>
#include <string>
#include <vector>

#include "sim/engine/ensemble.hpp"

namespace pcnsim {

struct ValidationCheck {
    std::string area = {};  // baseline use, activation, gradient, dynamics, coaching, upper bound
    std::string check = {};
    double published = 0;
    double band_low = 0, band_high = 0;
    std::string band_basis = {};  // what the band is: a published interval, a PARAMETERS.md range, a tolerance
    std::string source = {};
    double model = 0, model_low = 0, model_high = 0;
    std::string model_basis = {};  // how the model's interval was found
    bool within() const { return model >= band_low && model <= band_high; }
};

// Barker et al.'s regressions on a run's patient rows (its counterfactual arm, adults, the first
// reported year, every replication pooled): the level-4 vs level-1 rate ratio of GP appointments,
// A&E attendances and emergency admissions, adjusted for age band, sex, IMD quintile, conditions,
// frailty and care home, and unadjusted (level 1 over level 4), with robust 95% intervals.
struct LevelRatio {
    double estimate = 0, lower = 0, upper = 0;
};
struct BarkerRegressions {
    std::array<LevelRatio, 3> adjusted_4_vs_1;    // GP, A&E, admissions
    std::array<LevelRatio, 3> unadjusted_1_vs_4;
};
BarkerRegressions barker_regressions(const RunResult& run);

// The checks from a run of the population with the patient extract on (its counterfactual arm is
// the population without coaching) and a coaching run for coach throughput (null: that check is
// left out). Throws std::invalid_argument when the baseline run has no patient rows or fewer than
// two reported years.
std::vector<ValidationCheck> validation_checks(const RunResult& baseline, const RunResult* coaching);

// validation.csv: one row per check.
std::string validation_csv(const std::vector<ValidationCheck>& checks);
// The table printed on the terminal.
std::string validation_table(const std::vector<ValidationCheck>& checks);

}  // namespace pcnsim
