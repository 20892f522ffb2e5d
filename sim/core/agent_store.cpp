#include "sim/core/agent_store.hpp"

namespace pcnsim {

namespace {
template <class F>
void for_each_column(AgentStore& a, F&& f) {
    f(a.practice), f(a.age), f(a.sex), f(a.imd_quintile), f(a.conditions), f(a.frailty);
    f(a.repeat_meds), f(a.care_home), f(a.registered_week);
    f(a.propensity_permanent), f(a.propensity_transient), f(a.propensity), f(a.pam_score), f(a.pam_setpoint);
    f(a.gp_history), f(a.acute_history);
    f(a.gp_requests_week), f(a.gp_appointments_week), f(a.gp_diverted_week), f(a.ae_week), f(a.admissions_week);
}
}  // namespace

void AgentStore::resize(std::size_t n) {
    for_each_column(*this, [n](auto& column) { column.resize(n); });
}

std::size_t AgentStore::bytes_per_agent() const {
    std::size_t bytes = 0;
    for_each_column(const_cast<AgentStore&>(*this),
                    [&bytes](auto& column) { bytes += sizeof(typename std::decay_t<decltype(column)>::value_type); });
    return bytes;
}

}  // namespace pcnsim
