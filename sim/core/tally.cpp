#include "sim/core/tally.hpp"

namespace pcnsim {

void Tally::clear() {
    for (auto& c : cells) c = CounterSet{};
    for (auto& p : practices) p = CounterSet{};
    cohorts.fill(CounterSet{});
    pcn = CounterSet{};
}

Tally& Tally::operator+=(const Tally& o) {
    for (std::size_t i = 0; i < cells.size(); ++i) cells[i] += o.cells[i];
    for (std::size_t i = 0; i < practices.size(); ++i) practices[i] += o.practices[i];
    for (std::size_t i = 0; i < cohorts.size(); ++i) cohorts[i] += o.cohorts[i];
    pcn += o.pcn;
    return *this;
}

}  // namespace pcnsim
