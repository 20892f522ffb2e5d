// Calibration configs: the input is calibration.toml, then scenario.toml, targets.csv and files the
// scenario may extend (f3.toml ..), separated by kFileSeparator lines; a last part starting "#set"
// holds --set overrides.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_input.hpp"
#include "sim/calibration/calibration_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pcnsim;
    const auto sets = fuzz::write_input_files(data, size, 7, [](std::size_t i) -> std::string {
        return i == 0 ? "calibration.toml" : i == 1 ? "scenario.toml" : i == 2 ? "targets.csv" : "f" + std::to_string(i) + ".toml";
    });
    fuzz::expect_value_or_input_error([&] {
        Problems problems;
        load_calibration_config((fuzz::Scratch::get().folder() / "calibration.toml").string(), sets, problems);
        fuzz::check_problems(problems);
    });
    return 0;
}
