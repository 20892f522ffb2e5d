// Scenario files with their `extends` chain and --set overrides: the input is up to 8 files
// f0.toml (loaded) .. f7.toml, separated by kFileSeparator lines; a last part starting "#set" holds
// one override per line. Chains, cycles, missing and unreadable parents are all reachable.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_input.hpp"
#include "sim/scenario/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pcnsim;
    const auto sets = fuzz::write_input_files(data, size, 9, [](std::size_t i) { return "f" + std::to_string(i) + ".toml"; });
    fuzz::expect_value_or_input_error([&] {
        Problems problems;
        load_scenario((fuzz::Scratch::get().folder() / "f0.toml").string(), sets, problems);
        fuzz::check_problems(problems);
    });
    return 0;
}
