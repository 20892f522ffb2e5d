// The deprivation CSV (IMD quintile shares or IMD scores).
#include "fuzz/fuzz_one_file.hpp"
#include "sim/population/practice_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pcnsim;
    return fuzz::load_one_file(data, size, "deprivation.csv", [](const std::string& path, Problems& problems) {
        load_deprivation(path, fuzz::kOrgCodes, problems);
    });
}
