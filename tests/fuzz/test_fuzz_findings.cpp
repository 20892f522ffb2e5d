// Regression tests of the defects the fuzz targets found (fuzz/, docs/testing.md): each input, cut
// down to what triggers it, and the behaviour the loader's contract asks for. The crashing inputs
// themselves are in the targets' corpus (fuzz/corpus/<target>/crash-*).
#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/digest.hpp"
#include "sim/core/tally.hpp"
#include "sim/engine/partial_run.hpp"
#include "sim/scenario/parameters.hpp"

using namespace pcnsim;

namespace {

const std::string kMagic = "pcnsim-partial-run 1\n";

// A resume file with `header` as its JSON header and nothing after it.
std::string resume_bytes(const std::string& header) { return kMagic + std::to_string(header.size()) + "\n" + header; }

// The reader's refusal of `bytes`, sealed with their digest so that the reader itself reads them.
std::string refusal(const std::string& bytes) {
    try {
        deserialize_partial_run(seal(bytes), "fp");
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("fuzz findings: a resume file whose header size is not a number is refused as damaged") {
    // Found by fuzz_resume: std::stoul threw std::invalid_argument (or std::out_of_range for 30 digits).
    CHECK(refusal(kMagic + "abc\n{}") == "the file is damaged (header size)");
    CHECK(refusal(kMagic + "999999999999999999999999999999\n{}") == "the file is damaged (header size)");
    CHECK(refusal(kMagic + "-2\n{}") == "the file is damaged (header size)");
}

TEST_CASE("fuzz findings: a resume file whose header is not JSON or lacks a field is refused as damaged") {
    // Found by fuzz_resume: nlohmann::json's parse_error and out_of_range escaped as themselves.
    CHECK(refusal(resume_bytes("{\"fingerprint\":")).find("the file is damaged (") == 0);
    CHECK(refusal(resume_bytes("{\"fingerprint\":\"fp\"}")).find("the file is damaged (") == 0);
    CHECK(refusal(resume_bytes("[1]")).find("the file is damaged (") == 0);
}

TEST_CASE("fuzz findings: a resume file announcing more weeks than its bytes hold is refused before allocating them") {
    // Found by fuzz_resume: a slot of 10^15 weeks of no group passed the size check (0 bytes) and
    // the reader allocated 10^15 empty weeks; a product of sizes could also wrap around.
    const std::string head = "{\"fingerprint\":\"fp\",\"counters\":" + std::to_string(kCounters) +
                             ",\"agents\":1,\"bytes_per_agent\":1,\"practice_list_sizes\":[],\"pcn_list_sizes\":[],"
                             "\"units_done\":\"\",\"slots\":[[0,";
    const auto slot = [&head](const std::string& weeks, const std::string& groups) {
        return head + weeks + "," + groups + ",{}]]}";
    };
    CHECK(refusal(resume_bytes(slot("1000000000000000", "0"))) == "the file is damaged (weeks with no group)");
    CHECK(refusal(resume_bytes(slot("4611686018427387904", "4611686018427387904"))).find("truncated") != std::string::npos);
    CHECK(refusal(resume_bytes(slot("1", "1"))).find("truncated") != std::string::npos);
}

TEST_CASE("fuzz findings: a name far longer than any known one gets its hint in linear time") {
    // Found profiling fuzz_posterior: the "did you mean" hint compared an unknown name with every
    // declared parameter by edit distance, O(length x 300 names x 30 characters), so a scenario whose
    // [parameters] key (or a posterior.csv whose column) is a megabyte of damaged text took seconds
    // to minutes; the difference in length bounds the distance, so most names are skipped.
    std::vector<std::string> known;
    for (const auto& d : parameter_declarations()) known.emplace_back(d.name);
    const std::string huge(10'000'000, 'g');
    const auto start = std::chrono::steady_clock::now();
    CHECK(closest_names(huge, known).empty());
    // 10 MB: about 10^11 steps before the fix (minutes in a release build), milliseconds after it.
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    CHECK(closest_names("gp.base_rate_per_yr", known, 1) == std::vector<std::string>{"gp.base_rate_per_year"});
}
