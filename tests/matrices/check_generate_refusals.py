#!/usr/bin/python3
"""slae-generate refuses bad values on its command line: exit 2, one line on stderr that names
the flag, and no file written.

  check_generate_refusals.py path/to/slae-generate
"""
import os
import subprocess
import sys
import tempfile

# each with the flag its message must name
CASES = [
    (["poisson1d", "--grid", "0"], "--grid"),
    (["poisson2d", "--grid", "-5"], "--grid"),
    (["poisson2d", "--grid", "46341"], "--grid"),
    (["poisson3d", "--grid", "1291"], "--grid"),
    (["poisson3d", "--grid", "0"], "--grid"),
    (["anisotropic2d", "--grid", "0", "--epsilon", "1"], "--grid"),
    (["anisotropic2d", "--grid", "3", "--epsilon", "0"], "--epsilon"),
    (["anisotropic2d", "--grid", "3", "--epsilon", "-0.5"], "--epsilon"),
    (["anisotropic2d", "--grid", "3", "--epsilon", "nan"], "--epsilon"),
    (["anisotropic2d", "--grid", "3", "--epsilon", "inf"], "--epsilon"),
    (["anisotropic2d", "--grid", "3", "--epsilon", "1e13"], "--epsilon"),
    (["anisotropic2d", "--grid", "3", "--epsilon", "x"], "--epsilon"),
    (["convection-diffusion", "--grid", "3", "--peclet", "nan"], "--peclet"),
    (["convection-diffusion", "--grid", "3", "--peclet", "-1"], "--peclet"),
    (["poisson2d", "--grid", "3", "--diagonal", "inf"], "--diagonal"),
    (["poisson1d", "--grid", "3", "--diagonal", "nan"], "--diagonal"),
]


def refusal_problem(generate, args, flag, output):
    """What is wrong with how slae-generate refused args (None: nothing)."""
    files = ["--output", output] + ([] if "--rhs" in args else ["--rhs", output + ".rhs"])
    run = subprocess.run([generate, *args, *files], capture_output=True, text=True, check=False)
    lines = run.stderr.splitlines()
    if run.returncode != 2:
        return f"exit {run.returncode}, expected 2 (stderr: {run.stderr.strip()!r})"
    if len(lines) != 1 or not lines[0].startswith("slae-generate: ") or flag not in lines[0]:
        return f"expected one line naming {flag}, got {run.stderr!r}"
    if os.path.exists(output) or os.path.exists(output + ".rhs"):
        return "a file was written"
    return None


def main():
    if len(sys.argv) != 2:
        print("usage: check_generate_refusals.py path/to/slae-generate", file=sys.stderr)
        return 2
    generate = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory(prefix="slae-refused-") as directory:
        output = os.path.join(directory, "a.mtx")
        cases = CASES + [(["poisson1d", "--grid", "3", "--rhs", output], "--rhs")]
        for args, flag in cases:
            problem = refusal_problem(generate, args, flag, output)
            if problem:
                failures.append(f"{' '.join(args)}: {problem}")
    for failure in failures:
        print("FAILED:", failure)
    print(f"{len(cases)} bad command lines, {len(failures)} not refused as expected")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
