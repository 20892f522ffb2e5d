// Accounting: the week's stocks (list size, PAM) and events (GP requests and appointments, A&E
// attendances, emergency admissions) by patient group and by coaching cohort (Tally::cohorts: the
// cohort column is kept by coaching_cohort.cpp), and each patient's rolling utilisation
// history (four 13-week quarters, the current one included) that targeting and risk scores read.
#include <algorithm>

#include "sim/core/catalogue.hpp"
#include "sim/processes/module.hpp"
#include "sim/processes/processes.hpp"

namespace pcnsim {
namespace {

class Accounting final : public Process {
public:
    Accounting() : cohort_column_(catalogue().extension("coaching_cohort")) {}

    // The list size and PAM sum per cell are gathered in small local arrays and added to the tally
    // once per range, and practice stocks once per run of patients of the same practice, because
    // this loop runs for every patient-week and the tally's cells are far apart in memory.
    void step(const WeekContext& ctx, AgentRange range, ThreadScratch& scratch) override {
        auto& a = ctx.agents;
        auto& tally = scratch.tally;
        const auto* reached = a.extension<std::uint8_t>(cohort_column_);
        const std::size_t quarter = static_cast<std::size_t>(ctx.week / 13) % 4;
        const bool new_quarter = ctx.week % 13 == 0;
        PracticeStocks stocks;
        CohortStocks cohorts;
        std::array<std::uint32_t, kCells> population{};
        std::array<std::int64_t, kCells> pam_sum{};
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            if (!stocks.open || a.practice[i] != stocks.practice) stocks.flush_and_start(a.practice[i], tally);
            const int pam = pam_group(a, i);
            const int cell = group_cell_with(a, i, pam);
            const auto cohort = static_cast<std::size_t>(coaching_cohort(a, i, reached[i]));
            ++population[static_cast<std::size_t>(cell)];
            ++stocks.by_pam_group[static_cast<std::size_t>(pam)];
            ++cohorts.by_pam_group[cohort][static_cast<std::size_t>(pam)];
            if (pam > 0) {
                const auto fixed = static_cast<std::int64_t>(a.pam_score[i] * kPamScale + 0.5);
                pam_sum[static_cast<std::size_t>(cell)] += fixed;
                stocks.pam_sum += fixed;
                cohorts.pam_sum[cohort] += fixed;
            }
            const bool any_event = a.gp_appointments_week[i] | a.gp_requests_week[i] | a.ae_week[i] | a.admissions_week[i];
            if (any_event) count_events(a, i, cell, a.practice[i], tally, tally.cohorts[cohort]);
            if (any_event || new_quarter) update_history(a, i, quarter, new_quarter);
        }
        stocks.flush_and_start(0, tally);
        cohorts.flush(tally);
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

    // Stocks by coaching cohort, like PracticeStocks: added to the tally once per range.
    struct CohortStocks {
        std::array<std::array<std::int64_t, kPamGroups>, kCohorts> by_pam_group{};
        std::array<std::int64_t, kCohorts> pam_sum{};

        void flush(Tally& tally) const {
            for (std::size_t k = 0; k < kCohorts; ++k) {
                auto& c = tally.cohorts[k];
                for (const auto n : by_pam_group[k]) c[Counter::population] += n;
                c[Counter::pam_sum_fixed] += pam_sum[k];
                add_pam_levels(c, by_pam_group[k]);
            }
        }
    };

    static void count_events(const AgentStore& a, std::size_t i, int cell, std::size_t practice, Tally& tally, CounterSet& cohort) {
        const auto add = [&](Counter c, std::uint8_t n) {
            if (!n) return;
            tally.add(c, cell, practice, n);
            cohort[c] += n;
        };
        add(Counter::gp_requests, a.gp_requests_week[i]);
        add(Counter::gp_appointments, a.gp_appointments_week[i]);
        add(Counter::ae_attendances, a.ae_week[i]);
        add(Counter::emergency_admissions, a.admissions_week[i]);
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

    ExtensionColumn cohort_column_;
};

}  // namespace

const Module& accounting_module() {
    using namespace declare;
    static constexpr auto share = [](std::string_view name, std::string_view counter, std::string_view description, int listing) {
        return MetricDeclaration{name, kRatio, counter, "adults", 1.0, {}, kGroups, "share of adults", description, listing};
    };
    static const Module m{
        .declaration = {
            .name = "accounting",
            .purpose = "the week's stocks and events by patient group, and each patient's rolling 12-month use of services",
            .columns = {
                column<&ArmState::gp_history>("gp_history", kPerArm, "GP appointments in the last four 13-week quarters"),
                column<&ArmState::acute_history>("acute_history", kPerArm, "A&E attendances and admissions in the last four quarters"),
            },
            .counters = {
                {"population", "registered patients (stock)", Counter::population},
                {"adults", "registered adults (stock)", Counter::adults},
                {"pam_sum_fixed", "adults' PAM scores x kPamScale (stock)", Counter::pam_sum_fixed},
                {"pam_level_1", "adults at PAM level 1 (stock)", Counter::pam_level_1},
                {"pam_level_2", "adults at PAM level 2 (stock)", Counter::pam_level_2},
                {"pam_level_3", "adults at PAM level 3 (stock)", Counter::pam_level_3},
                {"pam_level_4", "adults at PAM level 4 (stock)", Counter::pam_level_4},
                {"gp_requests", "requests for a GP appointment", Counter::gp_requests},
                {"gp_appointments", "GP appointments delivered", Counter::gp_appointments},
                {"ae_attendances", "A&E attendances", Counter::ae_attendances},
                {"emergency_admissions", "emergency admissions", Counter::emergency_admissions},
            },
            .metrics = {
                stock("population", "population", "patients", "registered patients (mean over weeks for horizon figures)", 10),
                flow("gp_requests", "gp_requests", "requests", "requests for a general-practice appointment made this week", 20),
                flow("gp_appointments", "gp_appointments", "appointments", "general-practice appointments delivered", 30),
                flow("ae_attendances", "ae_attendances", "attendances", "A&E attendances, including diverted GP demand", 80),
                flow("emergency_admissions", "emergency_admissions", "admissions", "emergency admissions, via A&E and direct", 90),
                {"pam_mean", kRatio, "pam_sum_fixed", "adults", 1.0 / kPamScale, {}, kGroups, "PAM points",
                 "mean Patient Activation Measure score of adults", 140},
                share("pam_level_1_share", "pam_level_1", "adults at PAM level 1 (score 47.0 or less)", 150),
                share("pam_level_2_share", "pam_level_2", "adults at PAM level 2 (47.1-55.1)", 160),
                share("pam_level_3_share", "pam_level_3", "adults at PAM level 3 (55.2-67.0)", 170),
                share("pam_level_4_share", "pam_level_4", "adults at PAM level 4 (67.1 or more)", 180),
            },
            .reads = {"gp_requests_week", "gp_appointments_week", "ae_week", "admissions_week"},
        },
        .placement = Placement::each_arm,
        .week_order = 110,
        .make = [](const ArmSetup&) -> std::unique_ptr<Process> { return std::make_unique<Accounting>(); },
    };
    return m;
}

}  // namespace pcnsim
