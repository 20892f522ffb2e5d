#include "sim/output/patient_extract.hpp"

#include <algorithm>
#include <tuple>

#include "pcnsim_version.hpp"
#include "sim/core/file_io.hpp"
#include "sim/output/format.hpp"

namespace pcnsim {
namespace {

constexpr const char* kFrailtyNames[4] = {"fit", "mild", "moderate", "severe"};
constexpr const char* kArmNames[2] = {"scenario", "counterfactual"};

// The year, PCN and slot order; a slot's rows within a year keep the order they closed in
// (the leaver before the newcomer), which does not depend on threads.
std::vector<const PatientYear*> in_order(const std::vector<PatientYear>& rows) {
    std::vector<const PatientYear*> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(&r);
    std::stable_sort(out.begin(), out.end(), [](const PatientYear* x, const PatientYear* y) {
        return std::tuple(x->year(), x->pcn, x->slot) < std::tuple(y->year(), y->pcn, y->slot);
    });
    return out;
}

void write_attributes(OutputFile& out, const PatientAtStart& p) {
    out.print(",{},{},{},{}", p.age, kServiceAgeBandNames[service_age_band(p.age)], p.sex ? "male" : "female", p.imd_quintile);
    for (int c = 0; c < kConditionCount; ++c) out.print(",{}", (p.conditions >> c) & 1);
    out.print(",{},{},{}", kFrailtyNames[p.frailty & 3], p.care_home, p.repeat_meds);
    if (p.age >= kAdultAge) out.print(",{:.2f},{}", p.pam_score, pam_level(p.pam_score));
    else out.print(",,");
}

}  // namespace

void write_patient_extract(const RunResult& run, const std::filesystem::path& path) {
    const bool psa = run.scenario.run.psa_draws > 0, pcns = run.pcn_codes.size() > 1;
    const int replications = std::max(1, run.scenario.run.replications);
    OutputFile out(path);
    out.print("# SYNTHETIC microdata: simulated patients of a fictional population (pcnsim {}, scenario '{}', seed {}); no row is a real "
              "person. Columns: docs/metrics.md, \"Patient extract\".\n",
              version, run.scenario.name, run.scenario.run.seed);
    out.print("scenario,{}replication,{}arm,year,slot,practice,weeks_registered,age,age_band,sex,imd_quintile", psa ? "psa_draw," : "",
              pcns ? "pcn," : "");
    for (const char* c : kConditionNames) out.print(",{}", c);
    out.print(",frailty,care_home,repeat_meds,pam_score,pam_level,cohort,gp_requests,gp_appointments,ae_attendances,emergency_admissions\n");
    for (std::size_t k = 0; k < run.replications.size(); ++k) {
        const auto& rep = run.replications[k];
        for (std::size_t arm = 0; arm < 2; ++arm)
            for (const auto* r : in_order(rep.patients.by_arm[arm])) {
                out.print("{},", run.scenario.name);
                if (psa) out.print("{},", rep.draw);
                out.print("{},", static_cast<int>(k) % replications + 1);
                if (pcns) out.print("{},", run.pcn_codes[r->pcn]);
                out.print("{},{},{},{},{}", kArmNames[arm], r->year(), r->slot, run.practice_codes[r->practice], r->weeks_registered);
                write_attributes(out, r->at_start);
                out.print(",{},{},{},{},{}\n", kCohortNames[r->cohort], r->gp_requests, r->gp_appointments, r->ae_attendances,
                          r->emergency_admissions);
            }
    }
    out.close();
}

}  // namespace pcnsim
