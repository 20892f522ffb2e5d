#include "sim/core/digest.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace pcnsim {
namespace {

constexpr std::string_view kTrailerStart = "\nsha256 ";
constexpr std::size_t kHexDigits = 64;
constexpr std::size_t kTrailerSize = kTrailerStart.size() + kHexDigits + 1;

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), md.data(), &size, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("OpenSSL could not compute a SHA-256 digest");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < size; ++i) out += {hex[md[i] >> 4], hex[md[i] & 15]};
    return out;
}

std::string seal(std::string content) {
    const std::string digest = sha256_hex(content);
    content.append(kTrailerStart).append(digest).push_back('\n');
    return content;
}

std::string_view unseal(std::string_view sealed) {
    const auto trailer = sealed.size() >= kTrailerSize ? sealed.substr(sealed.size() - kTrailerSize) : std::string_view{};
    if (trailer.substr(0, kTrailerStart.size()) != kTrailerStart || trailer.back() != '\n')
        throw std::runtime_error("it carries no digest of its content (truncated, or not written by this pcnsim version)");
    const auto content = sealed.substr(0, sealed.size() - kTrailerSize);
    if (trailer.substr(kTrailerStart.size(), kHexDigits) != sha256_hex(content))
        throw std::runtime_error("its content does not match its SHA-256 digest: it was changed or damaged after pcnsim wrote it");
    return content;
}

}  // namespace pcnsim
