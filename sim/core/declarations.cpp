#include "sim/core/declarations.hpp"

#include <fmt/format.h>

namespace pcnsim {

std::string Prior::describe() const {
    switch (kind) {
        case PriorKind::fixed: return "fixed";
        case PriorKind::beta: return fmt::format("Beta({:g}, {:g})", a, b);
        case PriorKind::lognormal: return fmt::format("LogNormal(median {:g}, sdlog {:g})", a, b);
        case PriorKind::normal: return fmt::format("Normal({:g}, {:g})", a, b);
        case PriorKind::uniform: return fmt::format("Uniform({:g}, {:g})", a, b);
    }
    return "?";
}

std::string_view key_type_name(KeyType t) {
    switch (t) {
        case KeyType::boolean: return "true or false";
        case KeyType::integer: return "integer";
        case KeyType::number: return "number";
        case KeyType::text: return "text";
        case KeyType::list: return "list";
        case KeyType::table: return "table";
    }
    return "?";
}

}  // namespace pcnsim
