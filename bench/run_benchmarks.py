#!/usr/bin/python3
"""Measures slae-cluster side by side with PETSc and rewrites BENCHMARKS.md.

Run through bench/run_benchmarks.sh, which installs PETSc and builds everything first. All
figures come from this one run: each repetition runs every configuration once, one after the
other, so that the slow and fast phases of a shared machine hit all of them alike; medians are
reported, and ratios to PETSc are taken repetition by repetition (pair by pair), then the median.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

POISSON_GRID = 1000  # 1e6 rows
POISSON_DIAGONAL = 4.5  # rho(J) ~ 0.889: 157 Jacobi iterations to 1e-8
RANDOM_ROWS = 1_000_000
RANDOM_OFF_DIAGONALS = 9  # ~10 non-zeros per row
ITERATIONS = 200  # fixed iteration count of the per-iteration measurements
NODE_COUNTS = (1, 2, 4, 8)
# SPD matrices of ../shared/matrices/INDEX.md, shipped in matrices/
SPD_MATRICES = ("tridiagonal_A.mm", "LFAT5.mtx", "amg_match_16.mtx", "LF10.mtx",
                "Trefethen_20b.mtx", "pts5ldd03.mtx", "nos1.mtx", "494_bus.mtx", "nos6.mtx",
                "gr_30_30.mtx", "1138_bus.mtx", "bcsstk13.mtx")


class Bench:
    def __init__(self, build, out, repeats):
        self.bin = os.path.join(build, "bin")
        self.out = out
        self.repeats = repeats
        os.makedirs(out, exist_ok=True)

    def run(self, argv, ok_codes=(0,)):
        """Runs argv; returns (stdout, stderr, wall seconds)."""
        start = time.perf_counter()
        p = subprocess.run(argv, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if p.returncode not in ok_codes:
            sys.exit(f"benchmark step failed ({p.returncode}): {' '.join(argv)}\n{p.stderr}")
        return p.stdout, p.stderr, wall

    def json_line(self, argv):
        stdout, _, wall = self.run(argv)
        data = json.loads(stdout.strip().splitlines()[-1])
        data["wall_seconds"] = wall
        return data

    def tool(self, name):
        return os.path.join(self.bin, name)

    # ---- the programs measured

    def ours(self, matrix, nodes, extra=(), tol="0", max_iter=ITERATIONS, ok_codes=(3,)):
        report = os.path.join(self.out, "report.json")
        _, _, wall = self.run([self.tool("coordinator"), "--matrix", matrix, "--nodes", str(nodes),
                               "--tol", tol, "--max-iter", str(max_iter), "--quiet",
                               "--no-diagnose", "--report", report, *extra], ok_codes)
        with open(report) as f:
            data = json.load(f)
        data["wall_seconds"] = wall
        return data

    def petsc(self, petsc_file, ranks, options):
        return self.json_line(["mpiexec", "--allow-run-as-root", "-n", str(ranks),
                               self.tool("petsc_solve"), "-matrix", petsc_file, *options])

    def petsc_fixed(self, petsc_file, ranks):
        # Richardson with Jacobi and the true residual norm each iteration, for ITERATIONS
        return self.petsc(petsc_file, ranks,
                          ["-ksp_type", "richardson", "-pc_type", "jacobi", "-ksp_max_it",
                           str(ITERATIONS), "-ksp_rtol", "1e-30", "-ksp_divtol", "1e30",
                           "-warmup", "5"])

    # ---- inputs

    def matrices(self):
        poisson = os.path.join(self.out, "poisson_1e6.mtx")
        rand = os.path.join(self.out, "random_1e6.mtx")
        if not os.path.exists(poisson):
            self.run([self.tool("slae-generate"), "poisson2d", "--grid", str(POISSON_GRID),
                      "--diagonal", str(POISSON_DIAGONAL), "--output", poisson])
        if not os.path.exists(rand):
            self.run([self.tool("slae-generate"), "random-dominant", "--rows", str(RANDOM_ROWS),
                      "--off-diagonals", str(RANDOM_OFF_DIAGONALS), "--seed", "1",
                      "--output", rand])
        conversions = {}
        for mtx in (poisson, rand):
            _, _, conversions[mtx] = self.run([self.tool("mtx_to_petsc"), mtx, mtx + ".petsc"])
        return poisson, rand, conversions


def median(values):
    return statistics.median(values) if values else float("nan")


def machine():
    model, mem, l3 = "unknown", "unknown", "unknown"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
            if line.startswith("L3 cache:"):
                l3 = line.split(":", 1)[1].strip()
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1048576:.0f} GiB"
    except OSError:
        pass
    return (f"{model}, {os.cpu_count()} cores, L3 cache {l3} (as the VM reports it), {mem} RAM, "
            f"Linux {platform.release()}")


def measure_matrix(bench, matrix, petsc_file):
    """Every configuration once per repetition, alternately."""
    runs = {key: [] for key in ("floor1", "floor2", "socket2", "petsc1", "petsc2")}
    for n in NODE_COUNTS:
        runs[f"ours{n}"] = []
    for r in range(bench.repeats):
        print(f"  {os.path.basename(matrix)}: repetition {r + 1} of {bench.repeats}", flush=True)
        runs["floor1"].append(bench.json_line([bench.tool("sweep_floor"), matrix,
                                               str(ITERATIONS)]))
        runs["floor2"].append(bench.json_line([bench.tool("parallel_floor"), matrix, "2",
                                               str(ITERATIONS)]))
        for n in NODE_COUNTS:
            runs[f"ours{n}"].append(bench.ours(matrix, n))
        runs["socket2"].append(bench.ours(matrix, 2, ["--no-shared-memory"]))
        runs["petsc1"].append(bench.petsc_fixed(petsc_file, 1))
        runs["petsc2"].append(bench.petsc_fixed(petsc_file, 2))
    return runs


def spi(runs, key):
    return [r["seconds_per_iteration"] for r in runs[key]]


def pairwise(runs, a, b):
    """Median over repetitions of a/b, repetition by repetition."""
    return median([x / y for x, y in zip(spi(runs, a), spi(runs, b))])


def ms(seconds):
    return f"{seconds * 1e3:.2f}"


def per_iteration_table(runs, stream, rows):
    bytes_per_sweep = runs["floor1"][0]["bytes_per_sweep"]
    floor_1 = bytes_per_sweep / (stream["threads_1_gb_per_s"] * 1e9)
    floor_2 = bytes_per_sweep / (stream["threads_2_gb_per_s"] * 1e9)
    lines = ["| configuration | ms per iteration (median) | ratio |",
             "|---|---|---|",
             f"| bytes of one sweep / STREAM triad, 1 core ({bytes_per_sweep / 1e6:.0f} MB at "
             f"{stream['threads_1_gb_per_s']:.1f} GB/s) | {ms(floor_1)} | |",
             f"| bytes of one sweep / STREAM triad, 2 cores ({stream['threads_2_gb_per_s']:.1f} "
             f"GB/s) | {ms(floor_2)} | |",
             f"| our kernel, one process, no sockets | {ms(median(spi(runs, 'floor1')))} | |",
             f"| our kernel, 2 threads on their own blocks, no exchange | "
             f"{ms(median(spi(runs, 'floor2')))} | |"]
    for n in NODE_COUNTS:
        ratio = ""
        if n == 1:
            ratio = (f"{pairwise(runs, 'ours1', 'floor1'):.2f} x our kernel, "
                     f"{pairwise(runs, 'ours1', 'petsc1'):.2f} x PETSc -n 1")
        elif n == 2:
            ratio = f"{pairwise(runs, 'ours2', 'petsc2'):.2f} x PETSc -n 2"
        lines.append(f"| coordinator --nodes {n} | {ms(median(spi(runs, f'ours{n}')))} | {ratio} |")
    lines.append(f"| coordinator --nodes 2 --no-shared-memory (blocks through the socket) | "
                 f"{ms(median(spi(runs, 'socket2')))} | "
                 f"{pairwise(runs, 'socket2', 'petsc2'):.2f} x PETSc -n 2 |")
    for n in (1, 2):
        lines.append(f"| PETSc richardson + jacobi, mpiexec -n {n} | "
                     f"{ms(median(spi(runs, f'petsc{n}')))} | |")
    return lines


def traffic_table(runs, rows):
    lines = ["| nodes | bytes to nodes per iteration | % of 8n | bytes from nodes per iteration |",
             "|---|---|---|---|"]
    for n in NODE_COUNTS:
        report = runs[f"ours{n}"][0]
        to = report["bytes_to_nodes_per_iteration"]
        lines.append(f"| {n} | {to:,.0f} | {100 * to / (8 * rows):.2f}% | "
                     f"{report['bytes_from_nodes_per_iteration']:,.0f} |")
    report = runs["socket2"][0]
    lines.append(f"| 2, --no-shared-memory | {report['bytes_to_nodes_per_iteration']:,.0f} | "
                 f"{100 * report['bytes_to_nodes_per_iteration'] / (8 * rows):.2f}% | "
                 f"{report['bytes_from_nodes_per_iteration']:,.0f} |")
    return lines


def parse_rate(runs):
    rates = [r["parse_mb_per_second"] for key in runs if key.startswith(("ours", "socket"))
             for r in runs[key]]
    return median(rates)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default="build")
    parser.add_argument("--out", default="bench/out")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--markdown", default="BENCHMARKS.md")
    args = parser.parse_args()
    bench = Bench(args.build, args.out, args.repeats)
    started = datetime.datetime.now()

    print("generating and converting the benchmark matrices", flush=True)
    poisson, rand, conversions = bench.matrices()
    print("measuring memory bandwidth", flush=True)
    stream = bench.json_line([bench.tool("stream_triad"), "2", "10"])

    print("per-iteration measurements", flush=True)
    poisson_runs = measure_matrix(bench, poisson, poisson + ".petsc")
    random_runs = measure_matrix(bench, rand, rand + ".petsc")

    print("whole runs to convergence", flush=True)
    whole = {"ours": [], "petsc": []}
    for _ in range(bench.repeats):
        whole["ours"].append(bench.ours(poisson, 2, tol="1e-8", max_iter=10000, ok_codes=(0,)))
        whole["petsc"].append(bench.petsc(poisson + ".petsc", 2,
                                          ["-ksp_type", "richardson", "-pc_type", "jacobi",
                                           "-ksp_rtol", "1e-8", "-ksp_max_it", "10000"]))

    print("CG iteration counts", flush=True)
    cg_rows = []
    for name in SPD_MATRICES:
        mtx = os.path.join("matrices", name)
        bench.run([bench.tool("mtx_to_petsc"), mtx, os.path.join(args.out, name + ".petsc")])
        theirs = bench.petsc(os.path.join(args.out, name + ".petsc"), 1,
                             ["-ksp_type", "cg", "-pc_type", "jacobi", "-ksp_rtol", "1e-8",
                              "-ksp_max_it", "100000"])
        mine = bench.ours(mtx, 2, ["--method", "cg"], tol="1e-8", max_iter=100000, ok_codes=(0,))
        bound = max(theirs["iterations"] + 2, int(1.02 * theirs["iterations"]))
        cg_rows.append((name, mine["iterations"], theirs["iterations"], theirs["reason"],
                        mine["iterations"] <= bound))

    write_markdown(args.markdown, started, stream, poisson_runs, random_runs, whole, conversions,
                   poisson, cg_rows, bench.repeats)
    print(f"wrote {args.markdown}")


def write_markdown(path, started, stream, poisson_runs, random_runs, whole, conversions, poisson,
                   cg_rows, repeats):
    n = POISSON_GRID * POISSON_GRID
    r2 = pairwise(poisson_runs, "ours2", "petsc2")
    r1 = pairwise(poisson_runs, "ours1", "floor1")
    to8 = poisson_runs["ours8"][0]["bytes_to_nodes_per_iteration"] / (8 * n)
    parse = median([parse_rate(poisson_runs), parse_rate(random_runs)])
    ours_whole = median([w["wall_seconds"] for w in whole["ours"]])
    petsc_whole = median([w["wall_seconds"] for w in whole["petsc"]])
    ours_iterations = whole["ours"][0]["iterations"]
    petsc_iterations = whole["petsc"][0]["iterations"]
    floor2 = median(spi(poisson_runs, "floor2"))
    ours2 = median(spi(poisson_runs, "ours2"))
    socket2 = median(spi(poisson_runs, "socket2"))

    def verdict(ok):
        return "met" if ok else "**not met**"

    text = f"""# Benchmarks

