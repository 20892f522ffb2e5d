#!/usr/bin/env bash
# Builds and runs the whole test suite. Optional argument: a CMake preset (default: release;
# CI uses ci-release, then ci-asan for the AddressSanitizer + UBSan build).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
scripts/install-deps.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)"
ctest --preset "$preset" -j"$(nproc)"
