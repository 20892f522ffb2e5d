#include "sim/core/agent_store.hpp"

#include <tuple>

namespace pcnsim {

namespace {
// The per-arm columns, listed once: resize, size and copy all follow this list.
constexpr auto kArmColumns = std::make_tuple(&ArmState::pam_score, &ArmState::pam_setpoint, &ArmState::gp_history,
                                             &ArmState::acute_history);

template <class F>
void for_each_arm_column(ArmState& a, F&& f) {
    std::apply([&](auto... column) { (f(a.*column), ...); }, kArmColumns);
}
template <class F>
void for_each_shared_column(AgentStore& a, F&& f) {
    f(a.practice), f(a.age), f(a.sex), f(a.imd_quintile), f(a.conditions), f(a.frailty);
    f(a.repeat_meds), f(a.care_home), f(a.registered_week);
    f(a.propensity_permanent), f(a.propensity);
    f(a.coaching_state), f(a.coaching_progress), f(a.coaching_week);
    f(a.gp_requests_week), f(a.gp_appointments_week), f(a.gp_diverted_week), f(a.ae_week), f(a.admissions_week);
}
template <class Column>
std::size_t element_bytes(const Column&) { return sizeof(typename Column::value_type); }
}  // namespace

void AgentStore::resize(std::size_t n) {
    for_each_arm_column(*this, [n](auto& column) { column.resize(n); });
    for_each_shared_column(*this, [n](auto& column) { column.resize(n); });
}

std::size_t AgentStore::bytes_per_agent() const {
    std::size_t shared = 0, arm = 0;
    auto& self = const_cast<AgentStore&>(*this);
    for_each_shared_column(self, [&shared](auto& column) { shared += element_bytes(column); });
    for_each_arm_column(self, [&arm](auto& column) { arm += element_bytes(column); });
    return shared + 2 * arm;
}

void AgentStore::copy_arm_state_to(ArmState& other, std::size_t i) const {
    std::apply([&](auto... column) { (((other.*column)[i] = (this->*column)[i]), ...); }, kArmColumns);
}

}  // namespace pcnsim
