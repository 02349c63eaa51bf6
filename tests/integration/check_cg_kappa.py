#!/usr/bin/python3
"""CG's estimate of kappa(D^-1 A), from its Lanczos coefficients (the coordinator's report,
`spectrum`), against scipy's eigsh on D^-1/2 A D^-1/2 (the same eigenvalues, symmetric), on the
shipped symmetric positive definite matrices: within 10%.

  check_cg_kappa.py path/to/coordinator path/to/matrices

Exit 0: every estimate within 10%; 1: one is not (each printed); 77 (ctest: skipped): no scipy.
"""
import json
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import scipy.io
    import scipy.sparse as sp
    import scipy.sparse.linalg as sla
except ImportError as e:
    print(f"SKIPPED: {e} (python3-scipy: bash tools/install-deps.sh --tests)")
    sys.exit(77)

MATRICES = ["nos1.mtx", "nos6.mtx", "gr_30_30.mtx", "494_bus.mtx", "1138_bus.mtx",
            "bcsstk13.mtx", "LF10.mtx", "LFAT5.mtx", "Trefethen_20b.mtx"]


def scipy_kappa(path):
    a = sp.csr_matrix(scipy.io.mmread(path)).astype(float)
    scale = sp.diags(1.0 / np.sqrt(a.diagonal()))
    s = scale @ a @ scale
    if s.shape[0] < 50:  # eigsh wants k < n - 1 and is pointless this small
        values = np.linalg.eigvalsh(s.toarray())
        return values[-1] / values[0]
    largest = sla.eigsh(s, k=1, which="LA", return_eigenvectors=False, tol=1e-10)[0]
    smallest = sla.eigsh(s, k=1, sigma=0, which="LM", return_eigenvectors=False, tol=1e-10)[0]
    return largest / smallest


def main():
    if len(sys.argv) != 3:
        print("usage: check_cg_kappa.py path/to/coordinator path/to/matrices", file=sys.stderr)
        return 2
    coordinator, matrices = sys.argv[1], sys.argv[2]
    failures = []
    with tempfile.TemporaryDirectory(prefix="slae-kappa-") as directory:
        report = os.path.join(directory, "r.json")
        for name in MATRICES:
            path = os.path.join(matrices, name)
            run = subprocess.run([coordinator, "--matrix", path, "--method", "cg", "--tol", "1e-12",
                                  "--max-iter", "100000", "--nodes", "2", "--quiet", "--report",
                                  report], capture_output=True, text=True, check=False)
            if run.returncode != 0:
                failures.append(f"{name}: exit {run.returncode}: {run.stderr.strip()[-300:]}")
                continue
            with open(report, encoding="utf-8") as f:
                spectrum = json.load(f)["spectrum"]
            if spectrum is None:
                failures.append(f"{name}: no spectrum in the report")
                continue
            estimate, exact = spectrum["condition_number"], scipy_kappa(path)
            ratio = estimate / exact
            print(f"{name}: kappa {estimate:.6g} from {spectrum['from_iterations']} iterations, "
                  f"scipy's eigsh {exact:.6g}: ratio {ratio:.4f}")
            if not 0.9 <= ratio <= 1.1:
                failures.append(f"{name}: kappa {estimate:.6g}, scipy's {exact:.6g}")
    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
