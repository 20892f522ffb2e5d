#include "sim/validation/validation.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

#include "sim/core/agent_store.hpp"
#include "sim/output/format.hpp"
#include "sim/output/metrics.hpp"
#include "sim/output/run_values.hpp"
#include "sim/processes/activation_confounding.hpp"
#include "sim/stats/descriptive.hpp"
#include "sim/stats/regression.hpp"

namespace pcnsim {
namespace {

constexpr std::size_t kCounterfactual = 1;  // PatientExtractRows::by_arm: scenario, counterfactual

struct Estimate {
    double value = 0, low = 0, high = 0;
    std::string basis;
};

// Mean over runs with a t-interval (the runs are independent replications of the population).
Estimate over_runs(const std::vector<double>& values) {
    static constexpr double kT975[] = {0, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228};
    const auto n = values.size();
    double mean = 0;
    for (double v : values) mean += v / static_cast<double>(n);
    if (n < 2) return {mean, mean, mean, "one run: no interval"};
    const double t = n <= 10 ? kT975[n - 1] : 1.96 + 2.5 / static_cast<double>(n);
    const double half = t * std::sqrt(sample_variance(values, mean) / static_cast<double>(n));
    return {mean, mean - half, mean + half, fmt::format("mean of {} runs, t-interval", n)};
}

// A metric of one arm over the whole horizon, per run: a flow per patient-year, a stock or ratio as
// its horizon value.
std::vector<double> metric_by_run(const RunResult& run, const std::string& name, Arm arm, std::size_t group = 0) {
    const MetricInfo* m = find_metric(name);
    if (!m) throw std::logic_error("no metric " + name);
    std::vector<double> values;
    for (const auto& rep : run.replications) {
        const auto& weeks = rep.arm(arm);
        const auto [total, per_1000] = metric_over_weeks(*m, weeks, 0, weeks.size(), group, parameters_of(run, rep));
        values.push_back(m->kind == MetricKind::flow ? per_1000 / 1000.0 : total);
    }
    return values;
}

// The counterfactual arm's rows of one run, by slot and year.
using RowsBySlot = std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<const PatientYear*>>;  // (pcn, slot) -> years

const std::vector<PatientYear>& rows_of(const ReplicationResult& rep) { return rep.patients.by_arm[kCounterfactual]; }

bool adult_at_start(const PatientYear& r) { return r.at_start.age >= kAdultAge; }
bool first_year(const PatientYear& r) { return r.first_week < 52; }

// --- Barker et al.'s regression (MODEL.md section 5) -------------------------------------------

enum class Service { gp, ae, admissions };
constexpr const char* kServicePrefix[] = {"gp", "ae", "admission"};
double count_of(const PatientYear& r, Service s) {
    switch (s) {
        case Service::gp: return r.gp_appointments;
        case Service::ae: return r.ae_attendances;
        case Service::admissions: return r.emergency_admissions;
    }
    return 0;
}

struct RegressionRows {
    std::vector<const PatientYear*> rows;
};

// Adults' first reported year, every run pooled (runs are independent populations).
RegressionRows regression_rows(const RunResult& run) {
    RegressionRows out;
    for (const auto& rep : run.replications)
        for (const auto& r : rows_of(rep))
            if (first_year(r) && adult_at_start(r) && r.weeks_registered > 0) out.rows.push_back(&r);
    return out;
}

// Level 4 vs level 1 rate ratio of a Poisson regression on PAM level at the start of the year, with
// the exposure of the weeks registered; adjusted: also on age band, sex, IMD quintile, each
// condition, frailty and care home (what Barker et al. adjusted for, as the model holds it).
RatioInterval level_ratio(const RegressionRows& data, Service s, bool adjusted) {
    const auto n = static_cast<Eigen::Index>(data.rows.size());
    std::vector<int> level, band, sex, imd, frailty;
    std::vector<double> care_home;
    std::vector<std::vector<double>> condition(kConditionCount);
    Eigen::VectorXd y(n), exposure(n);
    for (Eigen::Index k = 0; k < n; ++k) {
        const auto& r = *data.rows[static_cast<std::size_t>(k)];
        level.push_back(pam_level(r.at_start.pam_score));
        band.push_back(service_age_band_of(r.at_start.age));
        sex.push_back(r.at_start.sex);
        imd.push_back(r.at_start.imd_quintile);
        frailty.push_back(r.at_start.frailty);
        care_home.push_back(r.at_start.care_home);
        for (int c = 0; c < kConditionCount; ++c) condition[static_cast<std::size_t>(c)].push_back((r.at_start.conditions >> c) & 1);
        y(k) = count_of(r, s);
        exposure(k) = r.weeks_registered / 52.0;
    }
    DesignMatrix d(n);
    d.add_intercept().add_categorical("pam_level", level, 1);
    if (adjusted) {
        d.add_categorical("age_band", band, service_age_band_of(45)).add_categorical("sex", sex, 0).add_categorical("imd", imd, 3);
        for (int c = 0; c < kConditionCount; ++c) d.add_numeric(kConditionNames[c], condition[static_cast<std::size_t>(c)]);
        d.add_categorical("frailty", frailty, 0).add_numeric("care_home", care_home);
    }
    const auto fit = poisson_regression(d.matrix(), y, &exposure);
    if (!fit.converged) throw std::runtime_error("validation: the level regression did not converge");
    return rate_ratio(fit, d.index_of("pam_level=4"));
}

// --- the checks ----------------------------------------------------------------------------------

ValidationCheck with_model(ValidationCheck c, const Estimate& e) {
    c.model = e.value, c.model_low = e.low, c.model_high = e.high, c.model_basis = e.basis;
    return c;
}

void baseline_use(const RunResult& run, std::vector<ValidationCheck>& out) {
    const std::string basis = "PARAMETERS.md range";
    out.push_back(with_model({"baseline use", "GP appointments per patient-year", 5.9, 5.2, 6.5, basis,
                              "Appointments in General Practice 2024 (~370M / ~63M registered)"},
                             over_runs(metric_by_run(run, "gp_appointments", Arm::counterfactual))));
    out.push_back(with_model({"baseline use", "A&E attendances per patient-year", 0.44, 0.35, 0.50, basis, "RCEM 2022/23: 25.35M / ~57M"},
                             over_runs(metric_by_run(run, "ae_attendances", Arm::counterfactual))));
    out.push_back(with_model({"baseline use", "emergency admissions per patient-year", 0.11, 0.09, 0.12, basis,
                              "NAO / Health Foundation: 6.02M in 2017/18"},
                             over_runs(metric_by_run(run, "emergency_admissions", Arm::counterfactual))));
}

void activation(const RunResult& run, std::vector<ValidationCheck>& out) {
    out.push_back(with_model({"activation", "adults' mean PAM score", 55.1, 53.1, 57.1, "tolerance +-2 points (the level mix comes first)",
                              "Bu & Fancourt, BMC HSR 2021 (n = 15,877)"},
                             over_runs(metric_by_run(run, "pam_mean", Arm::counterfactual))));
    // Binomial 95% interval of a share among Barker et al.'s 12,270 adults.
    constexpr double kShares[] = {0.22, 0.19, 0.46, 0.13};
    for (int l = 1; l <= 4; ++l) {
        const double p = kShares[l - 1], half = 1.96 * std::sqrt(p * (1 - p) / 12270.0);
        out.push_back(with_model({"activation", fmt::format("share of adults at PAM level {}", l), p, p - half, p + half,
                                  "binomial 95% interval of the published share (n = 12,270)",
                                  "Barker et al., BMJ Qual Saf 2018 (Islington)"},
                                 over_runs(metric_by_run(run, fmt::format("pam_level_{}_share", l), Arm::counterfactual))));
    }
}

Estimate from_ratio(const LevelRatio& r) { return {r.estimate, r.lower, r.upper, "Poisson regression, robust 95% interval"}; }

void gradient(const RunResult& run, std::vector<ValidationCheck>& out) {
    const auto fits = barker_regressions(run);
    const char* names[] = {"GP appointments", "A&E attendances", "emergency admissions"};
    // Barker et al. 2018, adjusted level 4 vs level 1 rate ratios and their 95% intervals.
    const double adjusted[3][3] = {{0.82, 0.79, 0.86}, {0.68, 0.60, 0.78}, {0.62, 0.51, 0.75}};
    // Unadjusted level 1 / level 4 ratios of Barker's means, with an approximate 95% interval from
    // the group sizes (22% and 13% of 12,270) and over-dispersion (docs/validation.md).
    const double unadjusted[3][3] = {{1.40, 1.32, 1.49}, {1.74, 1.54, 1.97}, {1.87, 1.58, 2.22}};
    for (std::size_t s = 0; s < 3; ++s)
        out.push_back(with_model({"gradient", fmt::format("adjusted rate ratio level 4 vs 1, {}", names[s]), adjusted[s][0], adjusted[s][1],
                                  adjusted[s][2], "published 95% interval", "Barker et al. 2018, adjusted for age, sex, deprivation, conditions"},
                                 from_ratio(fits.adjusted_4_vs_1[s])));
    for (std::size_t s = 0; s < 3; ++s)
        out.push_back(with_model({"gradient", fmt::format("unadjusted ratio level 1 / level 4, {}", names[s]), unadjusted[s][0],
                                  unadjusted[s][1], unadjusted[s][2], "approximate 95% interval from the published group sizes",
                                  "Barker et al. 2018, unadjusted means by level"},
                                 from_ratio(fits.unadjusted_1_vs_4[s])));
}

// Each run's slots followed from the first reported year to the second (the same occupant: the
// second year's row opened at its start, with the age a year on and the same sex).
template <class F>
void for_each_followed(const ReplicationResult& rep, F&& f) {
    std::map<std::pair<std::uint32_t, std::uint32_t>, const PatientYear*> first;
    for (const auto& r : rows_of(rep))
        if (r.first_week == 0 && r.weeks_registered == 52) first[{r.pcn, r.slot}] = &r;
    for (const auto& r : rows_of(rep)) {
        if (r.first_week != 52) continue;
        const auto it = first.find({r.pcn, r.slot});
        if (it == first.end()) continue;
        const auto& a = it->second->at_start;
        if (a.sex == r.at_start.sex && r.at_start.age - a.age <= 1 && r.at_start.age >= a.age) f(*it->second, r);
    }
}

void dynamics(const RunResult& run, std::vector<ValidationCheck>& out) {
    std::vector<double> changed, up, roland;
    for (const auto& rep : run.replications) {
        double n = 0, moved = 0, rose = 0, admissions_before = 0, admissions_after = 0;
        for_each_followed(rep, [&](const PatientYear& y1, const PatientYear& y2) {
            if (y1.at_start.age < 65) return;
            if (y2.weeks_registered == 52) {
                const int l1 = pam_level(y1.at_start.pam_score), l2 = pam_level(y2.at_start.pam_score);
                n += 1, moved += l1 != l2, rose += l2 > l1;
            }
            if (y1.emergency_admissions >= 2) admissions_before += y1.emergency_admissions, admissions_after += y2.emergency_admissions;
        });
        changed.push_back(moved / n);
        up.push_back(rose / moved);
        roland.push_back(1 - admissions_after / admissions_before);
    }
    const std::string tolerance = "tolerance +-5 points (no interval published)";
    const std::string source = "US 65+ cohort, J Am Geriatr Soc 2012";
    out.push_back(with_model({"dynamics", "share of adults 65+ changing PAM level in a year", 0.52, 0.47, 0.57, tolerance, source},
                             over_runs(changed)));
    out.push_back(with_model({"dynamics", "of those changing, share moving up", 0.54, 0.49, 0.59, tolerance, source}, over_runs(up)));
    out.push_back(with_model({"dynamics", "fall in next-year admissions, 65+ with 2+ emergency admissions (no intervention)", 0.55, 0.40, 0.70,
                              "PARAMETERS.md: high-user cohorts fall 40-70%", "Roland et al., BMJ 2005; Finkelstein et al., NEJM 2020"},
                             over_runs(roland)));
}

// Deeny et al.: the share of a service avoided if every level-1 adult had level-4 rates, with the
// whole adjusted gradient causal (causal_share 1): each level-1 adult's use scaled by the causal
// multiplier from their score to the level-4 adults' mean score.
void upper_bound(const RunResult& run, std::vector<ValidationCheck>& out) {
    const char* names[] = {"A&E attendances", "emergency admissions"};
    const Service services[] = {Service::ae, Service::admissions};
    const double published[] = {0.06, 0.07};
    for (int k = 0; k < 2; ++k) {
        std::vector<double> avoided;
        for (const auto& rep : run.replications) {
            const double log_rr = std::log(parameters_of(run, rep).get(std::string("activation.") + kServicePrefix[static_cast<int>(services[k])] +
                                                                       "_rr_per_10_points")) / 10.0;
            double level4_sum = 0, level4_n = 0, total = 0, saved = 0;
            for (const auto& r : rows_of(rep))
                if (first_year(r) && adult_at_start(r) && pam_level(r.at_start.pam_score) == 4) level4_sum += r.at_start.pam_score, level4_n += 1;
            const double level4_mean = level4_sum / level4_n;
            for (const auto& r : rows_of(rep)) {
                if (!first_year(r)) continue;
                const double y = count_of(r, services[k]);
                total += y;
                if (adult_at_start(r) && pam_level(r.at_start.pam_score) == 1)
                    saved += y * (1 - std::exp(log_rr * (level4_mean - r.at_start.pam_score)));
            }
            avoided.push_back(saved / total);
        }
        out.push_back(with_model({"upper bound", fmt::format("share of {} avoided if level 1 had level-4 rates (causal_share 1)", names[k]),
                                  published[k], published[k] - 0.02, published[k] + 0.02, "tolerance +-2 points (\"about\")",
                                  "Deeny et al., Health Foundation 2018"},
                                 over_runs(avoided)));
    }
}

void coaching_throughput(const RunResult& run, std::vector<ValidationCheck>& out) {
    const auto started = metric_by_run(run, "coaching_started", Arm::scenario);
    const auto wte_years = metric_by_run(run, "coach_wte_years", Arm::scenario);
    std::vector<double> per_wte_year;
    for (std::size_t k = 0; k < started.size(); ++k) {
        // metric_by_run gives flows per patient-year: both carry the same list-size factor.
        per_wte_year.push_back(wte_years[k] > 0 ? started[k] / wte_years[k] : 0.0);
    }
    out.push_back(with_model({"coaching", fmt::format("programmes started per coach WTE-year ({})", run.scenario.name), 125, 90, 160,
                              "PARAMETERS.md validation band", "Yeovil: 12,508 patients, 50 coaches, about 2 years (NHSE case study)"},
                             over_runs(per_wte_year)));
}

}  // namespace

BarkerRegressions barker_regressions(const RunResult& run) {
    const auto data = regression_rows(run);
    BarkerRegressions out;
    for (std::size_t s = 0; s < 3; ++s) {
        const auto adjusted = level_ratio(data, static_cast<Service>(s), true);
        const auto unadjusted = level_ratio(data, static_cast<Service>(s), false);
        out.adjusted_4_vs_1[s] = {adjusted.estimate, adjusted.lower, adjusted.upper};
        out.unadjusted_1_vs_4[s] = {1 / unadjusted.estimate, 1 / unadjusted.upper, 1 / unadjusted.lower};
    }
    return out;
}

std::vector<ValidationCheck> validation_checks(const RunResult& baseline, const RunResult* coaching) {
    if (baseline.replications.empty() || rows_of(baseline.replications.front()).empty())
        throw std::invalid_argument("validation needs the baseline run's patient rows (run.patient_extract)");
    if (baseline.scenario.run.weeks < 104) throw std::invalid_argument("validation needs at least two reported years (run.weeks >= 104)");
    std::vector<ValidationCheck> out;
    baseline_use(baseline, out);
    activation(baseline, out);
    gradient(baseline, out);
    dynamics(baseline, out);
    upper_bound(baseline, out);
    if (coaching) coaching_throughput(*coaching, out);
    return out;
}

std::string validation_csv(const std::vector<ValidationCheck>& checks) {
    std::string s = "area,check,published,band_low,band_high,band_basis,source,model,model_low,model_high,model_basis,within_band\n";
    for (const auto& c : checks)
        s += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_text(c.area), csv_text(c.check), format_number(c.published),
                         format_number(c.band_low), format_number(c.band_high), csv_text(c.band_basis), csv_text(c.source),
                         format_number(c.model), format_number(c.model_low), format_number(c.model_high), csv_text(c.model_basis),
                         c.within() ? "yes" : "no");
    return s;
}

std::string validation_table(const std::vector<ValidationCheck>& checks) {
    std::string s = fmt::format("{:<78} {:>9} {:>19} {:>9} {:>19} {}\n", "check", "published", "band", "model", "model 95%", "within");
    for (const auto& c : checks)
        s += fmt::format("{:<78} {:>9.4g} {:>19} {:>9.4g} {:>19} {}\n", c.check, c.published, fmt::format("{:.4g}-{:.4g}", c.band_low, c.band_high),
                         c.model, fmt::format("{:.4g}-{:.4g}", c.model_low, c.model_high), c.within() ? "yes" : "NO");
    return s;
}

}  // namespace pcnsim
