#!/usr/bin/env bash
# Installs the Debian 12 packages slae-cluster builds and tests with (skips what is there).
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config libeigen3-dev libzmq3-dev cppzmq-dev libmsgpack-cxx-dev
          catch2 libcli11-dev nlohmann-json3-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
