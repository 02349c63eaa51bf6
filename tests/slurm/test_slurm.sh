#!/usr/bin/env bash
# The Slurm path for real: a private single-machine Slurm cluster (slurm_cluster.sh), the
# shipped sbatch script (deploy/slurm/slae-cluster.sbatch) submitted to it with one job, and its
# x compared bit for bit with the one-shot coordinator's. Exit 77 (ctest: skipped) with a reason
# where a Slurm cluster cannot run.
#   test_slurm.sh BIN_DIR SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
dir=$(mktemp -d /tmp/slae-slurm-XXXXXX)
cleanup() {
  [ -n "${SLURM_CONF:-}" ] && scancel --full --quiet --user=root 2>/dev/null || true
  bash "$src/tests/slurm/slurm_cluster.sh" down "$dir" || true
  rm -rf "$dir"
}
trap cleanup EXIT

set +e
setup=$(bash "$src/tests/slurm/slurm_cluster.sh" up "$dir")
rc=$?
set -e
if [ "$rc" -eq 77 ]; then
  echo "SKIPPED: the Slurm test needs a Slurm cluster it can start here (see the reason above)"
  exit 77
fi
[ "$rc" -eq 0 ] || { echo "FAILED: the private Slurm cluster did not start"; exit 1; }
eval "$setup"

port=$(( 20000 + $$ % 20000 ))
matrix="$src/matrices/gr_30_30.mtx"
# 3 tasks: the broker's, and 2 workers (-O: this machine has fewer CPUs than that)
job=$(SLAE_MATRIX="$matrix" SLAE_OUTPUT="$dir/x.mtx" SLAE_BIN="$bin" SLAE_PORT="$port" \
      SLAE_ARGS="--method jacobi,cg --quiet" \
      sbatch --parsable -n 3 -O --export=ALL -o "$dir/job.out" \
        "$src/deploy/slurm/slae-cluster.sbatch")
# (sbatch --wait polls every few seconds; this is quicker)
for _ in $(seq 1 1200); do
  [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
  sleep 0.1
done
exit_code=$(scontrol show job -o "$job" | grep -o 'ExitCode=[0-9]*:[0-9]*' | head -1)
if [ "$exit_code" != "ExitCode=0:0" ]; then
  echo "FAILED: the sbatch job ended with $exit_code:"; cat "$dir/job.out"; exit 1
fi
"$bin/coordinator" --matrix "$matrix" --nodes 1 --method jacobi,cg --quiet --output "$dir/one.mtx" \
  2>/dev/null
if ! cmp -s "$dir/one.mtx" "$dir/x.mtx"; then
  echo "FAILED: x from the Slurm job differs from the one-shot x"; cat "$dir/job.out"; exit 1
fi
grep -q "2 nodes" "$dir/job.out" || { echo "FAILED: the job did not run on 2 workers"; cat "$dir/job.out"; exit 1; }
# nothing of the job outlives it
sleep 0.5
if pgrep -f "connect tcp://$(hostname):$port" >/dev/null || pgrep -f "serve tcp://0.0.0.0:$port" >/dev/null; then
  echo "FAILED: a worker or the broker outlived the job"; exit 1
fi
echo "PASSED: the sbatch job on 2 Slurm workers gave the one-shot x bit for bit"
