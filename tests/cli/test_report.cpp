// pcnsim report and --report: the headline numbers are those of the CSV files (parsed, compared as
// written), every chart is there, nothing refers outside the file, and bad folders are refused
// with file, line and key before anything is written.
#include <algorithm>
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>
#include <cctype>
#include <string>
#include <vector>

#include "cli_helpers.hpp"

using namespace pcnsim_cli_test;

namespace {

// std::regex is avoided: GCC 12 gives false -Wmaybe-uninitialized warnings inside it under the sanitizers.
std::string attribute(const std::string& tag, const std::string& name) {
    const auto at = tag.find(" " + name + "=\"");
    if (at == std::string::npos) return "";
    const auto begin = at + name.size() + 3;
    return tag.substr(begin, tag.find('"', begin) - begin);
}

// Every opening tag `<name ...>` in text.
std::vector<std::string> tags(const std::string& text, const std::string& name) {
    std::vector<std::string> out;
    for (auto at = text.find("<" + name + " "); at != std::string::npos; at = text.find("<" + name + " ", at + 1))
        out.push_back(text.substr(at, text.find('>', at) - at + 1));
    return out;
}

// A headline table's rows: scenario -> (data-source -> data-value).
std::map<std::string, std::map<std::string, std::string>> headline_cells(const std::string& html, const std::string& id = "headline") {
    std::map<std::string, std::map<std::string, std::string>> rows;
    const auto begin = html.find("<table id=\"" + id + "\"");
    REQUIRE(begin != std::string::npos);
    const std::string table = html.substr(begin, html.find("</table>", begin) - begin);
    for (auto row = table.find("<tr data-scenario="); row != std::string::npos; row = table.find("<tr data-scenario=", row + 1)) {
        const std::string text = table.substr(row, table.find("</tr>", row) - row);
        auto& into = rows[attribute(text.substr(0, text.find('>') + 1), "data-scenario")];
        for (const auto& cell : tags(text, "td"))
            if (cell.find(" data-source=") != std::string::npos) into[attribute(cell, "data-source")] = attribute(cell, "data-value");
    }
    return rows;
}

// Every "scheme://host" or "//host" reference in text.
std::vector<std::string> urls(const std::string& text) {
    std::vector<std::string> out;
    for (auto at = text.find("//"); at != std::string::npos; at = text.find("//", at + 2)) {
        auto start = at;
        if (start > 0 && text[start - 1] == ':')  // a scheme: "http:", "https:", "file:"
            for (--start; start > 0 && std::isalpha(static_cast<unsigned char>(text[start - 1]));) --start;
        auto end = at + 2;
        while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '.' || text[end] == '-')) ++end;
        if (end > at + 2) out.push_back(text.substr(start, end - start));
    }
    return out;
}

Outcome run_ok(const TempDir& tmp, const std::vector<std::string>& args) {
    const auto r = run_pcnsim(tmp, args);
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    return r;
}

}  // namespace

