// The calibration targets CSV.
#include "fuzz/fuzz_one_file.hpp"
#include "sim/calibration/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pcnsim;
    return fuzz::load_one_file(data, size, "targets.csv", [](const std::string& path, Problems& problems) { load_targets(path, problems); });
}
