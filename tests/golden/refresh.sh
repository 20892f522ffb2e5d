#!/usr/bin/env bash
# Regenerates the golden output files compared by tests/cli/test_cli.cpp ("cli: ... matches the
# golden file"). Run it only when a change to the model or
# to the output format is intended, then review the diff before committing:
#
#   tests/golden/refresh.sh && git diff tests/golden/
#
# It builds the release binary first (cmake preset "release"), so the files always come from the
# current source. Set PCNSIM_BIN to use another binary instead (no build is done then).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ -n "${PCNSIM_BIN:-}" ]]; then
  bin="$PCNSIM_BIN"
else
  [[ -f build/release/CMakeCache.txt ]] || cmake --preset release >/dev/null
  cmake --build --preset release --target pcnsim >/dev/null
  bin=build/release/pcnsim
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# small-summary.csv: the same command the test runs, from the repository root.
"$bin" run scenarios/tests/small.toml --seed 7 --threads 2 --quiet --out "$tmp/small" >/dev/null
cp "$tmp/small/summary.csv" tests/golden/small-summary.csv
echo "refreshed tests/golden/small-summary.csv ($(wc -l < tests/golden/small-summary.csv) lines) with $bin"
# small-coaching-summary.csv and its economics.csv: the coaching pathway.
"$bin" run scenarios/tests/small-coaching.toml --seed 7 --threads 2 --quiet --out "$tmp/coaching" >/dev/null
cp "$tmp/coaching/summary.csv" tests/golden/small-coaching-summary.csv
cp "$tmp/coaching/economics.csv" tests/golden/small-coaching-economics.csv
echo "refreshed tests/golden/small-coaching-summary.csv and small-coaching-economics.csv with $bin"

echo
echo "Review the change before committing it: git diff --stat tests/golden/ && git diff tests/golden/"
echo "A golden file should change only when a change to the model or to the output is intended."
