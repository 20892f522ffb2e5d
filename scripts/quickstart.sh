#!/usr/bin/env bash
# Quick start: install what is missing, build Release, then run the quick start's commands
# (scripts/quickstart-run.sh): compare coaching scenarios on the bundled (fictional) example PCN,
# with the break-even and tornado of the best coaching option, validate the model against the
# published evidence, and write out/compare/report.html, the self-contained HTML report. Prints the
# ranked table, the break-even, the tornado and the validation table, and where the outputs are.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target pcnsim
scripts/quickstart-run.sh build/release/pcnsim out