Generated by `bash bench/run_benchmarks.sh` (do not edit by hand: the next run rewrites it).

- **Run**: {started:%Y-%m-%d %H:%M}, {repeats} repetitions of every configuration, alternated;
  medians; ratios taken repetition by repetition, then their median.
- **Machine**: {machine()}.
- **Matrices**: `slae-generate poisson2d --grid {POISSON_GRID} --diagonal {POISSON_DIAGONAL}`
  (2D Poisson, 5-point, {n:,} rows, {poisson_runs['ours1'][0]['nnz']:,} non-zeros) and
  `slae-generate random-dominant --rows {RANDOM_ROWS} --off-diagonals {RANDOM_OFF_DIAGONALS}
  --seed 1` (random strictly diagonally dominant, {random_runs['ours1'][0]['nnz']:,} non-zeros
  spread over all columns). Per-iteration figures: {ITERATIONS} iterations each
  (`--tol 0 --max-iter {ITERATIONS}`), Jacobi with the true residual every iteration.
- **PETSc**: {petsc_version()}, `bench/petsc_solve.c`: `-ksp_type richardson -pc_type jacobi
  -ksp_norm_type unpreconditioned`, x0 = 0, b = A·1, reading the matrix from PETSc's binary
  format (written from the same Matrix Market file by `mtx_to_petsc`).

