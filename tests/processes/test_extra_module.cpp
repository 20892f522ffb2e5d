// Adding a pathway is one module file and one line in the registry (docs/architecture.md). This test
// is that walk-through: it declares a small extra module here, registers it, and finds its
// parameter, agent column, counter, metric, stream and scenario key everywhere pcnsim looks, with
// no other file changed. It also checks that the registry refuses modules that contradict one
// another, in every build.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "sim/core/catalogue.hpp"
#include "sim/core/distributions.hpp"
#include "sim/engine/week_plan.hpp"
#include "sim/output/metrics.hpp"
#include "sim/processes/module.hpp"
#include "tests/support.hpp"
#include "tests/temp_dir.hpp"

using namespace pcnsim;

namespace {

// "Other appointments": each patient books appointments with another service at a constant rate,
// Poisson each week from a stream of the module's own.
constexpr auto kOtherStream = static_cast<Stream>(40);

class OtherAppointments final : public Process {
public:
    explicit OtherAppointments(const ArmSetup& s)
        : weekly_rate_(s.model.scenario.parameters.get("other_appointments.rate_per_year") / 52.0),
          counter_(catalogue().counter("other_appointments")),
          column_(catalogue().extension("other_appointments_week")) {}

    void step(const WeekContext& ctx, AgentRange range, ThreadScratch& scratch) override {
        auto& a = ctx.agents;
        auto* week = a.extension<std::uint8_t>(column_);
        for (std::uint32_t i = range.begin; i < range.end; ++i) {
            Draws draws(ctx.key, i, static_cast<std::uint32_t>(ctx.week), kOtherStream);
            const auto n = std::min<std::uint32_t>(255, poisson(draws, weekly_rate_));
            week[i] = static_cast<std::uint8_t>(n);
            if (n) scratch.tally.add(counter_, group_cell(a, i), a.practice[i], n);
        }
    }

private:
    double weekly_rate_;
    Counter counter_;
    ExtensionColumn column_;
};

// A process that does nothing, of a given kind, for checks of the week's order.
class Idle final : public Process {
public:
    explicit Idle(Kind kind = Kind::per_agent) : kind_(kind) {}
    Kind kind() const override { return kind_; }
    void step(const WeekContext&, AgentRange, ThreadScratch&) override {}

private:
    Kind kind_;
};

const Module& other_appointments_module() {
    using namespace declare;
    static const Module m{
        .declaration = {
            .name = "other_appointments",
            .purpose = "appointments with another service at a constant rate (a test of adding a module)",
            .parameters = {{"other_appointments.rate_per_year", "appointments per patient-year", 1.0, 0.0, 10.0, logn(1.0, 0.1), kAssumption}},
            .columns = {extension_column<std::uint8_t>("other_appointments_week", kThisWeek, "other appointments this week")},
            .counters = {{"other_appointments", "appointments with another service"}},
            .metrics = {flow("other_appointments", "other_appointments", "appointments", "appointments with another service", 1000)},
            .streams = {{kOtherStream, "other_appointments", "the week's other appointments"}},
            .sections = {{"other_appointments", "another service", {{"enabled", KeyType::boolean, "run the module"}}}},
            .writes = {"other_appointments_week"},
        },
        .placement = Placement::each_arm,
        .week_order = 35,
        .included = [](const Scenario& s) { return s.module_setting("other_appointments.enabled") != 0.0; },
        .make = [](const ArmSetup& s) -> std::unique_ptr<Process> { return std::make_unique<OtherAppointments>(s); },
    };
    return m;
}

Scenario scenario_with(const std::string& extra_toml, testing::TempDir& dir) {
    const auto path = dir.path() / "scenario.toml";
    testing::write_file(path, "[run]\nweeks = 20\nwarmup_weeks = 0\nseed = 7\n[population]\nlist_size = 2000\npractices = 1\n" + extra_toml);
    Problems problems;
    Scenario s = load_scenario(path.string(), {}, problems);
    REQUIRE_MESSAGE(problems.empty(), (problems.empty() ? "" : problems.front().to_string()));
    return s;
}

}  // namespace

