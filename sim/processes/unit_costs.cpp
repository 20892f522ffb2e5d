// Unit costs: what a GP appointment, an A&E attendance, an emergency admission, a coach and
// training cost, and the cost metrics of services used. Economics (sim/output/economics.cpp)
// prices the differences between arms with them.
#include "sim/processes/module.hpp"

namespace pcnsim {

const Module& unit_costs_module() {
    using namespace declare;
    static const Module m{
        .declaration = {
            .name = "unit_costs",
            .purpose = "unit costs (GBP, price year " PCNSIM_PRICE_YEAR ") and the cost of services used",
            .parameters = {
            {"cost.gp_appointment", "GBP per appointment", 42, 30, 56, logn(42, 0.15), "PSSRU Unit Costs 2023; the mix of GP and other clinicians behind one appointment not checked against the current edition: an assumption"},
            {"cost.ae_attendance", "GBP per attendance", 242, 150, 350, logn(242, 0.2), "National Cost Collection 2022/23, type 1 A&E; not checked against the published schedule: an assumption"},
            {"cost.emergency_admission", "GBP per admission", 2600, 2000, 3500, logn(2600, 0.15), "NAO: GBP 13.7bn over 5.8M emergency admissions; not checked against the National Cost Collection: an assumption"},
            {"cost.coach_wte_year", "GBP per coach WTE-year, all-in", 42000, 35000, 50000, logn(42000, 0.08), "AfC band 4-5 plus on-costs; ARRS maximum reimbursement (Network Contract DES Annex B), not checked against the current year's amounts: an assumption"},
            {"cost.coach_training", "GBP per new coach WTE", 1000, 500, 2000, logn(1000, 0.3), "assumption (4-day accredited course)"},
            {"cost.skills_training_per_clinician", "GBP per clinician WTE trained", 400, 200, 800, logn(400, 0.3), "assumption (2-day coaching-skills course)"},
            },
            .metrics = {
                cost("cost_gp_appointments", "gp_appointments", "cost.gp_appointment", "cost of delivered GP appointments", 190),
                cost("cost_ae_attendances", "ae_attendances", "cost.ae_attendance", "cost of A&E attendances", 200),
                cost("cost_emergency_admissions", "emergency_admissions", "cost.emergency_admission", "cost of emergency admissions", 210),
            },
        },
    };
    return m;
}

}  // namespace pcnsim
