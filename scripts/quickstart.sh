#!/usr/bin/env bash
# Quick start: install what is missing, build Release, and compare coaching scenarios on the bundled
# (fictional) example PCN: coach staffing of 0, 1, 2 and 4 WTE on multi-risk targeting, and four
# other targeting strategies at 2 WTE, each against its paired no-coaching counterfactual. Prints
# the ranked table (95% intervals and probabilities over 12 PSA draws, each one paired replication, so
# that they include parameter uncertainty; docs/economics.md says why 12)
# and where the outputs are, with out/compare/report.html: the self-contained HTML report.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target pcnsim
./build/release/pcnsim compare \
  scenarios/staffing/0-wte.toml scenarios/staffing/1-wte.toml scenarios/staffing/2-wte.toml scenarios/staffing/4-wte.toml \
  scenarios/targeting/low-activation.toml scenarios/targeting/risk-stratification.toml \
  scenarios/targeting/deprivation-first.toml scenarios/targeting/ageing-well.toml \
  --psa 12 --replications 1 --timeseries-bands --out out/compare --force --report
