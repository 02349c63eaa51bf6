#!/usr/bin/python3
"""Reads every matrix slae-generate writes back with scipy, an implementation that is not ours:
the shape, the stored entries, the diagonal, the symmetry, and that --rhs wrote A @ ones.

  check_generated.py path/to/slae-generate

Exit 0: all as expected; 1: a check failed (each one printed); 77 (ctest: skipped): no scipy.
"""
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import scipy.io
except ImportError as e:
    print(f"SKIPPED: {e} (python3-scipy: bash tools/install-deps.sh --tests)")
    sys.exit(77)

# h = 1/7 on the 6 x 6 grid, so Peclet 50 puts 4 + 2 * 50/7 on the diagonal
PECLET_DIAGONAL = 4.0 + 2.0 * (50.0 / 7.0)

# subcommand and flags, rows, stored entries, diagonal (None: not one value), symmetric
CASES = [
    (["poisson1d", "--grid", "7"], 7, 3 * 7 - 2, 2.0, True),
    (["poisson1d", "--grid", "1"], 1, 1, 2.0, True),
    (["poisson2d", "--grid", "6"], 36, 5 * 36 - 4 * 6, 4.0, True),
    (["poisson2d", "--grid", "6", "--diagonal", "4.5"], 36, 5 * 36 - 4 * 6, 4.5, True),
    (["poisson3d", "--grid", "5"], 125, 7 * 125 - 6 * 25, 6.0, True),
    (["poisson3d", "--grid", "4", "--diagonal", "6.5"], 64, 7 * 64 - 6 * 16, 6.5, True),
    (["anisotropic2d", "--grid", "6", "--epsilon", "0.01"], 36, 5 * 36 - 4 * 6, 2.0 + 2.0 * 0.01,
     True),
    (["anisotropic2d", "--grid", "5", "--epsilon", "300"], 25, 5 * 25 - 4 * 5, 602.0, True),
    (["convection-diffusion", "--grid", "6", "--peclet", "50"], 36, 5 * 36 - 4 * 6,
     PECLET_DIAGONAL, False),
    (["convection-diffusion", "--grid", "6", "--peclet", "0"], 36, 5 * 36 - 4 * 6, 4.0, True),
    (["random-dominant", "--rows", "200", "--off-diagonals", "5", "--seed", "3"], 200, 200 * 6,
     None, False),
]


def check_case(generate, directory, index, case, failures):
    args, rows, nnz, diagonal, symmetric = case
    name = " ".join(args)
    matrix_path = os.path.join(directory, f"a{index}.mtx")
    rhs_path = os.path.join(directory, f"b{index}.mtx")
    run = subprocess.run([generate, *args, "--output", matrix_path, "--rhs", rhs_path],
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        failures.append(f"{name}: exit {run.returncode}: {run.stderr.strip()}")
        return

    def expect(ok, what):
        if not ok:
            failures.append(f"{name}: {what}")

    a = scipy.io.mmread(matrix_path).tocsr()
    expect(a.shape == (rows, rows), f"shape {a.shape}, expected ({rows}, {rows})")
    expect(a.nnz == nnz, f"{a.nnz} stored entries, expected {nnz}")
    if diagonal is not None:
        expect(np.all(a.diagonal() == diagonal),
               f"diagonal values {np.unique(a.diagonal())}, expected {diagonal}")
    differing = (a != a.T).nnz
    if symmetric:
        expect(differing == 0, f"{differing} entries differ from the transpose's")
    else:
        expect(differing != 0, "symmetric, expected nonsymmetric")

    b = scipy.io.mmread(rhs_path)
    expect(b.shape == (rows, 1), f"rhs shape {b.shape}, expected ({rows}, 1)")
    if b.shape == (rows, 1) and a.shape == (rows, rows):
        a_ones = a @ np.ones(rows)
        error = np.max(np.abs(b[:, 0] - a_ones))
        expect(error <= 1e-15 * np.max(np.abs(a_ones)),
               f"rhs differs from A @ ones by {error} (max |A @ ones| {np.max(np.abs(a_ones))})")


def main():
    if len(sys.argv) != 2:
        print("usage: check_generated.py path/to/slae-generate", file=sys.stderr)
        return 2
    failures = []
    with tempfile.TemporaryDirectory(prefix="slae-generated-") as directory:
        for index, case in enumerate(CASES):
            check_case(sys.argv[1], directory, index, case, failures)
    for failure in failures:
        print("FAILED:", failure)
    print(f"{len(CASES)} generated systems read back, {len(failures)} failed checks")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
