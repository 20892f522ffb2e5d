#!/usr/bin/env bash
# Quick start: install what is missing, build Release, and compare coaching scenarios on the bundled
# (fictional) example PCN: coach staffing of 0, 1, 2 and 4 WTE on multi-risk targeting, and four
# other targeting strategies at 2 WTE, each against its paired no-coaching counterfactual. Prints
# the ranked table (with 95% intervals over 5 paired replications and the probability each is best)
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
  --replications 5 --out out/compare --force --report
