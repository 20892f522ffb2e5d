#pragma once
// The fingerprint of the resume files in the fuzz corpus (fuzz_resume and its seed writer).
namespace pcnsim::fuzz {
inline constexpr const char* kResumeFingerprint = "{\"fuzz\":1}";
}
