# Sourced by scripts that run pcnsim to regenerate files. Sets `bin`: $PCNSIM_BIN when set (no build
# is done then), otherwise the release binary, built first from the current source (cmake preset
# "release"), so that regenerated files always come from the code they describe.
if [[ -n "${PCNSIM_BIN:-}" ]]; then
  bin="$PCNSIM_BIN"
else
  [[ -f build/release/CMakeCache.txt ]] || cmake --preset release >/dev/null
  cmake --build --preset release --target pcnsim >/dev/null
  bin=build/release/pcnsim
fi
