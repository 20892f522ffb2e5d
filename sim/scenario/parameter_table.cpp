// The one place where model parameters are declared. Defaults, ranges and sources follow
// ../shared/model/PARAMETERS.md; docs/parameters.md explains choices where the specification
// left room. Priors: Beta for probabilities and shares, log-normal for rates and rate ratios,
// normal or uniform elsewhere. "*assumption*" marks a value with no good published source.
#include "sim/scenario/parameters.hpp"

namespace pcnsim {
namespace {
constexpr Prior fixed() { return {PriorKind::fixed, 0, 0}; }
constexpr Prior beta(double a, double b) { return {PriorKind::beta, a, b}; }
constexpr Prior logn(double median, double sdlog) { return {PriorKind::lognormal, median, sdlog}; }
constexpr Prior norm(double mean, double sd) { return {PriorKind::normal, mean, sd}; }
constexpr Prior unif(double lo, double hi) { return {PriorKind::uniform, lo, hi}; }

constexpr std::string_view kAssumption = "*assumption*";
constexpr std::string_view kAgeShape =
    "*assumption* shaped on Hobbs et al. 2016 (highest at 0-4 and 85+); relative weights, rescaled to the overall rate";
constexpr std::string_view kAeAgeShape =
    "*assumption* U-shape of HES A&E attendances by age; relative weights, rescaled to the overall rate";
constexpr std::string_view kAdmissionAgeShape =
    "Pereira Gray et al., BMJ Open 2017 (per 1,000/yr, mean of least and most deprived; 67+ split by *assumption*); relative weights";

const std::vector<ParameterDeclaration> kDeclarations = {
    // --- Prevalence of conditions (adults 18+ unless stated) ---
    {"prevalence.obesity", "share of adults", 0.29, 0.15, 0.45, beta(29, 71), "Health Survey for England 2022"},
    {"prevalence.anxiety_depression", "share of adults", 0.13, 0.08, 0.25, beta(13, 87), "QOF depression register (*verify 2022/23*); PHE 2018"},
    {"prevalence.respiratory", "share of all ages", 0.08, 0.05, 0.12, beta(16, 184), "QOF asthma 6.5% + COPD 1.9% (*verify 2022/23*)"},
    {"prevalence.diabetes", "share of adults", 0.075, 0.05, 0.10, beta(15, 185), "QOF (*verify*)"},
    {"prevalence.chronic_pain", "share of adults", 0.12, 0.08, 0.20, beta(12, 88), "*assumption* (high-impact chronic pain ~10-14% of adults)"},
    {"prevalence.deprivation_ratio_q1_vs_q5", "ratio", 1.7, 1.0, 2.5, logn(1.7, 0.2), "HSE 2022 obesity 34% most vs 20% least deprived; applied to every condition (*assumption*)"},
    {"frailty.prevalence_50_64", "share", 0.10, 0.05, 0.15, beta(10, 90), "Fogg et al. 2023 (any frailty, eFI)"},
    {"frailty.prevalence_65plus_mild", "share of 65+", 0.30, 0.2, 0.4, beta(30, 70), "Clegg et al. 2016 (eFI)"},
    {"frailty.prevalence_65plus_moderate", "share of 65+", 0.10, 0.05, 0.15, beta(10, 90), "Clegg et al. 2016 (eFI)"},
    {"frailty.prevalence_65plus_severe", "share of 65+", 0.03, 0.01, 0.06, beta(3, 97), "Clegg et al. 2016 (eFI)"},
    {"frailty.onset_per_1000_50_64", "per 1,000 person-years", 48, 30, 70, logn(48, 0.2), "Fogg et al., Age and Ageing 2023"},
    {"frailty.onset_per_1000_65_74", "per 1,000 person-years", 130, 90, 170, logn(130, 0.15), "Fogg et al., Age and Ageing 2023"},
    {"frailty.onset_per_1000_75_84", "per 1,000 person-years", 214, 150, 280, logn(214, 0.15), "Fogg et al., Age and Ageing 2023"},
    {"frailty.onset_per_1000_85plus", "per 1,000 person-years", 380, 280, 480, logn(380, 0.15), "Fogg et al., Age and Ageing 2023"},
    {"frailty.recovery_per_year", "probability per year", 0.3, 0.0, 0.5, beta(6, 14), "*assumption*: mild to fit; balances onset so that prevalence by age stays near its published level (eFI deficits do regress in cohort data)"},
    {"frailty.progression_per_year", "probability per year", 0.08, 0.03, 0.30, beta(4, 46), "*assumption*: mild to moderate and moderate to severe; with recovery, keeps admissions near their national rate over a 3-year run"},
    {"care_home.share_75_84", "share", 0.01, 0.0, 0.03, beta(2, 198), "*assumption* (~400,000 care-home residents in England)"},
    {"care_home.share_85plus", "share", 0.08, 0.03, 0.15, beta(8, 92), "*assumption* (~400,000 care-home residents in England)"},
    {"repeat_meds.share_4_9_adults", "share of adults", 0.169, 0.10, 0.25, beta(17, 83), "Payne et al. 2014"},
    {"repeat_meds.share_10plus_adults", "share of adults", 0.046, 0.02, 0.08, beta(5, 100), "Payne et al. 2014"},
    {"repeat_meds.share_4_9_80plus", "share of 80+", 0.518, 0.4, 0.6, beta(52, 48), "Payne et al. 2014"},
    {"repeat_meds.share_10plus_80plus", "share of 80+", 0.186, 0.1, 0.3, beta(19, 81), "Payne et al. 2014"},

    // --- Demography ---
    {"mortality.q40_male", "probability per year", 0.0015, 0.001, 0.0025, logn(0.0015, 0.1), "Gompertz fit to ONS national life tables England 2017-19 (approximation, see docs/parameters.md)"},
    {"mortality.gompertz_slope", "per year of age", 0.088, 0.075, 0.10, norm(0.088, 0.004), "Gompertz fit to ONS national life tables England 2017-19 (approximation)"},
    {"mortality.female_ratio", "ratio", 0.65, 0.5, 0.8, logn(0.65, 0.05), "ONS national life tables (female/male qx, ages 40-85, approximation)"},
    {"mortality.q_under_40", "probability per year", 0.0004, 0.0001, 0.001, logn(0.0004, 0.3), "ONS national life tables (mean qx ages 1-39, approximation)"},
    {"mortality.frailty_hr_mild", "hazard ratio vs fit", 1.9, 1.5, 2.4, logn(1.9, 0.1), "Clegg et al., Age and Ageing 2016 (*verify* exact values)"},
    {"mortality.frailty_hr_moderate", "hazard ratio vs fit", 3.1, 2.4, 4.0, logn(3.1, 0.1), "Clegg et al., Age and Ageing 2016 (*verify*)"},
    {"mortality.frailty_hr_severe", "hazard ratio vs fit", 4.5, 3.5, 5.8, logn(4.5, 0.1), "Clegg et al., Age and Ageing 2016 (*verify*)"},
    {"demography.turnover_per_year", "share of list per year", 0.09, 0.05, 0.15, beta(9, 91), "*assumption* 8-10% of a list deregisters a year (urban practices)"},

    // --- Patient activation ---
    {"activation.mean_score", "PAM points", 55.1, 50, 60, norm(55.1, 1.5), "Bu & Fancourt, BMC HSR 2021 (n = 15,877)"},
    {"activation.setpoint_sd", "PAM points", 15, 10, 20, norm(15, 1.5), "*assumption* tuned to total SD 17.7 (Bu & Fancourt 2021)"},
    {"activation.transient_sd", "PAM points", 9, 5, 13, norm(9, 1.5), "*assumption* tuned to 52% changing level a year (J Am Geriatr Soc 2012)"},
    {"activation.annual_autocorrelation", "correlation at lag 52 weeks", 0.6, 0.3, 1.0, beta(12, 8), "*assumption*; 1 holds activation fixed (no drift)"},
    {"activation.deprivation_step", "PAM points per quintile towards most deprived", -3, -5, 0, unif(-5, 0), "*assumption* (direction: Ellins & Coulter 2005; seed 002)"},
    {"activation.multimorbidity_shift", "PAM points with 2+ conditions", -3, -6, 0, unif(-6, 0), "*assumption* (direction: Barker et al. 2018)"},
    {"activation.causal_share", "share", 0.5, 0.0, 1.0, beta(2, 2), "how much of the cross-sectional gradient follows a change in activation (MODEL.md section 5)"},
    {"activation.gp_rr_per_10_points", "rate ratio per +10 PAM points", 0.949, 0.940, 0.960, logn(0.949, 0.005), "Barker et al. 2018: RR 0.82 level 4 vs 1 over ~38 points"},
    {"activation.ae_rr_per_10_points", "rate ratio per +10 PAM points", 0.904, 0.880, 0.930, logn(0.904, 0.014), "Barker et al. 2018: RR 0.68"},
    {"activation.admission_rr_per_10_points", "rate ratio per +10 PAM points", 0.882, 0.840, 0.920, logn(0.882, 0.023), "Barker et al. 2018: RR 0.62"},

    // --- Individual propensity to use services ---
    {"propensity.gamma_shape", "Gamma shape (mean 1)", 1.5, 0.5, 5.0, logn(1.5, 0.3), "*assumption*: calibrate to the share of frequent attenders"},
    {"propensity.transient_sd", "SD of log-propensity", 0.3, 0.0, 0.8, unif(0.0, 0.8), "*assumption*: size of the part that regresses to the mean"},
    {"propensity.annual_autocorrelation", "correlation at lag 52 weeks", 0.7, 0.3, 0.95, beta(14, 6), "*assumption*"},

    // --- GP demand ---
    {"gp.base_rate_per_year", "appointments per patient-year", 5.9, 5.2, 6.5, logn(5.9, 0.06), "Appointments in General Practice 2024 (~370M / ~63M registered)"},
    {"gp.age_shape.0_4", "relative weight", 5.5, 2, 10, fixed(), kAgeShape},
    {"gp.age_shape.5_14", "relative weight", 2.5, 1, 5, fixed(), kAgeShape},
    {"gp.age_shape.15_24", "relative weight", 3.8, 1, 7, fixed(), kAgeShape},
    {"gp.age_shape.25_44", "relative weight", 4.3, 2, 8, fixed(), kAgeShape},
    {"gp.age_shape.45_64", "relative weight", 5.6, 3, 9, fixed(), kAgeShape},
    {"gp.age_shape.65_74", "relative weight", 8.0, 5, 12, fixed(), kAgeShape},
    {"gp.age_shape.75_84", "relative weight", 10.5, 7, 15, fixed(), kAgeShape},
    {"gp.age_shape.85plus", "relative weight", 12.5, 8, 18, fixed(), kAgeShape},
    {"gp.female_ratio_15_64", "rate ratio female vs male", 1.3, 1.0, 1.6, logn(1.3, 0.08), "*assumption* shaped on Hobbs et al. 2016"},
    {"gp.deprivation_rr_q1_vs_q5", "rate ratio", 1.2, 1.0, 1.5, logn(1.2, 0.08), kAssumption},
    {"gp.rr.obesity", "rate ratio", 1.15, 1.0, 1.5, logn(1.15, 0.07), kAssumption},
    {"gp.rr.anxiety_depression", "rate ratio", 1.5, 1.1, 2.0, logn(1.5, 0.1), kAssumption},
    {"gp.rr.respiratory", "rate ratio", 1.3, 1.0, 1.7, logn(1.3, 0.1), kAssumption},
    {"gp.rr.diabetes", "rate ratio", 1.4, 1.0, 1.8, logn(1.4, 0.1), kAssumption},
    {"gp.rr.chronic_pain", "rate ratio", 1.5, 1.1, 2.0, logn(1.5, 0.1), kAssumption},
    {"gp.rr.frailty_mild", "rate ratio", 1.4, 1.1, 1.8, logn(1.4, 0.1), kAssumption},
    {"gp.rr.frailty_moderate", "rate ratio", 1.8, 1.3, 2.4, logn(1.8, 0.1), kAssumption},
    {"gp.rr.frailty_severe", "rate ratio", 2.2, 1.5, 3.0, logn(2.2, 0.1), kAssumption},
    {"gp.rr.care_home", "rate ratio", 1.5, 1.0, 2.5, logn(1.5, 0.15), kAssumption},

    // --- GP capacity ---
    {"gp_capacity.clinician_wte_per_1000", "clinician WTE per 1,000 registered patients", 0.98, 0.5, 1.5, logn(0.98, 0.08), "*assumption*: 3-4% headroom over expected demand at the default rates"},
    {"gp_capacity.appointments_per_wte_week", "appointments per clinician WTE-week", 120, 80, 160, logn(120, 0.1), "*assumption* (GP, nurse and ARRS mix)"},
    {"gp_capacity.annual_wte_change", "proportional change per year", 0.0, -0.1, 0.1, norm(0.0, 0.02), "scenario setting; -0.02 in the GP-workforce-decline variant"},
    {"gp_capacity.abandon_per_week", "probability per waiting week", 0.15, 0.0, 0.5, beta(3, 17), kAssumption},
    {"gp_capacity.divert_to_ae_per_week", "probability per waiting week", 0.03, 0.0, 0.1, beta(3, 97), kAssumption},

    // --- A&E attendances ---
    {"ae.base_rate_per_year", "attendances per person-year", 0.44, 0.35, 0.50, logn(0.44, 0.06), "RCEM: 25.35M attendances 2022/23 / ~57M"},
    {"ae.age_shape.0_4", "relative weight", 0.55, 0.2, 1.0, fixed(), kAeAgeShape},
    {"ae.age_shape.5_14", "relative weight", 0.28, 0.1, 0.6, fixed(), kAeAgeShape},
    {"ae.age_shape.15_24", "relative weight", 0.48, 0.2, 0.8, fixed(), kAeAgeShape},
    {"ae.age_shape.25_44", "relative weight", 0.40, 0.2, 0.7, fixed(), kAeAgeShape},
    {"ae.age_shape.45_64", "relative weight", 0.36, 0.2, 0.7, fixed(), kAeAgeShape},
    {"ae.age_shape.65_74", "relative weight", 0.42, 0.2, 0.8, fixed(), kAeAgeShape},
    {"ae.age_shape.75_84", "relative weight", 0.62, 0.3, 1.0, fixed(), kAeAgeShape},
    {"ae.age_shape.85plus", "relative weight", 1.00, 0.5, 1.5, fixed(), kAeAgeShape},
    {"ae.deprivation_rr_q1_vs_q5", "rate ratio", 1.8, 1.3, 2.2, logn(1.8, 0.1), "NHS Digital HES A&E 2019-20 (most vs least deprived decile x2)"},
    {"ae.rr.anxiety_depression", "rate ratio", 1.4, 1.0, 2.0, logn(1.4, 0.1), kAssumption},
    {"ae.rr.respiratory", "rate ratio", 1.3, 1.0, 1.8, logn(1.3, 0.1), kAssumption},
    {"ae.rr.diabetes", "rate ratio", 1.2, 1.0, 1.6, logn(1.2, 0.1), kAssumption},
    {"ae.rr.frailty_mild", "rate ratio", 1.5, 1.1, 2.0, logn(1.5, 0.1), kAssumption},
    {"ae.rr.frailty_moderate", "rate ratio", 2.0, 1.4, 2.8, logn(2.0, 0.1), kAssumption},
    {"ae.rr.frailty_severe", "rate ratio", 2.5, 1.7, 3.5, logn(2.5, 0.1), kAssumption},
    {"ae.rr.care_home", "rate ratio", 1.5, 1.0, 2.5, logn(1.5, 0.15), kAssumption},

    // --- Emergency admissions ---
    {"admission.base_rate_per_year", "admissions per person-year", 0.11, 0.09, 0.12, logn(0.11, 0.05), "NAO / Health Foundation: 6.02M in 2017/18"},
    {"admission.direct_share", "share of admissions not via A&E", 0.2, 0.0, 0.4, beta(4, 16), "*assumption*: with 0.44 A&E attendances gives ~0.2 admitted per attendance, below the ~0.27 quoted, to keep the 0.11 total"},
    {"admission.age_shape.0_4", "relative weight", 53, 20, 100, fixed(), kAdmissionAgeShape},
    {"admission.age_shape.5_14", "relative weight", 53, 20, 100, fixed(), kAdmissionAgeShape},
    {"admission.age_shape.15_24", "relative weight", 51, 20, 100, fixed(), kAdmissionAgeShape},
    {"admission.age_shape.25_44", "relative weight", 56, 20, 100, fixed(), kAdmissionAgeShape},
    {"admission.age_shape.45_64", "relative weight", 72, 30, 130, fixed(), kAdmissionAgeShape},
    {"admission.age_shape.65_74", "relative weight", 160, 80, 260, fixed(), kAdmissionAgeShape},
    {"admission.age_shape.75_84", "relative weight", 280, 150, 400, fixed(), kAdmissionAgeShape},
    {"admission.age_shape.85plus", "relative weight", 450, 250, 650, fixed(), kAdmissionAgeShape},
    {"admission.deprivation_rr_q1_vs_q5", "rate ratio", 1.8, 1.3, 2.2, logn(1.8, 0.1), "Pereira Gray et al. 2017 (mean ratio most/least deprived across age groups)"},
    {"admission.rr.frailty_mild", "hazard ratio vs fit", 1.93, 1.5, 2.5, logn(1.93, 0.1), "Clegg et al., Age and Ageing 2016"},
    {"admission.rr.frailty_moderate", "hazard ratio vs fit", 3.04, 2.3, 4.0, logn(3.04, 0.1), "Clegg et al., Age and Ageing 2016"},
    {"admission.rr.frailty_severe", "hazard ratio vs fit", 4.73, 3.5, 6.0, logn(4.73, 0.1), "Clegg et al., Age and Ageing 2016"},
    {"admission.rr.respiratory", "rate ratio", 1.5, 1.0, 2.2, logn(1.5, 0.1), kAssumption},
    {"admission.rr.diabetes", "rate ratio", 1.4, 1.0, 2.0, logn(1.4, 0.1), kAssumption},
    {"admission.rr.care_home", "rate ratio", 1.5, 1.0, 2.5, logn(1.5, 0.15), kAssumption},

    // --- Unit costs (GBP, price year 2023/24) ---
    {"cost.gp_appointment", "GBP per appointment", 42, 30, 56, logn(42, 0.15), "PSSRU Unit Costs 2023 (*verify* clinician mix)"},
    {"cost.ae_attendance", "GBP per attendance", 242, 150, 350, logn(242, 0.2), "National Cost Collection 2022/23 type 1 (*verify*)"},
    {"cost.emergency_admission", "GBP per admission", 2600, 2000, 3500, logn(2600, 0.15), "NAO: 13.7bn / 5.8M admissions (*verify* NCC)"},
    {"cost.coach_wte_year", "GBP per coach WTE-year, all-in", 42000, 35000, 50000, logn(42000, 0.08), "AfC band 4-5 plus on-costs; ARRS maximum reimbursement (*verify* Network Contract DES Annex B)"},
    {"cost.coach_training", "GBP per new coach WTE", 1000, 500, 2000, logn(1000, 0.3), "*assumption* (4-day accredited course)"},
    {"cost.skills_training_per_clinician", "GBP per clinician WTE trained", 400, 200, 800, logn(400, 0.3), "*assumption* (2-day coaching-skills course)"},

    // --- Referral to coaching (MODEL.md section 4, steps 5-6) ---
    {"referral.opportunistic_per_appointment", "probability per appointment of an eligible patient", 0.01, 0.0, 0.2, beta(2, 198), "*assumption*: clinician discretion at a delivered appointment"},
    {"referral.skills_trained_multiplier", "rate ratio", 2.0, 1.0, 4.0, logn(2.0, 0.3), "*assumption*: clinicians trained in coaching skills refer more (seeds 000, 003)"},
    {"referral.self_per_1000_eligible_per_year", "per 1,000 eligible patient-years", 10, 0, 50, logn(10, 0.5), "*assumption*: a small background flow (MODEL.md section 4 step 6)"},
    {"referral.rereferral_gap_weeks", "weeks", 52, 13, 156, fixed(), "*assumption*: a patient who declined or left a programme is not referred again for this long"},
    {"skills.share_clinicians_trained", "share of clinician WTE", 0.0, 0.0, 1.0, fixed(), "scenario setting: coaching-skills training (MODEL.md section 6)"},
    {"brief_intervention.share_of_appointments", "share of appointments with an adult", 0.0, 0.0, 1.0, fixed(), "scenario setting: BWEL-style 30-second brief interventions"},
    {"case_finding.target_waiting_weeks", "weeks of coaching capacity", 4, 1, 12, logn(4, 0.3), "*assumption*: invitations keep the waiting list near this many weeks of new starts"},

    // --- Uptake ---
    {"uptake.invitation", "probability", 0.41, 0.2, 0.6, beta(41, 59), "PROTECTS consent rate (Panagioti et al. 2018)"},
    {"uptake.consultation", "probability", 0.75, 0.6, 0.9, beta(75, 25), "BWEL: 77% accepted referral (Aveyard et al. 2016); North Blaby 91% (low quality)"},
    {"uptake.self_referral", "probability", 0.9, 0.7, 1.0, beta(18, 2), "*assumption*: people who refer themselves mostly go ahead"},
    {"uptake.pam_level_1_multiplier", "ratio", 0.7, 0.4, 1.0, unif(0.4, 1.0), "*assumption* (seed 000: a third are disengaged)"},
    {"uptake.deprived_multiplier", "ratio (IMD quintile 1)", 0.85, 0.6, 1.0, unif(0.6, 1.0), kAssumption},
    {"uptake.prepared_multiplier", "ratio", 1.2, 1.0, 1.5, unif(1.0, 1.5), "*assumption* (seed 001: preparation raises engagement)"},
    {"uptake.prepared_share", "share of referrals", 0.3, 0.0, 1.0, beta(3, 7), "*assumption*: share of patients told what coaching is before they are asked (a scenario lever)"},

    // --- Coaching delivery ---
    {"coaching.sessions_per_programme", "sessions", 6, 2, 12, fixed(), "NHS workforce development framework via KYOH (4-8)"},
    {"coaching.session_interval_weeks", "weeks", 2, 1, 4, fixed(), "NHS workforce development framework via KYOH"},
    {"coaching.first_session_minutes", "minutes", 60, 30, 90, fixed(), "NHS workforce development framework via KYOH"},
    {"coaching.followup_session_minutes", "minutes", 45, 20, 60, fixed(), "NHS workforce development framework via KYOH"},
    {"coaching.admin_minutes_per_session", "minutes", 20, 0, 40, unif(10, 30), "*assumption*: gives ~20 session slots per WTE-week (PARAMETERS.md)"},
    {"coaching.hours_per_wte_week", "hours", 37.5, 30, 40, fixed(), "Agenda for Change full time"},
    {"coaching.patient_facing_share", "share of hours", 0.6, 0.5, 0.7, beta(60, 40), kAssumption},
    {"coaching.supervision_hours_per_month", "hours per coach WTE", 1, 0, 4, fixed(), "seeds 000, 003"},
    {"coaching.training_days", "days before first sessions", 4, 0, 10, fixed(), "seeds 003, 004: 4-day accredited course"},
    {"coaching.ramp_weeks", "weeks to full caseload", 4, 0, 12, fixed(), "seeds 003, 004"},
    {"coaching.leave_share", "share of weeks", 0.13, 0.05, 0.2, beta(13, 87), "*assumption*: annual leave, bank holidays and sickness"},
    {"coaching.completion_after_start", "probability", 0.65, 0.5, 0.85, beta(65, 35), "KYOH 61%; PROTECTS >80% got 4+ sessions"},
    {"coaching.share_group", "share of programmes", 0.0, 0.0, 1.0, fixed(), "scenario setting: delivery-mode mix"},
    {"coaching.share_digital_hybrid", "share of programmes", 0.0, 0.0, 1.0, fixed(), "scenario setting: delivery-mode mix"},
    {"coaching.group_size", "patients per group session", 8, 4, 12, fixed(), kAssumption},
    {"coaching.group_min_size", "patients", 4, 1, 12, fixed(), "*assumption*: a group starts when this many are waiting ([network] group_sessions)"},
    {"coaching.group_max_wait_weeks", "weeks", 6, 0, 26, fixed(), "*assumption*: or when its first patient has waited this long"},
    {"coaching.group_slot_weight", "session slots per group session", 1.5, 1.0, 3.0, unif(1.0, 3.0), "*assumption*: a group session takes longer to prepare and run"},
    {"coaching.digital_coach_time_share", "share of a 1:1 session's coach time", 0.5, 0.2, 1.0, unif(0.2, 1.0), kAssumption},

    // --- Activation change from coaching and contacts ---
    {"activation.coaching_gain_completers", "PAM points over a programme", 6, 0, 14, unif(0, 14), "KYOH/Imperial +13.7 uncontrolled (upper bound); US RCT +4.8; PROTECTS ITT ~0"},
    {"activation.durable_share", "share of a gain", 0.3, 0.0, 0.7, beta(3, 7), "*assumption*: added to the set point; the rest decays with the AR(1)"},
    {"activation.group_gain_factor", "ratio to 1:1", 0.7, 0.3, 1.0, unif(0.3, 1.0), kAssumption},
    {"activation.digital_gain_factor", "ratio to 1:1", 0.5, 0.3, 1.0, unif(0.3, 1.0), kAssumption},
    {"activation.skills_consultation_gain", "PAM points per consultation", 0.3, 0.0, 1.0, unif(0.0, 1.0), kAssumption},
    {"activation.brief_intervention_gain", "PAM points", 0.5, 0.0, 1.5, unif(0.0, 1.5), "*assumption* (Aveyard et al. 2016 for the behaviour change)"},

    // --- Social network (MODEL.md section 4 step 11) ---
    {"network.community_mean_degree", "ties per person", 4, 2, 12, unif(2, 8), "*assumption*: a few community ties per person within the practice area"},
    {"network.rewire_probability", "probability per tie", 0.1, 0.0, 1.0, beta(2, 18), "*assumption*: small-world rewiring (Watts and Strogatz 1998)"},
    {"network.care_home_size", "residents", 30, 5, 120, fixed(), "*assumption* (mean care-home size in England is about 30-40 beds)"},
    {"network.couple_share_18_24", "share of adults", 0.15, 0.0, 0.5, beta(3, 17), "*assumption* (ONS families and households: few young adults live as a couple)"},
    {"network.couple_share_25_64", "share of adults", 0.65, 0.4, 0.8, beta(13, 7), "*assumption* (ONS families and households)"},
    {"network.couple_share_65_84", "share of adults", 0.6, 0.4, 0.8, beta(12, 8), "*assumption* (ONS: about a third of 65+ live alone)"},
    {"network.couple_share_85plus", "share of adults", 0.3, 0.1, 0.5, beta(6, 14), "*assumption* (ONS: most 85+ outside care homes live alone)"},
    {"network.extra_sibling_probability", "probability", 0.45, 0.2, 0.7, beta(9, 11), "*assumption*: gives about 1.8 children per family"},
    {"buddy.window_weeks", "weeks after completion", 26, 0, 104, fixed(), "*assumption*: patients in a programme or completed this recently can be paired"},
    {"buddy.decay_reduction", "share of the weekly decay", 0.3, 0.0, 0.8, beta(3, 7), "*assumption* (conservative): a buddy slows the decay of activation gains"},
    {"buddy.dropout_reduction", "relative reduction", 0.2, 0.0, 0.6, beta(2, 8), "*assumption* (conservative): a buddy lowers dropout before each session"},
    {"spillover.gain_share", "share of a session's gain", 0.05, 0.0, 0.3, beta(1, 19), "*assumption*: household members of a coached patient gain a small share (off unless [network] spillover = true)"},

    // --- Risk stratification (emergency admission in the next 12 months, logistic) ---
    {"risk.intercept", "log-odds", -5.0, -7.0, -3.0, norm(-5.0, 0.5), "*assumption* shaped on PARR-like tools: ~1% a year for a fit adult under 50"},
    {"risk.per_decade_over_50", "log-odds per 10 years", 0.5, 0.2, 0.8, norm(0.5, 0.1), kAssumption},
    {"risk.per_frailty_level", "log-odds per eFI level", 0.5, 0.2, 0.8, norm(0.5, 0.1), "*assumption* (direction: Clegg et al. 2016)"},
    {"risk.per_condition", "log-odds per condition", 0.25, 0.0, 0.5, norm(0.25, 0.08), kAssumption},
    {"risk.care_home", "log-odds", 0.7, 0.0, 1.5, norm(0.7, 0.2), kAssumption},
    {"risk.per_admission_12m", "log-odds per admission (up to 3)", 0.9, 0.3, 1.5, norm(0.9, 0.2), kAssumption},
    {"risk.per_ae_12m", "log-odds per attendance (up to 5)", 0.35, 0.1, 0.6, norm(0.35, 0.1), kAssumption},
    {"risk.per_10_gp_12m", "log-odds per 10 GP appointments", 0.3, 0.0, 0.6, norm(0.3, 0.1), kAssumption},
};
}  // namespace

const std::vector<ParameterDeclaration>& parameter_declarations() { return kDeclarations; }

}  // namespace pcnsim