TEST_CASE("report: every headline number equals economics.csv or comparison.csv, and every chart is in the page") {
    TempDir tmp;
    const fs::path out = tmp / "cmp";
    run_ok(tmp, {"compare", kSmall.string(), kSmallCoaching.string(), "--replications", "3", "--quiet", "--report", "--out", out.string()});
    const std::string html = read_file(out / "report.html");
    const auto rows = headline_cells(html);
    REQUIRE(rows.size() == 2);
    std::map<std::string, std::string> prob_best;  // from comparison.csv
    std::size_t prob_best_column = 0;
    for (const auto& line : lines_of(read_file(out / "comparison.csv"))) {
        const auto f = fields(line);
        if (f[0] == "rank") prob_best_column = static_cast<std::size_t>(std::find(f.begin(), f.end(), "prob_best") - f.begin());
        else prob_best[f[1]] = f.at(prob_best_column);
    }
    int compared = 0;
    for (const auto& [scenario, cells] : rows) {
        CAPTURE(scenario);
        const auto econ = economics_of(out / scenario / "economics.csv");
        for (const auto& [source, value] : cells) {
            CAPTURE(source);
            const auto colon = source.find(':');
            const std::string file = source.substr(0, colon), measure = source.substr(colon + 1);
            if (file == "economics.csv") {
                REQUIRE(econ.count(measure) == 1);
                CHECK(value == econ.at(measure));
            } else {
                REQUIRE(file == "comparison.csv");
                CHECK(value == prob_best.at(scenario));
            }
            ++compared;
        }
    }
    // small spends nothing: net benefit, cost and P(best) (ROI, P(ROI > 1) and payback are "n/a:
    // nothing spent"); small-coaching has all six.
    CHECK(compared == 9);
    CHECK(count_of(html, "n/a: nothing spent") == 3);
    // Capacity and waits: the economics.csv counts and summary.csv's scenario and difference totals.
    const auto capacity = headline_cells(html, "capacity");
    REQUIRE(capacity.size() == 2);
    int capacity_compared = 0;
    for (const auto& [scenario, cells] : capacity) {
        CAPTURE(scenario);
        const auto econ = economics_of(out / scenario / "economics.csv");
        std::map<std::string, std::string> totals;  // "arm/metric" -> total
        for (const auto& line : lines_of(read_file(out / scenario / "summary.csv"))) {
            const auto f = fields(line);
            if (f.size() > 5 && f[3] == "all") totals[f[1] + "/" + f[2]] = f[5];
        }
        for (const auto& [source, value] : cells) {
            CAPTURE(source);
            const auto colon = source.find(':');
            const std::string file = source.substr(0, colon), key = source.substr(colon + 1);
            CHECK(value == (file == "economics.csv" ? econ.at(key) : totals.at(key)));
            ++capacity_compared;
        }
    }
    CHECK(capacity_compared == 14);  // 3 counts and 3 summaries each; coaching wait and utilisation for small-coaching only
    for (const std::string chart : {"forest-net-benefit", "cumulative-net-benefit", "difference-gp_appointments_released",
                                    "difference-ae_attendances_avoided", "difference-emergency_admissions_avoided", "ceac",
                                    "level-gp_requests", "level-gp_backlog", "level-coaching_waiting_list", "level-pam_mean"})
        CHECK_MESSAGE(html.find(fmt::format("data-chart=\"{}\"", chart)) != std::string::npos, chart);
    for (const char* section : {"id=\"answer\"", "id=\"assumptions\"", "id=\"reproduce\"", "id=\"population\"", "id=\"glossary\"",
                                "id=\"funnel\"", "id=\"equity-gp\"", "id=\"equity-reach\"", "Content-Security-Policy"})
        CHECK_MESSAGE(html.find(section) != std::string::npos, section);
    // Every column head of the headline tables links to a definition that is in the page.
    for (const auto& link : tags(html, "a")) {
        const auto target = attribute(link, "href");
        REQUIRE(target.rfind("#", 0) == 0);
        CHECK_MESSAGE(html.find("id=\"" + target.substr(1) + "\"") != std::string::npos, target);
    }
    // The title names the comparison, not one scenario.
    CHECK(html.find("<title>2 options compared (1 with coaching): ") != std::string::npos);
    // Self-contained: the only URL is the SVG namespace.
    const auto found = urls(html);
    CHECK(!found.empty());  // the namespace is there, so the search works
    for (const auto& u : found) CHECK(u == "http://www.w3.org");
}

TEST_CASE("report: pcnsim report reads a run folder and a sweep folder (frontier chart)") {
    TempDir tmp;
    run_ok(tmp, {"run", kSmallCoaching.string(), "--replications", "2", "--timeseries-bands", "--quiet", "--out", (tmp / "run").string()});
    const auto r = run_ok(tmp, {"report", (tmp / "run").string(), "--out", (tmp / "run.html").string()});
    CHECK(r.out == fmt::format("report: {}\n", (tmp / "run.html").string()));
    const std::string run_html = read_file(tmp / "run.html");
    CHECK(headline_cells(run_html).size() == 1);
    CHECK(run_html.find("data-chart=\"level-gp_requests\"") != std::string::npos);  // from the bands file
    CHECK(run_html.find("data-chart=\"cumulative-net-benefit\"") != std::string::npos);

    run_ok(tmp, {"sweep", (kSourceDir / "scenarios/tests/small-sweep.toml").string(), "--weeks", "8", "--quiet", "--out", (tmp / "sweep").string()});
    run_ok(tmp, {"report", (tmp / "sweep").string(), "--out", (tmp / "sweep.html").string()});
    const std::string sweep_html = read_file(tmp / "sweep.html");
    CHECK(sweep_html.find("data-chart=\"frontier-") != std::string::npos);
    CHECK(sweep_html.find("data-chart=\"level-") == std::string::npos);  // sweep points keep summaries only
}

