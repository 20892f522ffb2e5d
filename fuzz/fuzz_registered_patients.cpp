// The registered-patients CSV (NHS Digital's practice-level file), for the practices of the shipped data.
#include "fuzz/fuzz_one_file.hpp"
#include "sim/population/practice_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pcnsim;
    return fuzz::load_one_file(data, size, "registered.csv", [](const std::string& path, Problems& problems) {
        load_registered_patients(path, {fuzz::kOrgCodes.begin(), fuzz::kOrgCodes.begin() + 2}, problems);
    });
}
