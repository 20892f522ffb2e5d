#pragma once
// SHA-256 digests of the files pcnsim writes and reads back (resume files, calibration checkpoints,
// posterior.csv): a file changed by hand or damaged on disk is refused instead of silently giving
// outputs that differ from an uninterrupted run.
#include <string>
#include <string_view>

namespace pcnsim {

// The SHA-256 of `bytes`, 64 lower-case hex digits (OpenSSL's libcrypto).
std::string sha256_hex(std::string_view bytes);

// `content` followed by a trailer line carrying its digest: "\nsha256 <64 hex digits>\n".
std::string seal(std::string content);

// The content of sealed bytes. Throws std::runtime_error (a message for the user, naming no file)
// when there is no trailer or the digest does not match the content.
std::string_view unseal(std::string_view sealed);

}  // namespace pcnsim
