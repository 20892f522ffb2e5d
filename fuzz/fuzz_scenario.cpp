// Scenario files with their `extends` chain and --set overrides: the input is up to 8 files
// f0.toml (loaded) .. f7.toml, separated by kFileSeparator lines; a last part starting "#set" holds
// one override per line. Chains, cycles, missing and unreadable parents are all reachable.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_input.hpp"
#include "sim/scenario/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pcnsim;
    auto& scratch = fuzz::Scratch::get();
    scratch.clear();
    auto parts = fuzz::split_files({reinterpret_cast<const char*>(data), size}, 9);
    const auto sets = fuzz::set_overrides(parts);
    for (std::size_t i = 0; i < parts.size(); ++i) scratch.write("f" + std::to_string(i) + ".toml", parts[i]);
    fuzz::expect_value_or_input_error([&] {
        Problems problems;
        load_scenario((scratch.folder() / "f0.toml").string(), sets, problems);
        fuzz::check_problems(problems);
    });
    return 0;
}
