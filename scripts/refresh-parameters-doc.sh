#!/usr/bin/env bash
# Regenerates the generated documentation from the modules' declarations: the parameter table of
# docs/parameters.md (`pcnsim params --markdown`, keeping the text above it) and docs/modules.md
# (`pcnsim modules --markdown`). tests/scenario/test_parameters.cpp and tests/core/test_docs.cpp fail
# until they match the declarations.
#
#   scripts/refresh-parameters-doc.sh && git diff docs/
#
# It builds the release binary first (cmake preset "release"). Set PCNSIM_BIN to use another
# binary instead (no build is done then).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/pcnsim-binary.sh

doc=docs/parameters.md
grep -q '^| name | unit |' "$doc" || { echo "$doc: no parameter table (a line starting '| name | unit |')" >&2; exit 1; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{ sed '/^| name | unit |/,$d' "$doc"; "$bin" params --markdown; } > "$tmp"
cp "$tmp" "$doc"
echo "regenerated the table of $doc ($("$bin" params --markdown | wc -l) lines) with $bin"
"$bin" modules --markdown > docs/modules.md
echo "regenerated docs/modules.md with $bin"
