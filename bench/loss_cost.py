#!/usr/bin/python3
"""What does a lost worker cost? The extra wall time of a Jacobi solve that loses one node.

Runs `coordinator --matrix M --nodes 4` to a tolerance again and again, alternating an
undisturbed run with one whose node 1 is sent SIGKILL and one whose node 1 is sent SIGSTOP when
the solve reaches a third of its iterations (the coordinator's hidden --test-signal, so that the
signal lands at the same point every time). Every disturbed run must end with the undisturbed x
(compared byte for byte). Reports the medians and the extra time of each kind of loss, and
writes them into BENCHMARKS.md between its markers (run_benchmarks.py keeps that section).
Targets (issue 11): SIGKILL of a local node under 0.5 s, SIGSTOP under 3.5 s, detection included.
Also measures what collecting CG's state every K iterations costs per iteration.

    bench/loss_cost.py --build build --matrix bench/out/poisson_1e6.mtx
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

BEGIN = "<!-- begin loss-cost (bench/loss_cost.py) -->"
END = "<!-- end loss-cost -->"


def solve(coordinator, matrix, nodes, tol, signal_spec):
    with tempfile.TemporaryDirectory() as d:
        report_path = os.path.join(d, "r.json")
        argv = [coordinator, "--matrix", matrix, "--nodes", str(nodes), "--tol", tol, "--quiet",
                "--output", "-", "--report", report_path]
        if signal_spec:
            argv += ["--test-signal", signal_spec]
        start = time.perf_counter()
        p = subprocess.run(argv, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if p.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({p.returncode}): {p.stderr}")
        with open(report_path) as f:
            report = json.load(f)
    return {"wall": wall, "x": p.stdout, "report": report}


def cg_collection_cost(coordinator, matrix, nodes, repeats):
    """Seconds per CG iteration with the state collected every K iterations, and never."""
    ks = [0, 100, 50, 10]
    per_iteration = {k: [] for k in ks}
    for r in range(repeats):
        for k in ks:
            with tempfile.TemporaryDirectory() as d:
                report_path = os.path.join(d, "r.json")
                p = subprocess.run([coordinator, "--matrix", matrix, "--nodes", str(nodes),
                                    "--method", "cg", "--tol", "0", "--max-iter", "200",
                                    "--quiet", "--cg-checkpoint-every", str(k), "--report",
                                    report_path], capture_output=True, text=True)
                if p.returncode not in (0, 3):
                    raise SystemExit(f"cg, K = {k}: failed ({p.returncode}): {p.stderr}")
                with open(report_path) as f:
                    report = json.load(f)
            per_iteration[k].append(report["seconds_per_iteration"])
            print(f"repeat {r + 1} cg K={k:3d} {1e3 * per_iteration[k][-1]:.2f} ms/iteration",
                  flush=True)
    base = per_iteration[0]
    rows = []
    for k in ks[1:]:
        ratio = statistics.median(t / b for t, b in zip(per_iteration[k], base))
        rows.append((k, statistics.median(per_iteration[k]), ratio))
    return statistics.median(base), rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--matrix", required=True)
    parser.add_argument("--nodes", type=int, default=4)
    parser.add_argument("--tol", default="1e-10")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--markdown", default="BENCHMARKS.md")
    args = parser.parse_args()
    coordinator = os.path.join(args.build, "bin", "coordinator")
    reference = solve(coordinator, args.matrix, args.nodes, args.tol, None)
    iterations = reference["report"]["iterations"]
    at = max(1, iterations // 3)
    kinds = {"undisturbed": None, "SIGKILL": f"1:KILL@{at}", "SIGSTOP": f"1:STOP@{at}"}
    walls = {k: [] for k in kinds}
    detection = {k: [] for k in kinds}
    for r in range(args.repeats):
        for kind, spec in kinds.items():
            run = solve(coordinator, args.matrix, args.nodes, args.tol, spec)
            if run["x"] != reference["x"] or run["report"]["iterations"] != iterations:
                raise SystemExit(f"{kind}: the answer differs from the undisturbed one")
            walls[kind].append(run["wall"])
            events = run["report"]["events"]
            lost = [e for e in events if e["event"] == "worker_lost"]
            redone = [e for e in events if e["event"] == "redone"]
            if spec and (len(lost) != 1 or len(redone) != 1):
                raise SystemExit(f"{kind}: expected one loss, got {events}")
            if spec:
                detection[kind].append(redone[0]["seconds"] - lost[0]["seconds"])
            print(f"repeat {r + 1} {kind:11s} {run['wall']:.3f} s", flush=True)
    base = statistics.median(walls["undisturbed"])
    rows = []
    for kind in ("SIGKILL", "SIGSTOP"):
        extra = statistics.median(w - u for w, u in zip(walls[kind], walls["undisturbed"]))
        target = 0.5 if kind == "SIGKILL" else 3.5
        rows.append((kind, statistics.median(walls[kind]), extra,
                     statistics.median(detection[kind]), target))
    cg_base, cg_rows = cg_collection_cost(coordinator, args.matrix, args.nodes, args.repeats)
    text = f"""{BEGIN}
## The cost of a lost worker (Jacobi)

Generated by `bench/loss_cost.py` ({time.strftime('%Y-%m-%d %H:%M')}): `{os.path.basename(args.matrix)}`,
`--nodes {args.nodes} --tol {args.tol}` ({iterations} iterations), node 1 sent the signal at
iteration {at} (`--test-signal`); {args.repeats} repetitions alternated, medians; extra time taken
run by run against the undisturbed run beside it. Every disturbed run ended with the undisturbed
x, byte for byte. "Re-placement" is the time from the loss noticed to the solve going on (a new
node started, its block shipped); the rest of the extra time is detection (a frozen node is
noticed by its silence, 2.5 s) and the iterations redone.

| loss | wall time | extra | re-placement | target | |
|---|---|---|---|---|---|
| none | {base:.2f} s | | | | |
""" + "\n".join(f"| {k} | {w:.2f} s | {e:.2f} s | {d:.3f} s | < {t} s | "
                 f"{'met' if e < t else '**not met**'} |" for k, w, e, d, t in rows) + f"""

CG's vectors live on the nodes: to go on after a loss, the coordinator collects x, r and p
every `--cg-checkpoint-every K` iterations (default 100). Its cost, CG on the same matrix and
nodes, 200 iterations (`--tol 0 --max-iter 200`), seconds per iteration from the report,
ratios run by run against K = 0 (never collected):

| K | ms per iteration | x no collection |
|---|---|---|
| never | {1e3 * cg_base:.2f} | 1.00 |
""" + "\n".join(f"| {k} | {1e3 * t:.2f} | {r:.3f} |" for k, t, r in cg_rows) + f"\n{END}\n"
    print(text)
    try:
        with open(args.markdown) as f:
            old = f.read()
    except OSError:
        old = ""
    begin, end = old.find(BEGIN), old.find(END)
    if begin >= 0 and end >= 0:
        new = old[:begin] + text + old[end + len(END) + 1:]
    else:
        new = old.rstrip("\n") + "\n\n" + text
    with open(args.markdown, "w") as f:
        f.write(new)


if __name__ == "__main__":
    main()