TEST_CASE("modules: an extra module registered alone gets its parameter, column, counter, metric, stream and scenario key") {
    const std::size_t built_in_parameters = parameter_declarations().size();
    const ModuleRegistration registration(other_appointments_module());
    const auto& cat = catalogue();

    // Parameter: declared once, at the end (earlier parameters keep their positions: PSA keys).
    CHECK(parameter_declarations().size() == built_in_parameters + 1);
    CHECK(Parameters::index_of("other_appointments.rate_per_year") == static_cast<int>(built_in_parameters));
    CHECK(Parameters().get("other_appointments.rate_per_year") == 1.0);
    // Counter, metric and stream.
    CHECK(static_cast<std::size_t>(cat.counter("other_appointments")) == kBuiltInCounters);
    REQUIRE(find_metric("other_appointments") != nullptr);
    CHECK(find_metric("other_appointments")->numerator == cat.counter("other_appointments"));
    CHECK(metric_catalogue().back().name == "other_appointments");
    CHECK(std::any_of(cat.streams().begin(), cat.streams().end(), [](const StreamDeclaration& s) { return s.id == kOtherStream; }));
    // Scenario key: accepted in its section, an unknown key refused with the module's keys suggested.
    testing::TempDir dir;
    // With coaching, so that the two arms differ and only the module's own draws are shared.
    Scenario s = scenario_with("[coaching]\nwte = 2\n[other_appointments]\nenabled = true\n[parameters]\n"
                               "\"other_appointments.rate_per_year\" = 2.6\n", dir);
    CHECK(s.module_setting("other_appointments.enabled") == 1.0);
    CHECK(s.parameters.get("other_appointments.rate_per_year") == 2.6);
    {
        const auto path = dir.path() / "bad.toml";
        testing::write_file(path, "[other_appointments]\nenabeld = true\n");
        Problems problems;
        load_scenario(path.string(), {}, problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems.front().to_string().find("other_appointments.enabeld") != std::string::npos);
        CHECK(problems.front().to_string().find("enabled") != std::string::npos);
    }
    // Column and week: the store sizes the column; the module runs between GP demand and capacity.
    const auto week = week_order_names(s, false);
    const auto at = [&](const char* name) { return std::find(week.begin(), week.end(), name) - week.begin(); };
    CHECK(at("gp_demand") < at("other_appointments"));
    CHECK(at("other_appointments") < at("gp_capacity"));
    testing::SteppedRun run(s);
    const auto column = catalogue().extension("other_appointments_week");
    REQUIRE(column.index < run.agents().shared_extension_columns.size());
    CHECK(std::get<std::vector<std::uint8_t>>(run.agents().shared_extension_columns[column.index]).size() == run.agents().size());
    const CounterSet total = run.run(20);

    // The weekly count is Poisson(2,000 x 2.6 / 52 = 100) in each of 20 weeks (the list size is
    // constant): total mean 2,000, SD sqrt(2,000) = 44.7. Within 4 SD fails by chance with
    // probability 6e-5.
    const double expected = 2000.0 * 2.6 / 52.0 * 20;
    CHECK(std::abs(static_cast<double>(total[cat.counter("other_appointments")]) - expected) < 4 * std::sqrt(expected));
    // Both arms draw from the same stream with the same keys: common random numbers, identical counts
    // although the arms differ (the coaching arm has a pathway, so its week runs other modules).
    CHECK(run.sim->last_week_groups(Arm::scenario)[0][cat.counter("other_appointments")] ==
          run.sim->last_week_groups(Arm::counterfactual)[0][cat.counter("other_appointments")]);
    CHECK(week_order_names(s, true).size() > week_order_names(s, false).size());
}

TEST_CASE("modules: a registered module that the scenario does not switch on changes nothing") {
    testing::TempDir dir;
    const Scenario plain = scenario_with("", dir);
    const CounterSet before = testing::SteppedRun(plain).run(8);
    const ModuleRegistration registration(other_appointments_module());
    const Scenario with_module_off = scenario_with("", dir);
    const CounterSet after = testing::SteppedRun(with_module_off).run(8);
    CHECK(before.v == after.v);
}

