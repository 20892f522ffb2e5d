#!/usr/bin/env bash
# Regenerates the parameter table of docs/parameters.md from the declarations
# (declared by the modules, sim/processes/*.cpp) with `pcnsim params --markdown`, keeping the text above it.
# tests/scenario/test_parameters.cpp fails until the table matches the declarations.
#
#   scripts/refresh-parameters-doc.sh && git diff docs/parameters.md
#
# It builds the release binary first (cmake preset "release"). Set PCNSIM_BIN to use another
# binary instead (no build is done then).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "${PCNSIM_BIN:-}" ]]; then
  bin="$PCNSIM_BIN"
else
  [[ -f build/release/CMakeCache.txt ]] || cmake --preset release >/dev/null
  cmake --build --preset release --target pcnsim >/dev/null
  bin=build/release/pcnsim
fi

doc=docs/parameters.md
grep -q '^| name | unit |' "$doc" || { echo "$doc: no parameter table (a line starting '| name | unit |')" >&2; exit 1; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{ sed '/^| name | unit |/,$d' "$doc"; "$bin" params --markdown; } > "$tmp"
cp "$tmp" "$doc"
echo "regenerated the table of $doc ($("$bin" params --markdown | wc -l) lines) with $bin"
