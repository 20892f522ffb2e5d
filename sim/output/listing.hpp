#pragma once
// The files of an output folder as the commands list them once it is written: "DIR/ (file, ...)".
#include <string>

#include "sim/output/output_folder.hpp"

namespace pcnsim {

std::string run_folder_listing(const OutputOptions& output);
// A compare folder, or with `sweep` a sweep folder.
std::string comparison_folder_listing(const OutputOptions& output, bool sweep);
std::string calibration_folder_listing(const OutputOptions& output);

}  // namespace pcnsim
