// Accounting: the week's stocks (list size, PAM) and events (GP requests and appointments, A&E
// attendances, emergency admissions) by patient group, and each patient's rolling utilisation
// history (four 13-week quarters, the current one included) that targeting and risk scores read.
#include <algorithm>

#include "sim/processes/processes.hpp"

namespace pcnsim {
namespace {

class Accounting final : public Process {
public:
    std::string_view name() const override { return "accounting"; }

    void step(const WeekContext& ctx, AgentRange range, Tally& tally) override {
        auto& a = ctx.agents;
        const std::size_t quarter = static_cast<std::size_t>(ctx.week / 13) % 4;
        const bool new_quarter = ctx.week % 13 == 0;
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            const int cell = group_cell(a, i);
            const std::size_t practice = a.practice[i];
            tally.add(Counter::population, cell, practice);
            if (a.age[i] >= kAdultAge) count_activation(a.pam_score[i], cell, practice, tally);
            count_events(a, i, cell, practice, tally);
            update_history(a, i, quarter, new_quarter);
        }
    }

private:
    static void count_activation(float score, int cell, std::size_t practice, Tally& tally) {
        static constexpr Counter level[4] = {Counter::pam_level_1, Counter::pam_level_2, Counter::pam_level_3,
                                             Counter::pam_level_4};
        tally.add(Counter::adults, cell, practice);
        tally.add(Counter::pam_sum_fixed, cell, practice, static_cast<std::int64_t>(std::llround(score * kPamScale)));
        tally.add(level[pam_level(score) - 1], cell, practice);
    }

    static void count_events(const AgentStore& a, std::size_t i, int cell, std::size_t practice, Tally& tally) {
        if (a.gp_requests_week[i]) tally.add(Counter::gp_requests, cell, practice, a.gp_requests_week[i]);
        if (a.gp_appointments_week[i]) tally.add(Counter::gp_appointments, cell, practice, a.gp_appointments_week[i]);
        if (a.ae_week[i]) tally.add(Counter::ae_attendances, cell, practice, a.ae_week[i]);
        if (a.admissions_week[i]) tally.add(Counter::emergency_admissions, cell, practice, a.admissions_week[i]);
    }

    static void update_history(AgentStore& a, std::size_t i, std::size_t quarter, bool new_quarter) {
        auto& gp = a.gp_history[i][quarter];
        auto& acute = a.acute_history[i][quarter];
        if (new_quarter) gp = acute = 0;
        gp = static_cast<std::uint8_t>(std::min(255, gp + a.gp_appointments_week[i]));
        const int ae = std::min(15, (acute & 0x0F) + a.ae_week[i]);
        const int admissions = std::min(15, (acute >> 4) + a.admissions_week[i]);
        acute = static_cast<std::uint8_t>(ae | (admissions << 4));
    }
};

}  // namespace

std::unique_ptr<Process> make_accounting(const ModelSetup&) { return std::make_unique<Accounting>(); }

}  // namespace pcnsim
