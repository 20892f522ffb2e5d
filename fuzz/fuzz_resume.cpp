// Resume files (partial runs), read as `--resume` reads them. The seeds are written with the
// fingerprint kFingerprint by fuzz_seeds (make_seeds.cpp), so the fuzzer starts past the fingerprint
// check; each input is also sealed with its digest, so it reaches the reader past the digest check.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_input.hpp"
#include "fuzz/resume_fingerprint.hpp"
#include "sim/core/digest.hpp"
#include "sim/engine/partial_run.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pcnsim;
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    // As given: the digest check on any bytes (a changed file must be refused, never read).
    fuzz::expect_value_or_input_error([&] { deserialize_partial_run(bytes, fuzz::kResumeFingerprint); });
    // The same bytes sealed, so that the fuzzer also reaches the reader behind the digest check.
    fuzz::expect_value_or_input_error([&] { deserialize_partial_run(seal(bytes), fuzz::kResumeFingerprint); });
    return 0;
}
