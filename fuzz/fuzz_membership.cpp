// The PCN membership CSV: every PCN in the file, then only the PCNs asked for.
#include "fuzz/fuzz_one_file.hpp"
#include "sim/population/practice_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pcnsim;
    return fuzz::load_one_file(data, size, "membership.csv", [](const std::string& path, Problems& problems) {
        load_pcn_membership(path, {}, problems);
        fuzz::check_problems(problems);
        Problems asked;
        load_pcn_membership(path, {"ZPCN01", "ZPCN02"}, asked);
        fuzz::check_problems(asked);
    });
}
