#!/usr/bin/env bash
# Builds the libFuzzer targets (the fuzz preset: clang, ASan + UBSan) and runs each on its seed
# corpus for SECONDS (default 20), two at a time. New inputs go to a scratch folder, never into the
# committed corpus. Exits 1 when a target crashes, hangs (over 10 s on one input), leaks or runs out
# of memory (2 GB), naming the input that did it. docs/testing.md says how to fuzz for longer.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (targets without the fuzz_ prefix; default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
parallel=${PCNSIM_FUZZ_PARALLEL:-2}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
bin=build/fuzz/fuzz
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for t in fuzz/fuzz_*.cpp; do targets+=("$(basename "$t" .cpp | sed 's/^fuzz_//')"); done
fi
runs=build/fuzz/runs
rm -rf "$runs"
mkdir -p "$runs/tmp"
# The targets' scratch folders: a crashing input leaves its folder behind, here rather than in /tmp.
export TMPDIR=$PWD/$runs/tmp

# One target: corpus growth in $runs/<target>/new, a crash in $runs/<target>/crash-..., the log beside.
run_one() {
  local t=$1 out=$runs/$1
  mkdir -p "$out/new"
  local dict=()
  [ -f "fuzz/dict/$t.dict" ] && dict=("-dict=fuzz/dict/$t.dict")
  if "$bin/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$out/" "${dict[@]}" "$out/new" "fuzz/corpus/$t" >"$out/log" 2>&1; then
    echo "fuzz: $t: $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$out/log" | grep -o '[0-9]*$') inputs, no crash"
  else
    echo "fuzz: $t: FAILED; log $out/log"
    tail -n 40 "$out/log"
    for a in "$out"/crash-* "$out"/timeout-* "$out"/leak-* "$out"/oom-*; do
      [ -e "$a" ] && echo "fuzz: $t: input: $a (reproduce: $bin/fuzz_$t $a)"
    done
    return 1
  fi
}

failed=0
pids=()
for t in "${targets[@]}"; do
  [ -x "$bin/fuzz_$t" ] || { echo "fuzz: no target fuzz_$t"; exit 2; }
  run_one "$t" & pids+=($!)
  if [ ${#pids[@]} -ge "$parallel" ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done
[ "$failed" -eq 0 ] && echo "fuzz: ${#targets[@]} targets, $seconds s each: no crash"
exit "$failed"
