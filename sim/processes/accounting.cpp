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

    // The list size and PAM sum per cell are gathered in small local arrays and added to the tally
    // once per range, and practice stocks once per run of patients of the same practice, because
    // this loop runs for every patient-week and the tally's cells are far apart in memory.
    void step(const WeekContext& ctx, AgentRange range, Worker& worker) override {
        auto& a = ctx.agents;
        auto& tally = worker.tally;
        const std::size_t quarter = static_cast<std::size_t>(ctx.week / 13) % 4;
        const bool new_quarter = ctx.week % 13 == 0;
        PracticeStocks stocks;
        std::array<std::uint32_t, kCells> population{};
        std::array<std::int64_t, kCells> pam_sum{};
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            if (!stocks.open || a.practice[i] != stocks.practice) stocks.flush_and_start(a.practice[i], tally);
            const int pam = pam_group(a, i);
            const int cell = group_cell_with(a, i, pam);
            ++population[static_cast<std::size_t>(cell)];
            ++stocks.by_pam_group[static_cast<std::size_t>(pam)];
            if (pam > 0) {
                const auto fixed = static_cast<std::int64_t>(a.pam_score[i] * kPamScale + 0.5);
                pam_sum[static_cast<std::size_t>(cell)] += fixed;
                stocks.pam_sum += fixed;
            }
            const bool any_event = a.gp_appointments_week[i] | a.gp_requests_week[i] | a.ae_week[i] | a.admissions_week[i];
            if (any_event) count_events(a, i, cell, a.practice[i], tally);
            if (any_event || new_quarter) update_history(a, i, quarter, new_quarter);
        }
        stocks.flush_and_start(0, tally);
        for (std::size_t c = 0; c < kCells; ++c) {
            tally.cells[c][Counter::population] += population[c];
            tally.cells[c][Counter::pam_sum_fixed] += pam_sum[c];
        }
    }

private:
    struct PracticeStocks {
        std::uint16_t practice = 0;
        bool open = false;
        std::array<std::int64_t, kPamGroups> by_pam_group{};
        std::int64_t pam_sum = 0;

        void flush_and_start(std::uint16_t next, Tally& tally) {
            if (open) {
                auto& p = tally.practices[practice];
                for (int g = 0; g < kPamGroups; ++g) p[Counter::population] += by_pam_group[static_cast<std::size_t>(g)];
                p[Counter::pam_sum_fixed] += pam_sum;
                add_pam_levels(p, by_pam_group);
            }
            *this = PracticeStocks{next, true, {}, 0};
        }
    };

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
