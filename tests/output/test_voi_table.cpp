// The named parameter groups of voi.csv and the measures --voi-measure accepts (the table itself is
// tested end to end in tests/cli/test_voi_cli.cpp, the estimators in tests/stats/test_voi.cpp).
#include <doctest/doctest.h>

#include <algorithm>

#include "sim/output/economics.hpp"
#include "sim/output/voi_table.hpp"
#include "sim/scenario/parameters.hpp"

using namespace pcnsim;

TEST_CASE("voi table: every group rule names at least one declared parameter") {
    // A renamed parameter must not leave a rule, and so a group, silently empty.
    for (const auto& rule : voi_group_rules()) {
        CAPTURE(rule.prefix);
        CAPTURE(rule.contains);
        const auto& decls = parameter_declarations();
        CHECK(std::any_of(decls.begin(), decls.end(), [&](const ParameterDeclaration& d) {
            return d.name.starts_with(rule.prefix) && d.name.find(rule.contains) != std::string_view::npos;
        }));
    }
    CHECK(voi_group_names() == std::vector<std::string>{"activation effect", "uptake and delivery", "costs"});
}

TEST_CASE("voi table: the groups hold the effect, the service and the costs, not the population") {
    CHECK(in_voi_group("activation effect", "activation.coaching_gain_completers"));
    CHECK(in_voi_group("activation effect", "activation.causal_share"));
    CHECK(in_voi_group("activation effect", "activation.admission_rr_per_10_points"));
    CHECK(in_voi_group("activation effect", "spillover.gain_share"));
    CHECK_FALSE(in_voi_group("activation effect", "activation.mean_score"));
    CHECK_FALSE(in_voi_group("activation effect", "activation.setpoint_sd"));
    CHECK(in_voi_group("uptake and delivery", "uptake.invitation"));
    CHECK(in_voi_group("uptake and delivery", "coaching.completion_after_start"));
    CHECK_FALSE(in_voi_group("uptake and delivery", "activation.coaching_gain_completers"));
    CHECK(in_voi_group("costs", "cost.coach_wte_year"));
    CHECK_FALSE(in_voi_group("costs", "gp.base_rate_per_year"));
}

TEST_CASE("voi table: --voi-measure takes the economics measures") {
    const auto measures = economics_measures(economic_settings(default_scenario()));
    for (const char* m : {"nmb_20000", "net_benefit_economic_nhs", "gp_appointments_released"})
        CHECK(std::find(measures.begin(), measures.end(), m) != measures.end());
    CHECK(std::find(measures.begin(), measures.end(), "net_benefits") == measures.end());
    CHECK(std::find(measures.begin(), measures.end(), kVoiMeasure) != measures.end());
}
