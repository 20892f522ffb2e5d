// Resume files (partial runs), read as `--resume` reads them. The seeds are written with the
// fingerprint kFingerprint by fuzz_seeds (make_seeds.cpp), so the fuzzer starts
// past the fingerprint check.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_input.hpp"
#include "fuzz/resume_fingerprint.hpp"
#include "sim/engine/partial_run.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pcnsim;
    fuzz::expect_value_or_input_error([&] { deserialize_partial_run({reinterpret_cast<const char*>(data), size}, fuzz::kResumeFingerprint); });
    return 0;
}
