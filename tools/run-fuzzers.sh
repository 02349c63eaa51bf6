#!/usr/bin/env bash
# Runs the libFuzzer targets (built with -DSLAE_FUZZ=ON, clang) side by side for SECONDS each
# (default 60) from the seed corpora: the shipped matrices and the recorded frames of
# tests/fuzz/corpus/. Fails on any crash, leak, sanitizer report, timeout or out-of-memory; the
# input that did it is kept in the work directory (printed), to be turned into a unit test.
#   bash tools/run-fuzzers.sh BUILD_DIR [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: bash tools/run-fuzzers.sh BUILD_DIR [SECONDS]}
seconds=${2:-60}
work=$(mktemp -d /tmp/slae-fuzz.XXXXXX)
echo "=== $(date +%T) fuzz ($seconds s each; work directory $work)"
# target, seed directories, extra flags
declare -A seeds=(
  [fuzz_matrix_market]="matrices"
  [fuzz_message_decoder]="tests/fuzz/corpus/messages"
  [fuzz_job_data]="tests/fuzz/corpus/job_data"
)
declare -A pids
for target in "${!seeds[@]}"; do
  mkdir -p "$work/$target/corpus" "$work/$target/artifacts"
  # the first corpus directory is the one libFuzzer writes to: the seeds stay as they are
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/$target/artifacts/" \
      "$work/$target/corpus" ${seeds[$target]} >"$work/$target/log" 2>&1 &
  pids[$target]=$!
done
failed=0
for target in "${!pids[@]}"; do
  if wait "${pids[$target]}"; then
    echo "$target: $(grep -m1 -o 'Done [0-9]* runs in [0-9]* second(s)' "$work/$target/log"), no crash"
  else
    failed=1
    echo "$target: FAILED; its log:"
    tail -n 60 "$work/$target/log"
    ls "$work/$target/artifacts/"
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "the failing inputs are in $work/*/artifacts/" >&2
  exit 1
fi
rm -rf "$work"
