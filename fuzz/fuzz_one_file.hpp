#pragma once
// A fuzz target whose input is one file, given to `load(path, problems)`.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_input.hpp"

namespace pcnsim::fuzz {

template <class Load>
int load_one_file(const std::uint8_t* data, std::size_t size, const char* name, Load&& load) {
    auto& scratch = Scratch::get();
    scratch.clear();
    const std::string path = scratch.write(name, {reinterpret_cast<const char*>(data), size}).string();
    expect_value_or_input_error([&] {
        Problems problems;
        load(path, problems);
        check_problems(problems);
    });
    return 0;
}

// The practices the shipped data files describe (scenarios/data), and one no file has.
inline const std::vector<std::string> kOrgCodes = {"Z00001", "Z00002", "Z00003", "Z10001", "Z10002", "Z99999"};

}  // namespace pcnsim::fuzz