These machines are shared and noisy (the same program can run twice as slow in another phase):
compare ratios within this file, not figures across runs. The bandwidth rows divide the bytes a
sweep moves by the STREAM triad rate measured in this run (3 arrays of 80 MB); on a machine whose
last-level cache holds most of a block, a sweep can beat that figure, so read it as the cost of
streaming from memory, not as a hard floor.

## Targets

| target | measured | |
|---|---|---|
| `--nodes 2` seconds per iteration <= 1.0 x PETSc `mpiexec -n 2` (Poisson) | {r2:.2f} x | {verdict(r2 <= 1.0)} |
| `--nodes 1` seconds per iteration <= 1.5 x our single-process sweep | {r1:.2f} x | {verdict(r1 <= 1.5)} |
| `bytes_to_nodes_per_iteration` at `--nodes 8` <= 5% of 8n (Poisson) | {100 * to8:.2f}% | {verdict(to8 <= 0.05)} |
| Matrix Market parse >= 200 MB/s on one core | {parse:.0f} MB/s | {verdict(parse >= 200)} |
| Whole run to 1e-8, `--nodes 2`, next to PETSc's (setup included) | {ours_whole:.2f} s vs {petsc_whole:.2f} s | recorded |
| Jacobi on the Poisson matrix converges in 157 iterations to 1e-8 | {ours_iterations} (PETSc: {petsc_iterations}) | {verdict(ours_iterations == 157)} |

