#!/usr/bin/env bash
# Installs the Debian 12 packages slae-cluster builds with (skips what is there).
#   bash tools/install-deps.sh           what building and running needs
#   bash tools/install-deps.sh --tests   also what the test suite needs (clang and libFuzzer for
#                                        the second compiler's build and the fuzz targets,
#                                        util-linux's prlimit, iproute2 for the
#                                        hosts in network namespaces, Slurm and munge for the
#                                        sbatch script's test, scipy to read back what
#                                        slae-generate writes)
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config libeigen3-dev libzmq3-dev cppzmq-dev libmsgpack-cxx-dev
          catch2 libcli11-dev nlohmann-json3-dev zlib1g-dev)
if [ "${1:-}" = "--tests" ]; then
  packages+=(clang libclang-rt-14-dev util-linux iproute2 slurmctld slurmd slurm-client munge
             python3-scipy)
elif [ $# -gt 0 ]; then
  echo "usage: bash tools/install-deps.sh [--tests]" >&2
  exit 2
fi
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
