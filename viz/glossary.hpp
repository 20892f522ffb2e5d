#pragma once
// Definitions of every measure the report shows, in plain words; the headline tables' column heads
// link to them (id="g-<term>").
#include <string>
#include <vector>

namespace pcnsim::viz {

struct GlossaryEntry {
    const char* id;    // the anchor: g-<id>
    const char* term;
    const char* definition;
};

const std::vector<GlossaryEntry>& glossary();

// An economics measure in plain words ("net benefit to the NHS"); the name itself when it has none.
std::string measure_label(const std::string& measure);

// The glossary as an HTML section (id="glossary").
std::string glossary_html();

}  // namespace pcnsim::viz
