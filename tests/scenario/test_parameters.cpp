// The parameter table: declared once, complete, self-consistent, and documented as generated.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sim/cli/describe.hpp"
#include "sim/scenario/parameters.hpp"

using namespace pcnsim;

namespace {
std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}
}  // namespace

TEST_CASE("parameters: every declaration is complete and its default inside its range") {
    std::set<std::string_view> names;
    for (const auto& d : parameter_declarations()) {
        CAPTURE(d.name);
        CHECK(names.insert(d.name).second);
        CHECK(!d.unit.empty());
        CHECK(!d.source.empty());
        CHECK(d.min <= d.default_value);
        CHECK(d.default_value <= d.max);
    }
    CHECK(names.size() > 90);
}

TEST_CASE("parameters: no declared source carries an editing mark") {
    // Sources are shown to a board (the report, docs/parameters.md): a value not checked against its
    // source says so in words ("...: an assumption"), not with a "verify" note or Markdown emphasis.
    for (const auto& d : parameter_declarations()) {
        CAPTURE(d.name);
        CAPTURE(d.source);
        std::string lower(d.source);
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        CHECK(lower.find("verify") == std::string::npos);
        CHECK(d.source.find('*') == std::string_view::npos);
    }
}

TEST_CASE("parameters: each prior fits its range (PSA and calibration draw from the prior truncated to the range)") {
    for (const auto& d : parameter_declarations()) {
        CAPTURE(d.name);
        CAPTURE(d.prior.describe());
        const Prior& p = d.prior;
        switch (p.kind) {
            case PriorKind::fixed: break;
            case PriorKind::beta:  // support [0, 1]; mean a / (a + b) inside the range
                CHECK(p.a > 0);
                CHECK(p.b > 0);
                CHECK(d.min >= 0.0);
                CHECK(d.max <= 1.0);
                CHECK(d.min <= p.a / (p.a + p.b));
                CHECK(p.a / (p.a + p.b) <= d.max);
                break;
            case PriorKind::lognormal:  // support (0, inf); the median is the default
                CHECK(p.b > 0);
                CHECK(d.min >= 0.0);
                CHECK(p.a == doctest::Approx(d.default_value));
                break;
            case PriorKind::normal:  // the mean inside the range
                CHECK(p.b > 0);
                CHECK(d.min <= p.a);
                CHECK(p.a <= d.max);
                break;
            case PriorKind::uniform:  // overlaps the range
                CHECK(p.a < p.b);
                CHECK(std::max(d.min, p.a) < std::min(d.max, p.b));
                break;
        }
    }
}

TEST_CASE("parameters: docs/parameters.md holds the table that `pcnsim params --markdown` prints") {
    // The table is generated from the declarations, not written by hand: a changed declaration
    // (name, unit, default, range, prior or source) needs the table regenerated with
    // scripts/refresh-parameters-doc.sh, which keeps the text above the table.
    std::ifstream in(std::string(PCNSIM_SOURCE_DIR) + "/docs/parameters.md");
    std::ostringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    const auto table = doc.find("| name | unit | default | range | prior | source |");
    REQUIRE_MESSAGE(table != std::string::npos, "docs/parameters.md has no parameter table");
    std::ostringstream generated;
    print_parameters(generated, true);
    const auto documented_lines = lines(doc.substr(table));
    const auto generated_lines = lines(generated.str());
    for (std::size_t i = 0; i < std::min(documented_lines.size(), generated_lines.size()); ++i) {
        CAPTURE(i);
        CHECK_MESSAGE(documented_lines[i] == generated_lines[i], "docs/parameters.md is out of date: run scripts/refresh-parameters-doc.sh");
    }
    CHECK(documented_lines.size() == generated_lines.size());
    CHECK(generated_lines.size() == parameter_declarations().size() + 2);  // header and rule
}

TEST_CASE("parameters: unknown names are errors and near names are suggested") {
    Parameters p;
    CHECK(Parameters::index_of("gp.base_rate_per_year") >= 0);
    CHECK(Parameters::index_of("gp.nope") == -1);
    CHECK_THROWS(p.get("gp.nope"));
    std::vector<std::string> known;
    for (const auto& d : parameter_declarations()) known.emplace_back(d.name);
    const auto close = closest_names("activation.causal_shar", known);
    REQUIRE(!close.empty());
    CHECK(close.front() == "activation.causal_share");
}
