// Sweep files: the input is sweep.toml then the scenario files it may name (f1.toml .. f4.toml),
// separated by kFileSeparator lines.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_input.hpp"
#include "sim/scenario/sweep.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pcnsim;
    auto& scratch = fuzz::Scratch::get();
    scratch.clear();
    const auto parts = fuzz::split_files({reinterpret_cast<const char*>(data), size}, 5);
    for (std::size_t i = 1; i < parts.size(); ++i) scratch.write("f" + std::to_string(i) + ".toml", parts[i]);
    const auto path = scratch.write("sweep.toml", parts[0]).string();
    fuzz::expect_value_or_input_error([&] {
        Problems problems;
        load_sweep(path, problems);
        fuzz::check_problems(problems);
    });
    return 0;
}