TEST_CASE("report: the assumptions are the folder's own parameters from its manifest and not this program's") {
    TempDir tmp;
    run_ok(tmp, {"run", kSmallCoaching.string(), "--weeks", "8", "--quiet", "--out", (tmp / "run").string()});
    const fs::path manifest_file = tmp / "run" / "manifest.json";
    // As a folder written by another version might have it: another value, unit and source; a
    // parameter this program does not declare; a source not recorded.
    auto manifest = nlohmann::ordered_json::parse(read_file(manifest_file));
    auto& params = manifest.at("parameters");
    params["cost.gp_appointment"]["value"] = 12.5;
    params["cost.gp_appointment"]["unit"] = "folder unit";
    params["cost.gp_appointment"]["source"] = "Folder source <1>";
    params["activation.causal_share"].erase("source");
    params["retired.parameter"] = {{"value", 7}, {"unit", "patients"}, {"source", "Retired source"}};
    write_file(manifest_file, manifest.dump(2) + "\n");
    run_ok(tmp, {"report", (tmp / "run").string(), "--out", (tmp / "run.html").string()});
    const std::string html = read_file(tmp / "run.html");
    const std::string gp_row = "<tr><td><code>cost.gp_appointment</code><br><span class=\"muted\">the unit cost of a GP appointment</span></td>"
                               "<td class=\"num\">12.500</td><td>folder unit</td><td>Folder source &lt;1&gt;</td></tr>";
    CHECK(count_of(html, gp_row) == 2);  // the key assumptions and the table of every parameter
    CHECK(count_of(html, "<tr><td><code>retired.parameter</code></td><td class=\"num\">7</td><td>patients</td><td>Retired source</td></tr>") == 1);
    CHECK(count_of(html, "<td><code>activation.causal_share</code>") == 2);
    CHECK(count_of(html, "not recorded in this folder") == 2);

    // A parameter without a numeric value is refused with the file and key.
    params["cost.gp_appointment"]["value"] = "lots";
    write_file(manifest_file, manifest.dump(2) + "\n");
    const auto r = run_pcnsim(tmp, {"report", (tmp / "run").string(), "--out", (tmp / "bad.html").string()});
    CHECK_MESSAGE(r.exit_code == 2, describe(r));
    CHECK_MESSAGE(r.err.find(manifest_file.string() + ": parameters.cost.gp_appointment.value: expected a number") != std::string::npos,
                  describe(r));
    CHECK(!fs::exists(tmp / "bad.html"));
}

TEST_CASE("report: empty, incomplete or malformed folders are refused with file, line and key, and nothing is written") {
    TempDir tmp;
    run_ok(tmp, {"run", kSmallCoaching.string(), "--quiet", "--out", (tmp / "good").string()});
    const auto refused = [&](const fs::path& folder, const std::string& expected) {
        const fs::path html = tmp / "bad.html";
        const auto r = run_pcnsim(tmp, {"report", folder.string(), "--out", html.string()});
        CHECK_MESSAGE(r.exit_code == 2, describe(r));
        CHECK_MESSAGE(r.err.find(expected) != std::string::npos, describe(r));
        CHECK(!fs::exists(html));
    };
    fs::create_directories(tmp / "empty");
    refused(tmp / "empty", "not a pcnsim output folder");
    refused(tmp / "missing", "not a folder");

    fs::copy(tmp / "good", tmp / "no-economics", fs::copy_options::recursive);
    fs::remove(tmp / "no-economics" / "economics.csv");
    refused(tmp / "no-economics", (tmp / "no-economics" / "economics.csv").string() + ": file not found");

    fs::copy(tmp / "good", tmp / "bad-number", fs::copy_options::recursive);
    auto lines = lines_of(read_file(tmp / "bad-number" / "economics.csv"));
    auto f = fields(lines[3]);
    f[4] = "lots";
    lines[3] = fmt::format("{},\"{}\"", fmt::join(std::vector<std::string>(f.begin(), f.end() - 1), ","), f.back());
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    write_file(tmp / "bad-number" / "economics.csv", text);
    refused(tmp / "bad-number", (tmp / "bad-number" / "economics.csv").string() + ":4: value: 'lots' is not a number");

    fs::copy(tmp / "good", tmp / "interrupted", fs::copy_options::recursive);
    auto manifest = read_file(tmp / "interrupted" / "manifest.json");
    manifest.replace(manifest.find("\"completed\": true"), 17, "\"completed\": false");
    write_file(tmp / "interrupted" / "manifest.json", manifest);
    refused(tmp / "interrupted", "the run was interrupted");
}
