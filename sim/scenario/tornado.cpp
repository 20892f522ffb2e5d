#include "sim/scenario/tornado.hpp"

#include <algorithm>
#include <cmath>

#include "sim/scenario/psa.hpp"

namespace pcnsim {

double TornadoBar::swing() const { return std::abs(at_high.mean - at_low.mean); }

std::vector<int> tornado_parameters(const Scenario& scenario, const std::vector<std::string>& names, Problems& problems,
                                    const std::string& flag) {
    const auto& decls = parameter_declarations();
    std::vector<int> out;
    if (names.empty()) {
        for (std::size_t i = 0; i < decls.size(); ++i)
            if (psa_varies(scenario, static_cast<int>(i))) out.push_back(static_cast<int>(i));
        return out;
    }
    for (const auto& name : names) {
        const int index = Parameters::index_of(name);
        if (index < 0)
            problems.push_back({flag, 0, name, unknown_parameter_message(name)});
        else if (!psa_varies(scenario, index))
            problems.push_back({flag, 0, name,
                                decls[static_cast<std::size_t>(index)].prior.kind == PriorKind::fixed
                                    ? "has a fixed prior: the tornado varies parameters with a prior"
                                    : "the scenario sets it: the tornado varies the parameters the scenario leaves to their priors"});
        else if (std::find(out.begin(), out.end(), index) == out.end())
            out.push_back(index);
    }
    std::sort(out.begin(), out.end());
    return out;
}

Tornado tornado(const Parameters& base, const std::vector<int>& parameters, const MeasureAt& measure) {
    const auto& decls = parameter_declarations();
    Tornado out{measure(base), {}};
    for (const int index : parameters) {
        const auto& decl = decls[static_cast<std::size_t>(index)];
        TornadoBar bar{index, prior_quantile(decl, kTornadoLowQuantile), prior_quantile(decl, kTornadoHighQuantile), {}, {}};
        Parameters at = base;
        at.set(decl.name, bar.low_value);
        bar.at_low = measure(at);
        at.set(decl.name, bar.high_value);
        bar.at_high = measure(at);
        out.bars.push_back(bar);
    }
    // NaN compares false both ways: ranked below every defined swing, in declaration order.
    const auto key = [](const TornadoBar& b) { return std::isnan(b.swing()) ? -1.0 : b.swing(); };
    std::stable_sort(out.bars.begin(), out.bars.end(), [&key](const TornadoBar& a, const TornadoBar& b) { return key(a) > key(b); });
    return out;
}

}  // namespace pcnsim
