#!/usr/bin/env bash
# Runs the six experiments of docs/course.md and writes their charts.
#
#   bash docs/make_course_charts.sh BIN_DIR OUT_DIR [EXPERIMENT ...]
#
# BIN_DIR holds coordinator, slae-node, slae-generate and slae-plot (build/bin); OUT_DIR receives
# the charts under the names docs/course.md embeds (docs/course/ to update the checked-in ones).
# EXPERIMENT: 1 to 6, default all of them, in order.
#
# Every command below is the one course.md shows, character for character: the script works in a
# temporary directory where build/bin is a link to BIN_DIR and matrices/ a link to the repository's
# matrices/, so the doc's paths (from the repository's root) hold there too. A command that is
# meant to fail (a diverging Jacobi, a run stopped by --max-iter) is followed by `|| [ $? -eq N ]`,
# which accepts that exit code and no other; a check written `a && b` is followed by `|| false`,
# since set -e lets a failing `a` of such a list pass. The charts hold no timings: the same binaries give the
# same bytes (the ctest "course: ..." checks that the checked-in charts are what this writes).
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 BIN_DIR OUT_DIR [EXPERIMENT ...]   (EXPERIMENT: 1 to 6; default: all)" >&2
  exit 2
fi
bin=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
shift 2
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for program in coordinator slae-node slae-generate slae-plot; do
  [ -x "$bin/$program" ] || { echo "$0: $bin/$program is missing" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/course-charts.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir "$work/build"
ln -s "$bin" "$work/build/bin"
ln -s "$repo/matrices" "$work/matrices"
cd "$work"

# keep CHART...: copies the charts an experiment drew into OUT_DIR
keep() { cp "$@" "$out/"; }

experiment_1() {  # Jacobi converges or diverges
  build/bin/coordinator --matrix matrices/Trefethen_20b.mtx --nodes 2 --diagnose --history trefethen.csv
  build/bin/coordinator --matrix matrices/cage5.mtx --nodes 2 --diagnose --history cage5.csv || [ $? -eq 4 ]
  tail -n 2 cage5.csv
  build/bin/slae-plot trefethen.csv cage5.csv -o jacobi-converge-diverge.svg --tol 1e-8 --labels "Trefethen_20b,cage5" --title "Jacobi on two shipped matrices"
  build/bin/coordinator --matrix matrices/cage5.mtx --nodes 2 --omega 0.83
  build/bin/coordinator --matrix matrices/nos6.mtx --nodes 2 --diagnose --max-iter 200 || [ $? -eq 3 ]
  keep jacobi-converge-diverge.svg
}

experiment_2() {  # the SOR weight omega
  build/bin/slae-generate poisson2d --grid 32 --output poisson32.mtx
  build/bin/coordinator --matrix poisson32.mtx --nodes 2 --method sor --omega 1.0:1.9:0.05 --plot sor-sweep.svg --history sor-sweep.csv
  keep sor-sweep.svg sor-sweep-residuals.svg
}

experiment_3() {  # Gauss-Seidel (red-black) against Jacobi
  build/bin/slae-generate poisson2d --grid 32 --output poisson32.mtx
  build/bin/coordinator --matrix poisson32.mtx --nodes 2 --method jacobi,gauss-seidel --plot gs-vs-jacobi.svg
  keep gs-vs-jacobi.svg
}

experiment_4() {  # CG and the condition number
  build/bin/coordinator --matrix matrices/gr_30_30.mtx --nodes 2 --method jacobi,cg --plot cg-vs-jacobi.svg --plot-x log
  build/bin/coordinator --matrix matrices/nos6.mtx --nodes 2 --method cg
  keep cg-vs-jacobi.svg
}

experiment_5() {  # iterations against the size of the grid
  for g in 16 32 64 128; do
    build/bin/slae-generate poisson2d --grid $g --output poisson$g.mtx
    build/bin/coordinator --matrix poisson$g.mtx --nodes 2 --method cg --history cg$g.csv
  done
  build/bin/coordinator --matrix poisson16.mtx --nodes 2 --history jacobi16.csv
  build/bin/coordinator --matrix poisson32.mtx --nodes 2 --history jacobi32.csv
  build/bin/slae-plot cg16.csv cg32.csv cg64.csv cg128.csv jacobi16.csv jacobi32.csv -o poisson-sizes.svg --x log --tol 1e-8 --labels "CG 16x16,CG 32x32,CG 64x64,CG 128x128,Jacobi 16x16,Jacobi 32x32" --title "2D Poisson: iterations grow with the grid"
  keep poisson-sizes.svg
}

experiment_6() {  # the same answer on 1 or 8 nodes
  build/bin/coordinator --matrix matrices/nos1.mtx --nodes 1 --method cg --output x1.mtx --history nodes1.csv
  build/bin/coordinator --matrix matrices/nos1.mtx --nodes 8 --method cg --output x8.mtx --history nodes8.csv
  cmp x1.mtx x8.mtx && echo "x: the same bytes" || false
  cmp <(cut -d, -f1-4,6 nodes1.csv) <(cut -d, -f1-4,6 nodes8.csv) && echo "histories: the same bytes, timings aside" || false
  build/bin/slae-plot nodes1.csv nodes8.csv -o nodes-1-vs-8.svg --tol 1e-8 --labels "1 node,8 nodes" --title "CG on nos1: 1 node and 8 nodes"
  keep nodes-1-vs-8.svg
}

experiments=("$@")
[ ${#experiments[@]} -gt 0 ] || experiments=(1 2 3 4 5 6)
for e in "${experiments[@]}"; do
  case $e in
    [1-6]) ;;
    *) echo "$0: no experiment '$e' (1 to 6)" >&2; exit 2 ;;
  esac
done
for e in "${experiments[@]}"; do
  echo "=== experiment $e"
  "experiment_$e"
done
echo "=== charts written to $out"
