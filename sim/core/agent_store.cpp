#include "sim/core/agent_store.hpp"

#include "sim/core/catalogue.hpp"

namespace pcnsim {

// The columns are those the modules declare (catalogue.hpp): resize, size and copy all follow
// that one list, so a module's new column needs no change here.
void AgentStore::resize(std::size_t n) {
    const auto& cat = catalogue();
    extension_columns.resize(cat.extension_column_count(ColumnScope::per_arm));
    shared_extension_columns.resize(cat.extension_column_count(ColumnScope::shared));
    for (const auto& c : cat.columns()) {
        if (c.resize) {
            c.resize(*this, n);
            continue;
        }
        const auto ext = cat.extension(c.name);
        auto& storage = ext.scope == ColumnScope::per_arm ? extension_columns[ext.index] : shared_extension_columns[ext.index];
        if (storage.valueless_by_exception() || storage.index() != c.make_storage().index()) storage = c.make_storage();
        std::visit([n](auto& v) { v.resize(n); }, storage);
    }
}

std::size_t AgentStore::bytes_per_agent() const {
    std::size_t bytes = 0;
    for (const auto& c : catalogue().columns()) bytes += c.scope == ColumnScope::per_arm ? 2 * c.bytes : c.bytes;
    return bytes;
}

void AgentStore::copy_arm_state_to(ArmState& other, std::size_t i) const {
    for (const auto* c : catalogue().member_per_arm_columns()) c->copy_to_arm(*this, other, i);
    for (std::size_t k = 0; k < extension_columns.size(); ++k)
        std::visit([&](const auto& from) {
            using V = std::decay_t<decltype(from)>;
            std::get<V>(other.extension_columns[k])[i] = from[i];
        }, extension_columns[k]);
}

}  // namespace pcnsim
