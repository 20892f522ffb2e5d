#!/usr/bin/env bash
# Regenerates the golden output files compared byte for byte by tests/cli/test_cli.cpp ("cli: ...
# matches the golden file"). Why byte-exact, and when and how to refresh: tests/golden/README.md.
# Run it only when a change to the model or to the output format is intended, then review the diff
# before committing:
#
#   tests/golden/refresh.sh && git diff tests/golden/
#
# On another compiler, standard library or platform (behaviour unchanged, only floating-point
# rounding), refresh with the statistical evidence that the change is only rounding, and commit the
# files alone with the toolchain and that evidence in the message:
#
#   tests/golden/refresh.sh --evidence
#
# It builds the release binary first (cmake preset "release"), so the files always come from the
# current source. Set PCNSIM_BIN to use another binary instead (no build is done then).
set -euo pipefail
cd "$(dirname "$0")/../.."

evidence=false
case "${1:-}" in
  "") ;;
  --evidence) evidence=true ;;
  *) echo "usage: tests/golden/refresh.sh [--evidence]" >&2; exit 2 ;;
esac

source scripts/lib/pcnsim-binary.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/old"
cp tests/golden/*.csv "$tmp/old/"

# small-summary.csv: the same command the test runs, from the repository root.
"$bin" run scenarios/tests/small.toml --seed 7 --threads 2 --quiet --out "$tmp/small" >/dev/null
cp "$tmp/small/summary.csv" tests/golden/small-summary.csv
echo "refreshed tests/golden/small-summary.csv ($(wc -l < tests/golden/small-summary.csv) lines) with $bin"
# small-coaching-summary.csv and its economics.csv: the coaching pathway.
"$bin" run scenarios/tests/small-coaching.toml --seed 7 --threads 2 --quiet --out "$tmp/coaching" >/dev/null
cp "$tmp/coaching/summary.csv" tests/golden/small-coaching-summary.csv
cp "$tmp/coaching/economics.csv" tests/golden/small-coaching-economics.csv
echo "refreshed tests/golden/small-coaching-summary.csv and small-coaching-economics.csv with $bin"

# compare OLD NEW ENSEMBLE VALUE LOW HIGH: old and new golden files against the spread between the
# replications of ENSEMBLE (the same scenario and seed, many replications), row by row. VALUE, LOW
# and HIGH name the columns of the value and of the 2.5% and 97.5% points over replications; the
# columns before VALUE identify a row. Prints a summary and returns 1 when the difference is more
# than rounding (tests/golden/README.md gives the thresholds and their reasons).
compare() {
  awk -F, -v value="$4" -v low="$5" -v high="$6" '
    FNR == 1 { file++; for (i = 1; i <= NF; i++) if ($i == value) v = i; else if ($i == low) lo = i; else if ($i == high) hi = i; next }
    { key = $1; for (i = 2; i < v; i++) key = key "," $i }
    file == 1 { old[key] = $v }
    file == 2 { new[key] = $v }
    file == 3 { lo_of[key] = $lo; hi_of[key] = $hi }
    END {
      for (key in new) {
        if (!(key in old) || !(key in lo_of)) { missing++; continue }
        o = old[key] + 0; n = new[key] + 0; a = lo_of[key] + 0; b = hi_of[key] + 0
        if (b - a <= 0) {  # the same in every replication: equal up to rounding
          fixed++
          scale = (o < 0 ? -o : o) > 1 ? (o < 0 ? -o : o) : 1
          if ((n - o) / scale > 1e-9 || (o - n) / scale > 1e-9) { fixed_differ++; print "    differs, though the same in every replication: " key ": " old[key] " -> " new[key] }
          continue
        }
        varying++
        z = (n - o) / ((b - a) / 3.92); if (z < 0) z = -z
        if (z > 0) changed++
        if (z > 0.25) over_quarter++
        if (z > 1) { over_one++; print "    |z| = " sprintf("%.2f", z) ": " key ": " old[key] " -> " new[key] " (95% of replications " a " - " b ")" }
        if (z > largest) largest = z
      }
      printf "  %d rows the same in every replication: %d differ; %d rows that vary: %d changed, |z| > 0.25 at %d (%.1f%%), |z| > 1 at %d, largest |z| %.2f\n", \
        fixed, fixed_differ, varying, changed, over_quarter, varying ? 100 * over_quarter / varying : 0, over_one, largest
      if (missing) printf "  rows in only one of the files: %d\n", missing
      exit (fixed_differ > 0 || over_one > 0 || missing > 0 || over_quarter > 0.01 * varying) ? 1 : 0
    }' "$1" "$2" "$3"
}

if $evidence; then
  echo
  echo "Evidence (tests/golden/README.md): old and new files against 40 replications of each scenario, seed 7, built with $bin"
  "$bin" run scenarios/tests/small.toml --seed 7 --replications 40 --threads 2 --quiet --out "$tmp/small-40" >/dev/null
  "$bin" run scenarios/tests/small-coaching.toml --seed 7 --replications 40 --threads 2 --quiet --out "$tmp/coaching-40" >/dev/null
  verdict=0
  echo "small-summary.csv:"
  compare "$tmp/old/small-summary.csv" tests/golden/small-summary.csv "$tmp/small-40/summary.csv" total total_p2_5 total_p97_5 || verdict=1
  echo "small-coaching-summary.csv:"
  compare "$tmp/old/small-coaching-summary.csv" tests/golden/small-coaching-summary.csv "$tmp/coaching-40/summary.csv" total total_p2_5 total_p97_5 || verdict=1
  echo "small-coaching-economics.csv:"
  compare "$tmp/old/small-coaching-economics.csv" tests/golden/small-coaching-economics.csv "$tmp/coaching-40/economics.csv" value p2_5 p97_5 || verdict=1
  if [[ $verdict == 0 ]]; then
    echo "verdict: consistent with floating-point rounding only"
  else
    echo "verdict: NOT consistent with rounding only: look for a change of behaviour before committing"
  fi
fi

echo
echo "Review the change before committing it: git diff --stat tests/golden/ && git diff tests/golden/"
echo "A golden file should change only when a change to the model or to the output is intended,"
echo "or with --evidence for another toolchain, in a commit of its own (tests/golden/README.md)."
if $evidence && [[ $verdict != 0 ]]; then exit 1; fi
