#!/usr/bin/env bash
# Builds slae-cluster two ways, warnings as errors in each, and runs the tests:
#   build/       GCC 12, Release (what a user builds): every test
#   build-asan/  Clang 14, RelWithDebInfo under AddressSanitizer + UndefinedBehaviorSanitizer, with
#                libFuzzer's instrumentation (line tables only as debug information: the
#                sanitizers' reports still name file and line, and the build takes less time):
#                every test but the long numerical sweeps (below) and
#                the Slurm cluster, then each fuzz target for 60 s (tools/run-fuzzers.sh).
#                (Clang builds it in about half the time GCC takes with the sanitizers; a GCC
#                sanitizer build is -DSLAE_SANITIZE=ON.)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

# run_suite DIR INCLUDE EXCLUDE TARGETS CMAKE-ARGS...: builds TARGETS (empty: everything) and runs the
# tests matching INCLUDE and not EXCLUDE (ctest -R / -E; empty: no filter). A filter that matches
# nothing is an error: Catch's discovery names tests "unit:<name>" (no space), and a stage that
# silently ran no test once passed CI.
run_suite() {
  local dir=$1 include=$2 exclude=$3 target=$4; shift 4
  echo "=== $(date +%T) configure $dir ($*)"
  cmake -S . -B "$dir" -G Ninja -DSLAE_WERROR=ON "$@"
  echo "=== $(date +%T) build $dir${target:+ (target $target)}"
  cmake --build "$dir" -j "$jobs" ${target:+--target $target}
  echo "=== $(date +%T) test $dir${include:+ (only $include)}${exclude:+ (not $exclude)}"
  (cd "$dir" && ctest --output-on-failure --no-tests=error -j "$jobs" --timeout 900 ${include:+-R "$include"} \
                 ${exclude:+-E "$exclude"})
}

# Under the sanitizers every code path runs, but not the long numerical sweeps: they repeat the
# same paths over many matrices and thousands of iterations (minutes under ASan) to check
# iteration counts and bits, which the normal build checks (the million-row Poisson forecasts
# among them); nor the Slurm cluster, whose daemons are not ours; nor the course walk-through,
# whose commands the normal build runs.
slow='slow converging matrices|close to 1 exit 3|no more iterations than PETSc|on 1, 2, 3 and 8 nodes'
slow+='|convergence regression: every case|^slurm: |^course: |on Poisson 1000\^2'

run_suite build "" "" "" -DCMAKE_BUILD_TYPE=Release
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite build-asan "" "$slow" "" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -gline-tables-only -DNDEBUG" \
    -DCMAKE_CXX_COMPILER=clang++ -DSLAE_FUZZ=ON
bash tools/run-fuzzers.sh build-asan 60
echo "=== all tests passed (GCC 12 Release; Clang 14 with ASan + UBSan, and the fuzzers)"
