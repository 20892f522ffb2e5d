// The outputs' size estimated before a run (sim/output/output_size.hpp) against the bytes the writers
// then write, and the refusal above the limit.
#include <doctest/doctest.h>

#include <filesystem>

#include "sim/output/output_size.hpp"
#include "sim/output/patient_extract.hpp"
#include "sim/output/timeseries.hpp"
#include "tests/support.hpp"
#include "tests/temp_dir.hpp"

using namespace pcnsim;

namespace {

std::vector<PcnProfile> pcns_of(const Scenario& s) {
    Problems problems;
    auto pcns = build_pcn_profiles(s, PopulationModel(s.parameters), problems);
    REQUIRE(problems.empty());
    return pcns;
}

}  // namespace

// The estimate counts every row exactly and guesses only the formatted numbers' width (10 bytes
// each): within 25% of the bytes written, for one PCN of synthetic practices and for the fictional
// practice files (other group keys), with one number per row and with bands (six numbers).
TEST_CASE("output size: the estimate is within 25% of the timeseries.csv and patients.csv written") {
    testing::TempDir tmp;
    for (const char* file : {"scenarios/tests/small.toml", "scenarios/tests/small-practice-files.toml"})
        for (const bool bands : {false, true}) {
            CAPTURE(file);
            CAPTURE(bands);
            auto s = testing::load_test_scenario(file, {"run.weeks=6", "run.warmup_weeks=0", "run.replications=2"});
            s.run.patient_extract = !bands;
            OutputOptions options;
            options.timeseries_bands = bands;
            const auto estimate = estimate_outputs(s, pcns_of(s), options);
            const auto run = run_scenario(s);
            const auto path = tmp / "timeseries.csv";
            bands ? write_timeseries_bands(run, path) : write_timeseries(run, path);
            const auto written = static_cast<double>(std::filesystem::file_size(path));
            CHECK(static_cast<double>(estimate.timeseries_bytes) == doctest::Approx(written).epsilon(0.25));
            if (!bands) {
                write_patient_extract(run, tmp / "patients.csv");
                const auto extract = static_cast<double>(std::filesystem::file_size(tmp / "patients.csv"));
                CHECK(static_cast<double>(estimate.patient_extract_bytes) == doctest::Approx(extract).epsilon(0.25));
            } else {
                CHECK(estimate.patient_extract_bytes == 0);
            }
        }
}

TEST_CASE("output size: above the limit the message gives the estimate and how to reduce it") {
    OutputEstimate e;
    e.timeseries_bytes = 3'300'000'000;
    e.patient_extract_bytes = 200'000'000;
    CHECK_FALSE(output_too_large(e, 4'000'000'000).has_value());
    const auto message = output_too_large(e, 2'000'000'000);
    REQUIRE(message.has_value());
    CHECK(message->find("about 3.5 GB (timeseries.csv 3.3 GB, patients.csv 0.2 GB), more than the limit of 2.0 GB") != std::string::npos);
    CHECK(message->find("--timeseries-bands") != std::string::npos);
    CHECK(message->find("--max-output-gb 4") != std::string::npos);
}