## 2D Poisson, 1e6 rows: seconds per iteration

{chr(10).join(per_iteration_table(poisson_runs, stream, n))}

## Random diagonally dominant, 1e6 rows, ~1e7 non-zeros: seconds per iteration

The worst case for ghost exchange: each block references most of x.

{chr(10).join(per_iteration_table(random_runs, stream, RANDOM_ROWS))}

## Traffic through the sockets per iteration

Ghost values only go to the nodes. From the nodes come the residual sums (one per reduction
chunk) and, without shared memory, the nodes' blocks of x.

Poisson:

{chr(10).join(traffic_table(poisson_runs, n))}

Random:

{chr(10).join(traffic_table(random_runs, RANDOM_ROWS))}

## Where each millisecond goes (Poisson, `--nodes 2`)

Measured by taking parts away, in the same run:

| part | ms per iteration |
|---|---|
| the two sweeps, each node on its own block, nothing exchanged (`parallel_floor 2`) | {ms(floor2)} |
| + ghost exchange, residual judging, gathering the blocks through shared memory, the coordinator's share of 2 cores | {ms(ours2 - floor2)} |
| = `coordinator --nodes 2` | {ms(ours2)} |
| + the 8 MB iterate through the sockets (kernel copies in, copies out, the cache they evict), `--no-shared-memory` | {ms(socket2 - ours2)} |
| = `coordinator --nodes 2 --no-shared-memory` | {ms(socket2)} |
| PETSc `mpiexec -n 2`, for comparison | {ms(median(spi(poisson_runs, 'petsc2')))} |

