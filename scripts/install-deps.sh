#!/usr/bin/env bash
# Installs the Debian 12 packages pcnsim needs, only those that are missing. Uses sudo when not root.
# chromium, chromium-driver and python3 are for the headless-browser tests of HTML (tests/browser);
# clang and libclang-rt-14-dev (libFuzzer, the sanitizers' runtimes) for the fuzz preset (docs/testing.md).
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git
  libtbb-dev libboost-graph-dev libeigen3-dev libcli11-dev doctest-dev libtomlplusplus-dev
  nlohmann-json3-dev libfmt-dev librandom123-dev libfccp-dev libbenchmark-dev libssl-dev
  libopenmpi-dev openmpi-bin
  chromium chromium-driver python3
  clang libclang-rt-14-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
