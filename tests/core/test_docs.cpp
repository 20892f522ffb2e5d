// The documentation tables stay in step with the code: every metric and parameter is documented.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "sim/output/metrics.hpp"

using namespace pcnsim;

namespace {
std::string read(const std::string& relative) {
    std::ifstream in(std::string(PCNSIM_SOURCE_DIR) + "/" + relative);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

TEST_CASE("docs: every output metric is in docs/metrics.md") {
    const auto doc = read("docs/metrics.md");
    REQUIRE(!doc.empty());
    for (const auto& m : metric_catalogue()) {
        CAPTURE(m.name);
        CHECK(doc.find("`" + std::string(m.name) + "`") != std::string::npos);
    }
}

TEST_CASE("docs: every parameter is in docs/parameters.md") {
    const auto doc = read("docs/parameters.md");
    REQUIRE(!doc.empty());
    for (const auto& d : parameter_declarations()) {
        CAPTURE(d.name);
        CHECK(doc.find("`" + std::string(d.name) + "`") != std::string::npos);
    }
}
