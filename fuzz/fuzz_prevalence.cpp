// The condition-prevalence CSV.
#include "fuzz/fuzz_one_file.hpp"
#include "sim/population/practice_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pcnsim;
    return fuzz::load_one_file(data, size, "prevalence.csv", [](const std::string& path, Problems& problems) {
        load_prevalence(path, fuzz::kOrgCodes, problems);
    });
}
