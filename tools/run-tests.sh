#!/usr/bin/env bash
# Builds slae-cluster four ways, warnings as errors in each, and runs the tests:
#   build/          GCC, RelWithDebInfo: every test
#   build-asan/     GCC, RelWithDebInfo under AddressSanitizer + UndefinedBehaviorSanitizer: every test
#   build-release/  GCC, Release (what a user builds): the unit tests
#   build-clang/    Clang 14, Debug: the unit tests
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

configure_and_build() {
  local dir=$1; shift
  echo "=== configure $dir ($*)"
  cmake -S . -B "$dir" -G Ninja -DSLAE_WERROR=ON "$@"
  echo "=== build $dir"
  cmake --build "$dir" -j "$jobs"
}

run_suite() {
  local dir=$1 filter=$2; shift 2
  configure_and_build "$dir" "$@"
  echo "=== test $dir ${filter:+(only $filter)}"
  (cd "$dir" && ctest --output-on-failure -j "$jobs" --timeout 900 ${filter:+-R "$filter"})
}

run_suite build "" -DCMAKE_BUILD_TYPE=RelWithDebInfo
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite build-asan "" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLAE_SANITIZE=ON
run_suite build-release "^unit: " -DCMAKE_BUILD_TYPE=Release
run_suite build-clang "^unit: " -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++
echo "=== all tests passed (GCC normal, sanitizer and Release builds; Clang 14 Debug build)"
