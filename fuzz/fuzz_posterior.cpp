// posterior.csv as `pcnsim calibrate` writes it and `--posterior` reads it.
#include "fuzz/fuzz_one_file.hpp"
#include "sim/scenario/posterior.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pcnsim;
    return fuzz::load_one_file(data, size, "posterior.csv", [](const std::string& path, Problems& problems) { load_posterior(path, problems); });
}
