#pragma once
// True in the AddressSanitizer build, where a model run is about 10 times slower: long tests then
// run smaller cases.
namespace pcnsim::testing {
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
}  // namespace pcnsim::testing
