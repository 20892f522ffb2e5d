// Patient extract (`--patient-extract`, patient_extract.hpp): each arm counts every patient's GP
// requests and appointments, A&E attendances and emergency admissions over each reported year,
// beside who the patient was at the start of the year, and closes a row at the year's end. A slot
// whose occupant dies or leaves is taken by a new registration: the leaver's row closes with the
// weeks it covered, and the newcomer opens a row of their own, so two people are never mixed.
// Included only when the extract is asked for, so its memory is spent only then.
#include <algorithm>
#include <stdexcept>

#include "sim/core/catalogue.hpp"
#include "sim/processes/module.hpp"
#include "sim/processes/patient_extract.hpp"

namespace pcnsim {
namespace {

inline constexpr int kWeeksPerYear = 52;

class PatientExtract final : public Process {
public:
    PatientExtract(const ModelSetup& setup, std::vector<PatientYear>& rows)
        : rows_(rows),
          open_(setup.population.agents.size(), PatientYear{.weeks_registered = kClosed}),
          weeks_(setup.scenario.run.weeks),
          cohort_column_(catalogue().extension("coaching_cohort")) {}

    // Serial, so rows come out in the same order at any thread count.
    Kind kind() const override { return Kind::per_pcn; }

    // The week before the first reported one opens year 1's rows: attributes at the start of the
    // year. Each reported week adds its events; the year's last week closes every row.
    void step(const WeekContext& ctx, AgentRange range, ThreadScratch&) override {
        const int r = ctx.reported_week;
        if (r < -1) return;
        auto& a = ctx.agents;
        const auto* reached = a.extension<std::uint8_t>(cohort_column_);
        const bool year_end = r >= 0 && (r % kWeeksPerYear == kWeeksPerYear - 1 || r == weeks_ - 1);
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            auto& row = open_[i];
            if (r < 0) {
                open_row(a, i, 0);
                continue;
            }
            if (a.registered_week[i] == ctx.week) {
                close_row(row, r);  // the leaver, up to last week
                open_row(a, i, r);
            } else if (row.weeks_registered == kClosed) {
                open_row(a, i, r);  // no warm-up week opened it
            }
            add_events(a, i, row);
            row.cohort = static_cast<std::uint8_t>(coaching_cohort(a, i, reached[i]));
            if (year_end) {
                close_row(row, r + 1);
                if (r + 1 < weeks_) open_row(a, i, r + 1);
            }
        }
    }

private:
    static constexpr std::uint8_t kClosed = 255;  // weeks_registered of a slot with no open row

    void open_row(const AgentStore& a, std::uint32_t i, int first_week) {
        auto& row = open_[i];
        row = PatientYear{};
        row.slot = i;
        row.practice = a.practice[i];
        row.first_week = static_cast<std::int16_t>(first_week);
        row.weeks_registered = 0;
        row.at_start = {a.age[i] >= kAdultAge ? a.pam_score[i] : 0.0f, a.age[i], static_cast<std::uint8_t>(a.sex[i]),
                        a.imd_quintile[i], a.conditions[i], static_cast<std::uint8_t>(a.frailty[i]), a.care_home[i], a.repeat_meds[i]};
    }

    // Closes the row before week `end` (the weeks it covers: first_week to end - 1).
    void close_row(PatientYear& row, int end) {
        if (row.weeks_registered == kClosed) return;
        row.weeks_registered = static_cast<std::uint8_t>(end - row.first_week);
        if (row.weeks_registered > 0) rows_.push_back(row);
        row.weeks_registered = kClosed;
    }

    static void add_events(const AgentStore& a, std::size_t i, PatientYear& row) {
        const auto add = [](std::uint16_t& to, std::uint8_t n) { to = static_cast<std::uint16_t>(std::min(0xFFFF, to + n)); };
        add(row.gp_requests, a.gp_requests_week[i]);
        add(row.gp_appointments, a.gp_appointments_week[i]);
        add(row.ae_attendances, a.ae_week[i]);
        add(row.emergency_admissions, a.admissions_week[i]);
    }

    std::vector<PatientYear>& rows_;
    std::vector<PatientYear> open_;  // the open row of every slot
    int weeks_;
    ExtensionColumn cohort_column_;
};

}  // namespace

const Module& patient_extract_module() {
    using namespace declare;
    static const Module m{
        .declaration = {
            .name = "patient_extract",
            .purpose = "the patient-level extract (--patient-extract): each patient's attributes at the start of each year and use of services over it",
            .reads = {"gp_requests_week", "gp_appointments_week", "ae_week", "admissions_week"},
        },
        .placement = Placement::each_arm,
        .week_order = 115,
        .included = [](const Scenario& s) { return s.run.patient_extract; },
        .make = [](const ArmSetup& s) -> std::unique_ptr<Process> {
            if (!s.model.patient_extract) throw std::logic_error("patient_extract included without rows to fill");
            return std::make_unique<PatientExtract>(s.model, s.model.patient_extract->by_arm[s.counterfactual ? 1 : 0]);
        },
    };
    return m;
}

}  // namespace pcnsim
