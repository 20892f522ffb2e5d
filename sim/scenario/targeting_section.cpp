// Reader of the [targeting] section: who the pathway is for (scenario.hpp, Targeting). [targeting]
// is itself a group of eligibility predicates that every patient must meet; each
// [[targeting.any_of]] table is another group, of which a patient must meet at least one.
#include <fmt/format.h>

#include <bit>
#include <cstdint>

#include "sim/core/agent_store.hpp"
#include "sim/scenario/scenario_reader.hpp"

namespace pcnsim::scenario_reader {
namespace {

void set_conditions(ReadContext& ctx, const toml::node& n, const std::string& k, std::uint8_t& target) {
    const auto* arr = n.as_array();
    const std::string names = "obesity, anxiety_depression, respiratory, diabetes, chronic_pain, frailty";
    if (!arr) return ctx.problem(n, k, "expected an array of condition names (" + names + ")");
    std::uint8_t bits = 0;
    for (const auto& e : *arr) {
        const auto v = e.value<std::string>();
        int found = -1;
        for (int c = 0; c < kConditionCount; ++c)
            if (v && *v == kConditionNames[c]) found = c;
        if (v && *v == "frailty") bits |= kFrailtyConditionBit;
        else if (found >= 0) bits |= static_cast<std::uint8_t>(1u << found);
        else return ctx.problem(e, k, "unknown condition" + (v ? " '" + *v + "'" : std::string()) + "; expected one of " + names);
    }
    target = bits;
    ctx.record(k);
}

void set_quintiles(ReadContext& ctx, const toml::node& n, const std::string& k, std::uint8_t& target) {
    const auto* arr = n.as_array();
    if (!arr || arr->empty()) return ctx.problem(n, k, "expected a non-empty array of IMD quintiles 1-5 (1 = most deprived)");
    std::uint8_t bits = 0;
    for (const auto& e : *arr) {
        const auto q = e.value<std::int64_t>();
        if (!e.is_integer() || !q || *q < 1 || *q > 5) return ctx.problem(e, k, "IMD quintiles are integers 1-5");
        bits |= static_cast<std::uint8_t>(1u << (*q - 1));
    }
    target = bits;
    ctx.record(k);
}

void set_care_home(ReadContext& ctx, const toml::node& n, const std::string& k, int& target) {
    if (!n.is_boolean()) return ctx.problem(n, k, "expected true or false, got " + type_name(n));
    target = *n.value<bool>() ? 1 : 0;
    ctx.record(k);
}

// One eligibility predicate (eligibility_rule_keys()) into `r`; false when `key` is not one.
bool read_rule_key(ReadContext& ctx, std::string_view key, const toml::node& n, const std::string& k, EligibilityRule& r) {
    if (key == "conditions_any") set_conditions(ctx, n, k, r.conditions_any);
    else if (key == "conditions_all") set_conditions(ctx, n, k, r.conditions_all);
    else if (key == "conditions_counted") set_conditions(ctx, n, k, r.conditions_counted);
    else if (key == "conditions_at_least") ctx.set_int(n, k, r.conditions_at_least, 0, 6);
    else if (key == "pam_level_at_most") ctx.set_int(n, k, r.pam_level_at_most, 1, 4);
    else if (key == "risk_top_percent") ctx.set_double(n, k, r.risk_top_percent, 0.0, 100.0);
    else if (key == "imd_quintiles") set_quintiles(ctx, n, k, r.imd_quintiles);
    else if (key == "age_min") ctx.set_int(n, k, r.age_min, 0, 150);
    else if (key == "age_max") ctx.set_int(n, k, r.age_max, 0, 150);
    else if (key == "repeat_meds_at_most") ctx.set_int(n, k, r.repeat_meds_at_most, 0, 255);
    else if (key == "gp_appointments_12m_at_least") ctx.set_int(n, k, r.gp_appointments_12m_at_least, 0, 1000);
    else if (key == "gp_appointments_12m_top_percent") ctx.set_double(n, k, r.gp_appointments_12m_top_percent, 0.0, 100.0);
    else if (key == "care_home") set_care_home(ctx, n, k, r.care_home);
    else if (key == "frailty_at_least") {
        if (auto v = ctx.choice(n, k, {"fit", "mild", "moderate", "severe"})) r.frailty_at_least = *v;
    } else return false;
    return true;
}

// [[targeting.any_of]]: an array of tables, each a group of eligibility predicates. The groups of
// the file (or --set) that sets any_of replace those set before.
void set_any_of(ReadContext& ctx, const toml::node& n, const std::string& k, Targeting& targeting) {
    const auto* arr = n.as_array();
    if (!arr || !arr->is_array_of_tables())
        return ctx.problem(n, k, "expected [[targeting.any_of]] tables, each a group of eligibility predicates");
    targeting.any_of.assign(arr->size(), EligibilityRule{});
    for (std::size_t i = 0; i < arr->size(); ++i) {
        auto& rule = targeting.any_of[i];
        check_known_keys(*(*arr)[i].as_table(), k, eligibility_rule_keys(), ctx,
                         [&ctx, &rule](std::string_view key, const toml::node& value, const std::string& dotted_key) {
                             if (!read_rule_key(ctx, key, value, dotted_key, rule)) unread_known_key(dotted_key);
                         });
        check_rule_selects_someone(ctx, rule, k);
    }
    ctx.record(k);
}

}  // namespace

void check_rule_selects_someone(ReadContext& ctx, const EligibilityRule& rule, const std::string& prefix) {
    const auto at = [&ctx, &prefix](const char* a, const char* b) { return ctx.later_origin(prefix + "." + a, prefix + "." + b); };
    if (rule.age_min > rule.age_max)
        if (const Problem* where = at("age_min", "age_max"))
            ctx.problem_at(*where, fmt::format("age_min ({}) is above age_max ({}): the age range selects nobody", rule.age_min, rule.age_max));
    const int counted = std::popcount(rule.conditions_counted);
    if (rule.conditions_at_least > counted)
        if (const Problem* where = at("conditions_at_least", "conditions_counted"))
            ctx.problem_at(*where, fmt::format("conditions_at_least ({}) is above the number of conditions_counted ({}): the rule selects nobody",
                                               rule.conditions_at_least, counted));
}

void read_targeting_key(ReadContext& ctx, std::string_view key, const toml::node& n, const std::string& k) {
    auto& targeting = ctx.scenario().targeting;
    if (key == "name") ctx.set_string(n, k, targeting.name);
    else if (key == "priority") {
        if (auto v = ctx.choice(n, k, {"none", "risk", "low_activation", "gp_use", "deprivation"}))
            targeting.priority = static_cast<TargetingPriority>(*v);
    } else if (key == "case_finding") ctx.set_bool(n, k, targeting.case_finding);
    else if (key == "any_of") set_any_of(ctx, n, k, targeting);
    else if (!read_rule_key(ctx, key, n, k, targeting.all_of)) unread_known_key(k);
}

}  // namespace pcnsim::scenario_reader
