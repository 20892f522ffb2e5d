#pragma once
// The patient-level extract (`--patient-extract`): one row per patient per reported year and arm,
// so that researchers can refit the model's patient-level regressions on its synthetic microdata.
// The patient_extract module fills these rows; the engine hands them to the output layer, which
// writes patients.csv. Nothing here is spent unless the extract is asked for.
#include <array>
#include <cstdint>
#include <vector>

namespace pcnsim {

// Who the patient was when the row opened: at the start of the year, or for a patient who
// registered during the year, at the end of their first week.
struct PatientAtStart {
    float pam_score = 0;           // this arm's score (adults only)
    std::uint8_t age = 0;
    std::uint8_t sex = 0;          // Sex
    std::uint8_t imd_quintile = 0;
    std::uint8_t conditions = 0;   // Condition bits
    std::uint8_t frailty = 0;      // Frailty
    std::uint8_t care_home = 0;
    std::uint8_t repeat_meds = 0;
};

// A year of one patient (one occupant of a slot) in one arm.
struct PatientYear {
    std::uint32_t slot = 0;              // agent slot within its PCN
    std::uint16_t pcn = 0;               // set by the engine (the unit's PCN)
    std::uint16_t practice = 0;          // within the PCN; the engine makes it an index of the run's practices
    std::int16_t first_week = 0;         // reported week the row opened
    std::uint8_t weeks_registered = 0;   // weeks of the year the row covers
    std::uint8_t cohort = 0;             // Cohort at the year's end (or when the patient left)
    PatientAtStart at_start = {};
    std::uint16_t gp_requests = 0, gp_appointments = 0, ae_attendances = 0, emergency_admissions = 0;

    int year() const { return first_week / 52 + 1; }
};

// The rows of one unit of work (a PCN of a replication), per arm (Arm order: scenario first).
struct PatientExtractRows {
    std::array<std::vector<PatientYear>, 2> by_arm;
};

}  // namespace pcnsim
