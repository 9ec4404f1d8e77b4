#!/usr/bin/env bash
# Installs what elman needs to build and test on Debian 12, from Debian's packages. Idempotent.
# Runs apt-get through sudo when not root. --clang also installs clang and its sanitizer and libFuzzer runtimes.
set -euo pipefail
packages=(
  g++ cmake make pkg-config git
  libgtest-dev libgmock-dev libbenchmark-dev libdnnl-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libhowardhinnant-date-dev libcairo2-dev fonts-dejavu-core
  libnlopt-cxx-dev
)
case "${1:-}" in
  "") ;;
  --clang) packages+=(clang libclang-rt-dev) ;;
  *) echo "scripts/setup.sh: unknown option '$1' (expected --clang)" >&2; exit 2 ;;
esac
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
