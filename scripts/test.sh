#!/usr/bin/env bash
# Builds elman and runs its whole test suite. With --sanitize, in a separate build folder with ASan and UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build; flags=()
if [ "${1:-}" = "--sanitize" ]; then
  dir=build-sanitize; flags=(-DELMAN_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo)
fi
cmake -S . -B "$dir" "${flags[@]}" > /dev/null
cmake --build "$dir" -j "$(nproc)"
ctest --test-dir "$dir" --output-on-failure -j "$(nproc)"
