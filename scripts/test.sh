#!/usr/bin/env bash
# Builds elman and runs its whole test suite. Each option builds in a folder of its own:
#   --sanitize  with AddressSanitizer and UndefinedBehaviorSanitizer (build-sanitize)
#   --clang     with clang++ instead of the default compiler (build-clang; `scripts/setup.sh --clang` installs it)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build; flags=()
for option in "$@"; do
  case "$option" in
    --sanitize) dir+=-sanitize; flags+=(-DELMAN_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
    --clang) dir+=-clang; flags+=(-DCMAKE_CXX_COMPILER=clang++) ;;
    *) echo "scripts/test.sh: unknown option '$option' (expected --sanitize or --clang)" >&2; exit 2 ;;
  esac
done
cmake -S . -B "$dir" "${flags[@]}" > /dev/null
cmake --build "$dir" -j "$(nproc)"
ctest --test-dir "$dir" --output-on-failure -j "$(nproc)"