TEST_CASE("modules: contradictory declarations are refused when the catalogue or the week is assembled") {
    using namespace declare;
    std::vector<std::string_view> before;
    for (const auto* m : model_modules()) before.push_back(m->declaration.name);
    SUBCASE("two owners of one stream") {
        static const Module clash{.declaration = {.name = "clash", .streams = {{Stream::gp_queue_order, "again", "taken"}}}};
        CHECK_THROWS_WITH_AS(ModuleRegistration{clash}, doctest::Contains("a stream has one owner"), ContractError);
    }
    SUBCASE("two owners of one counter") {
        static const Module clash{.declaration = {.name = "clash", .counters = {{"gp_unmet", "again"}}}};
        CHECK_THROWS_WITH_AS(ModuleRegistration{clash}, doctest::Contains("counter 'gp_unmet' is declared twice"), ContractError);
    }
    SUBCASE("a uniform slot already used") {
        static const Module clash{.declaration = {.name = "clash", .slots = {Slot::gp_demand}}};
        CHECK_THROWS_WITH_AS(ModuleRegistration{clash}, doctest::Contains("a slot has one owner"), ContractError);
    }
    SUBCASE("a field read before any module writes it") {
        // Runs before GP capacity, which writes the week's appointments.
        static const Module early{
            .declaration = {.name = "early", .reads = {"gp_appointments_week"}},
            .placement = Placement::each_arm,
            .week_order = 25,
            .make = [](const ArmSetup&) -> std::unique_ptr<Process> { return std::make_unique<Idle>(); },
        };
        const ModuleRegistration registration(early);
        CHECK_THROWS_WITH_AS(testing::SteppedRun(testing::small_scenario(200, 1)), doctest::Contains("reads 'gp_appointments_week' before"),
                             ContractError);
    }
    SUBCASE("a field nobody declares") {
        static const Module ghost{.declaration = {.name = "ghost", .reads = {"no_such_field"}}};
        CHECK_THROWS_WITH_AS(ModuleRegistration{ghost}, doctest::Contains("no agent column of this week"), ContractError);
    }
    SUBCASE("a default outside its range") {
        static const Module bad{.declaration = {.name = "bad", .parameters = {{"bad.rate", "per year", 5.0, 0.0, 1.0, fixed(), kAssumption}}}};
        CHECK_THROWS_WITH_AS(ModuleRegistration{bad}, doctest::Contains("default 5 outside its range"), ContractError);
    }
    SUBCASE("a field with two writers") {
        static const Module bad{.declaration = {.name = "bad", .writes = {"gp_requests_week"}}};
        CHECK_THROWS_WITH_AS(ModuleRegistration{bad}, doctest::Contains("a field of the week has one writer"), ContractError);
    }
    SUBCASE("a scenario section declared twice") {
        static const Module bad{.declaration = {.name = "bad", .sections = {{"coaching", "again", {}}}}};
        CHECK_THROWS_WITH_AS(ModuleRegistration{bad}, doctest::Contains("[coaching] is declared by"), ContractError);
    }
    SUBCASE("more counters than the tally holds") {
        static const std::vector<std::string> names = [] {
            std::vector<std::string> n;
            for (std::size_t k = 0; k <= kCounters - kBuiltInCounters; ++k) n.push_back("extra_" + std::to_string(k));
            return n;
        }();
        static const Module bad{.declaration = {.name = "bad", .counters = [] {
            std::vector<CounterDeclaration> c;
            for (const auto& n : names) c.push_back({n, "one too many"});
            return c;
        }()}};
        CHECK_THROWS_WITH_AS(ModuleRegistration{bad}, doctest::Contains("the tally holds at most"), ContractError);
    }
    SUBCASE("a metric priced by an undeclared parameter") {
        static const Module bad{.declaration = {.name = "bad", .metrics = {cost("bad_cost", "gp_unmet", "cost.nothing", "x", 9990)}}};
        CHECK_THROWS_WITH_AS(ModuleRegistration{bad}, doctest::Contains("priced by 'cost.nothing'"), ContractError);
    }
    SUBCASE("a per-arm column that is no member of ArmState") {
        static const Module bad{.declaration = {.name = "bad", .columns = {column<&AgentStore::care_home>("care_home_again", kPerArm, "x")}}};
        CHECK_THROWS_WITH_AS(ModuleRegistration{bad}, doctest::Contains("no member of ArmState"), ContractError);
    }
    // After every refusal the model's own list and catalogue are back, module for module.
    std::vector<std::string_view> after, in_catalogue;
    for (const auto* m : model_modules()) after.push_back(m->declaration.name);
    for (const auto* m : catalogue().modules()) in_catalogue.push_back(m->name);
    CHECK(after == before);
    CHECK(in_catalogue == before);
}

TEST_CASE("modules: a uniform slot is drawn only in the pass that fills it") {
    // Every slot has an owner among the model's modules, so the check is exercised on a hand-made week.
    static const ModuleDeclaration plain{.name = "plain"};
    static const ModuleDeclaration noise{.name = "noise", .slots = {Slot::activation_noise}};
    static const ModuleDeclaration acute{.name = "acute", .slots = {Slot::acute_care}};
    const auto make = [](const ModuleDeclaration& d, Process::Kind kind) {
        auto p = std::make_unique<Idle>(kind);
        p->module = &d;
        return p;
    };
    using K = Process::Kind;
    {
        WeekPlan plan;  // the model's own shape: slot users in the first pass, acute care after a barrier
        plan.scenario_arm.push_back(make(noise, K::per_agent));
        plan.scenario_arm.push_back(make(plain, K::per_practice));
        plan.scenario_arm.push_back(make(acute, K::per_agent));
        CHECK(week_contract_problems(plan).empty());
    }
    {
        WeekPlan plan;  // a first-pass slot drawn after a barrier
        plan.scenario_arm.push_back(make(plain, K::per_agent));
        plan.scenario_arm.push_back(make(plain, K::per_pcn));
        plan.scenario_arm.push_back(make(noise, K::per_agent));
        const auto problems = week_contract_problems(plan);
        REQUIRE(problems.size() == 1);
        CHECK(problems.front().find("'noise' draws uniform slot 1 outside the week's first per-agent pass") != std::string::npos);
    }
    {
        WeekPlan plan;  // the carried acute-care word drawn before any pass fills it
        plan.scenario_arm.push_back(make(acute, K::per_practice));
        plan.scenario_arm.push_back(make(noise, K::per_agent));
        const auto problems = week_contract_problems(plan);
        REQUIRE(problems.size() == 1);
        CHECK(problems.front().find("'acute' draws the carried acute-care slot before any pass fills it") != std::string::npos);
    }
}
