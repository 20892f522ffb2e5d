// The documentation tables stay in step with the code: every metric and parameter is documented.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "sim/engine/module_listing.hpp"
#include "sim/output/metrics.hpp"

using namespace pcnsim;

namespace {
template <class Names>
void check_every_name_in(const std::string& relative, const Names& names) {
    std::ifstream in(std::string(PCNSIM_SOURCE_DIR) + "/" + relative);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    REQUIRE(!doc.empty());
    for (const auto& name : names) {
        CAPTURE(name);
        CHECK(doc.find("`" + std::string(name) + "`") != std::string::npos);
    }
}
}  // namespace

TEST_CASE("docs: every output metric is in docs/metrics.md") {
    std::vector<std::string_view> names;
    for (const auto& m : metric_catalogue()) names.push_back(m.name);
    check_every_name_in("docs/metrics.md", names);
}

TEST_CASE("docs: every parameter is in docs/parameters.md") {
    std::vector<std::string_view> names;
    for (const auto& d : parameter_declarations()) names.push_back(d.name);
    check_every_name_in("docs/parameters.md", names);
}

TEST_CASE("docs: docs/modules.md is what `pcnsim modules --markdown` prints") {
    std::ifstream in(std::string(PCNSIM_SOURCE_DIR) + "/docs/modules.md");
    std::ostringstream doc, generated;
    doc << in.rdbuf();
    print_modules(generated, true);
    CHECK_MESSAGE(doc.str() == generated.str(), "run: build/release/pcnsim modules --markdown > docs/modules.md");
}
