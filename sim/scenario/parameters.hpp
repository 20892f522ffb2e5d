#pragma once
// Every model parameter is declared once (name, unit, default, range, prior, source), by the module
// that owns it (sim/core/module.hpp); the catalogue assembles them. The scenario loader, `pcnsim
// params`, the manifest (which records it for the report), PSA and calibration all read that one
// declaration. Processes copy the values they need into their own typed structs at start-up, so no
// string lookup happens inside the week loop.
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/declarations.hpp"

namespace pcnsim {

// Every module's parameters, in catalogue order (the index of a parameter).
const std::vector<ParameterDeclaration>& parameter_declarations();

// Resolved values for one run, indexed like parameter_declarations().
class Parameters {
public:
    Parameters();  // all defaults
    static int index_of(std::string_view name);  // -1 when unknown
    double get(std::string_view name) const;     // throws std::logic_error on an unknown name
    void set(std::string_view name, double value);
    double value(int index) const { return values_[static_cast<std::size_t>(index)]; }
    std::size_t size() const { return values_.size(); }

private:
    void check_made_after(int index, std::string_view name) const;
    std::vector<double> values_;
};

// Closest declared names, for "did you mean" hints.
std::vector<std::string> closest_names(std::string_view name, const std::vector<std::string>& known,
                                       std::size_t at_most = 3);
// "unknown parameter", with the closest declared name as a hint.
std::string unknown_parameter_message(std::string_view name);

}  // namespace pcnsim
