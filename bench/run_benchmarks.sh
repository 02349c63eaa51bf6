#!/usr/bin/env bash
# The benchmark, in one command (not part of the test suite; about 10 minutes on 2 cores):
#   bash bench/run_benchmarks.sh [--repeats N]
# Installs what it needs beyond the README's setup (PETSc, Open MPI), builds, generates the
# benchmark matrices into bench/out/, measures our cluster, our single-process kernel, PETSc and
# the memory bandwidth in one run, and the cost of a lost worker, and rewrites BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
extra=(libpetsc-real-dev openmpi-bin)
missing=()
for p in "${extra[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build build -j "$(nproc)"
mpicc -O2 -o build/bin/petsc_solve bench/petsc_solve.c $(pkg-config --cflags --libs PETSc)
/usr/bin/python3 bench/run_benchmarks.py --build build --out bench/out "$@"
# the cost of a lost worker, on the same Poisson matrix (its section of BENCHMARKS.md)
exec /usr/bin/python3 bench/loss_cost.py --build build --matrix bench/out/poisson_1e6.mtx
