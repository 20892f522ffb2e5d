#!/usr/bin/env bash
# Quick start: install what is missing, build Release, run the baseline scenario on the bundled
# (fictional) example PCN and print where the outputs are.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target pcnsim
./build/release/pcnsim run scenarios/baseline.toml --out out/baseline --force
