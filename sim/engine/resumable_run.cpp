#include "sim/engine/resumable_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>

#include "sim/engine/partial_run.hpp"

namespace pcnsim {
namespace {

// The units an interrupted run saved, as every rank reads them: rank 0 adds the saved counters in,
// the other ranks need only know which units are done.
std::optional<RunResult> saved_units(const std::filesystem::path& file, const std::string& fingerprint, const MpiSharing& sharing) {
    const std::string bytes = sharing.broadcast(sharing.root() ? read_resume_file(file).value_or("") : "");
    if (bytes.empty()) return std::nullopt;
    try {
        auto saved = deserialize_partial_run(bytes, fingerprint);
        if (!sharing.root()) saved = units_only(saved);
        return saved;
    } catch (const std::exception& e) {
        throw CannotResume(fmt::format("cannot resume from {}: {}", file.string(), e.what()));
    }
}

}  // namespace

RunResult run_resumable(const Scenario& scenario, const ResumableRun& how, RunControl control, const MpiSharing& sharing) {
    const auto file = resume_file(how.output_folder, how.index);
    const auto fingerprint = run_fingerprint(scenario);
    const std::optional<RunResult> saved = how.resume ? saved_units(file, fingerprint, sharing) : std::nullopt;
    if (saved) control.resume_from = &*saved;
    control.unit_stride = sharing.size();
    control.unit_offset = sharing.rank();
    auto result = run_scenario(scenario, control);
    result.cancelled = sharing.any(result.cancelled);
    sharing.gather(result, fingerprint);
    const bool finished_before = saved && std::count(saved->units_done.begin(), saved->units_done.end(), 0) == 0;
    if (sharing.root() && (result.cancelled || (how.save_finished && !finished_before)))
        save_resume_file(file, serialize_partial_run(result, fingerprint));
    return result;
}

}  // namespace pcnsim
