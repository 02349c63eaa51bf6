#!/usr/bin/python3
"""How fast does the coordinator stop on Ctrl-C, whatever it is doing?

Starts `coordinator --matrix M` again and again, sends SIGINT after a growing delay (so that the
signal lands in every stage: reading, parsing, building CSR, the diagnosis, starting the nodes,
distributing the blocks, iterating), and measures the time from the signal to the exit. The
target is 100 ms at any stage.

    bench/interrupt_latency.py --build build --matrix bench/out/poisson_4_1e6.mtx
"""
import argparse
import os
import signal
import statistics
import subprocess
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--matrix", required=True)
    parser.add_argument("--nodes", default="2")
    parser.add_argument("--until", type=float, default=4.0, help="latest delay, seconds")
    parser.add_argument("--step", type=float, default=0.1, help="delay step, seconds")
    args = parser.parse_args()
    coordinator = os.path.join(args.build, "bin", "coordinator")
    latencies = []
    delay = 0.05
    print("delay_s  exit  latency_ms  stage")
    while delay <= args.until:
        p = subprocess.Popen([coordinator, "--matrix", args.matrix, "--nodes", args.nodes,
                              "--diagnose", "--quiet", "--max-iter", "100000"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        sent = time.perf_counter()
        p.send_signal(signal.SIGINT)
        _, err = p.communicate()
        latency = 1e3 * (time.perf_counter() - sent)
        lines = [l for l in err.splitlines() if l]
        stage = ("reading" if not any("parsed" in l for l in lines) else
                 "diagnosis" if not any(l.startswith("diagnosis: rho") or "will not reach" in l
                                        for l in lines) else
                 "iterating" if any("stopped at iteration" in l for l in lines) else "setup")
        print(f"{delay:7.2f}  {p.returncode:4d}  {latency:10.1f}  {stage}")
        latencies.append(latency)
        delay += args.step
    print(f"median {statistics.median(latencies):.1f} ms, max {max(latencies):.1f} ms")


if __name__ == "__main__":
    main()
