// Digests of the files pcnsim reads back (sim/core/digest.hpp): SHA-256 as published, and sealed
// bytes refused when one byte of their content or of their digest is changed.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "sim/core/digest.hpp"

using namespace pcnsim;

TEST_CASE("digest: SHA-256 of the FIPS 180-2 test messages") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("digest: sealed bytes give back their content and refuse any changed byte") {
    const std::string content = std::string("header 3000\n") + std::string(1, '\0') + "binary\xff";
    const std::string sealed = seal(content);
    CHECK(unseal(sealed) == content);
    // Every single byte changed, in the content and in the trailer, is refused.
    for (std::size_t i = 0; i < sealed.size(); ++i) {
        std::string changed = sealed;
        changed[i] = static_cast<char>(changed[i] ^ 1);
        CAPTURE(i);
        CHECK_THROWS_AS(unseal(changed), std::runtime_error);
    }
    std::string digit = sealed;
    digit[digit.find('3')] = '4';
    CHECK_THROWS_WITH_AS(unseal(digit), doctest::Contains("changed or damaged"), std::runtime_error);
    CHECK_THROWS_WITH_AS(unseal(content), doctest::Contains("no digest"), std::runtime_error);
    CHECK_THROWS_AS(unseal(sealed.substr(0, sealed.size() - 1)), std::runtime_error);
    CHECK_THROWS_AS(unseal(""), std::runtime_error);
}