Each half-block (about 58 MB) is swept in a fraction of the time the whole matrix takes on one
core: two cores bring two caches and more memory bandwidth. The coordinator still gathers
every node's whole block of x_{{k+1}} every iteration (it keeps the full iterate), but judges the
residual one iteration behind and forwards ghost values as soon as their owners have sent
them, so nodes never wait for the gather.

## Whole run to convergence (Poisson, tol 1e-8, 2 nodes, medians)

| | wall seconds | |
|---|---|---|
| `coordinator --matrix poisson_1e6.mtx --nodes 2` (parse {poisson_runs['ours2'][0]['file_bytes'] / 1e6:.0f} MB of Matrix Market, distribute, {ours_iterations} iterations) | {ours_whole:.2f} | setup {median([w['setup_seconds'] for w in whole['ours']]):.2f} s, parse {median([w['parse_seconds'] for w in whole['ours']]):.2f} s |
| `mpiexec -n 2 petsc_solve` (start MPI, load PETSc binary, {petsc_iterations} iterations) | {petsc_whole:.2f} | load {median([w['load_seconds'] for w in whole['petsc']]):.2f} s |
| `mtx_to_petsc` (PETSc reads no Matrix Market: converting the file first) | {conversions[poisson]:.2f} | once |

## Matrix Market parsing

Median over all our runs: **{parse:.0f} MB/s** of file on one core (`parse_mb_per_second` in
the report: the whole file read and parsed, from `open` to the list of entries).

## CG with the Jacobi preconditioner against PETSc

`coordinator --method cg --nodes 2` and PETSc `-ksp_type cg -pc_type jacobi -ksp_norm_type
unpreconditioned -ksp_rtol 1e-8` (one process), x0 = 0, b = A·1, on the SPD matrices of
`../shared/matrices` (shipped in `matrices/`). Allowed: max(PETSc + 2, 1.02 x PETSc).

| matrix | ours | PETSc | PETSc's reason | within the bound |
|---|---|---|---|---|
""" + "\n".join(f"| {name} | {mine} | {theirs} | {reason} | {'yes' if ok else '**no**'} |"
                for name, mine, theirs, reason, ok in cg_rows) + "\n"
    text += kept_sections(path)
    with open(path, "w") as f:
        f.write(text)


def kept_sections(path):
    """Sections other scripts write (bench/loss_cost.py), between their markers: kept as is."""
    try:
        with open(path) as f:
            old = f.read()
    except OSError:
        return ""
    begin = old.find("<!-- begin ")
    return "\n" + old[begin:] if begin >= 0 else ""


def petsc_version():
    try:
        out = subprocess.run(["pkg-config", "--modversion", "PETSc"], capture_output=True,
                             text=True).stdout.strip()
        return f"PETSc {out} (Debian libpetsc-real-dev)"
    except OSError:
        return "PETSc"


if __name__ == "__main__":
    main()
