#pragma once
// `pcnsim modules`: every module of the model as it describes itself, and the week's order. The
// Markdown form is docs/modules.md (generated; a test keeps them the same).
#include <ostream>

namespace pcnsim {

void print_modules(std::ostream& out, bool markdown);

}  // namespace pcnsim
