#!/usr/bin/python3
"""Side by side: POT 0.8.2's ot.sliced_wasserstein_distance against monge, in one run, as ratios.

Run with Debian's POT:  /usr/bin/python3 bench/sw_vs_pot.py [--monge build/monge]
                                                            [--bench build/bench/bench_sliced]
Builds nothing. With --monge, times `monge sw X.npy Y.npy --json --projections 100` on the very
points POT gets (the "seconds" it reports is the computation; the process wall time, file reading
included, is shown too). With --bench, runs bench_sliced (Google Benchmark) for monge's value,
value + gradient, and the machine's own limit (projections + radix sort alone); bench_sliced
draws its own Gaussian clouds of the same sizes and distributions (N(0, I) vs N(1, I)): the
timings do not depend on the sample. Give either or both.

Printed per (N, d): POT seconds, monge seconds, and the ratios
  POT / monge value, POT / monge value+gradient, monge value+gradient / (projections + radix sort).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import ot

PROJECTIONS = 100
ENV = dict(os.environ, OMP_NUM_THREADS="2", OMP_WAIT_POLICY="passive")


def clouds(n, d):
    rng = np.random.default_rng(n * 10 + d)
    X = rng.normal(0.0, 1.0, (n, d)).astype(np.float32)
    Y = (rng.normal(0.0, 1.0, (n, d)) + 1.0).astype(np.float32)
    return X, Y


def time_pot(X, Y, repeat):
    Xd, Yd = X.astype(np.float64), Y.astype(np.float64)
    best, value = float("inf"), None
    for r in range(repeat):
        t0 = time.perf_counter()
        value = ot.sliced_wasserstein_distance(Xd, Yd, n_projections=PROJECTIONS, seed=r)
        best = min(best, time.perf_counter() - t0)
    return best, float(value)


def time_cli(monge, X, Y, repeat):
    with tempfile.TemporaryDirectory() as tmp:
        fx, fy = os.path.join(tmp, "x.npy"), os.path.join(tmp, "y.npy")
        np.save(fx, X)
        np.save(fy, Y)
        best, wall, out = float("inf"), float("inf"), None
        for r in range(repeat):
            t0 = time.perf_counter()
            res = subprocess.run([monge, "sw", fx, fy, "--json", "--projections", str(PROJECTIONS), "--seed", str(r)],
                                 capture_output=True, text=True, env=ENV)
            wall = min(wall, time.perf_counter() - t0)
            if res.returncode != 0:
                sys.exit(f"monge sw failed: {res.stderr.strip()}")
            out = json.loads(res.stdout)
            best = min(best, out["seconds"])
        return best, wall, out


def time_bench(binary, n, d):
    pattern = f"BM_(SlicedValue|SlicedValueGrad|ProjectSort)/{n}/{d}/"
    res = subprocess.run([binary, f"--benchmark_filter={pattern}", "--benchmark_format=json",
                          "--benchmark_repetitions=3", "--benchmark_report_aggregates_only=true"],
                         capture_output=True, text=True, env=ENV)
    if res.returncode != 0:
        sys.exit(f"{binary} failed: {res.stderr.strip()}")
    times = {}
    for b in json.loads(res.stdout)["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name = b["run_name"].split("/")[0].replace("BM_", "")
        scale = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[b["time_unit"]]
        times[name] = b["real_time"] * scale
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--monge", help="path of the monge binary")
    ap.add_argument("--bench", help="path of bench_sliced")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--dims", type=int, nargs="+", default=[2, 3])
    args = ap.parse_args()
    if not args.monge and not args.bench:
        ap.error("give --monge PATH and/or --bench PATH")
    print(f"POT {ot.__version__}, {PROJECTIONS} projections, N = M, OMP_NUM_THREADS=2, {os.cpu_count()} cores")
    print(f"{'N':>7} {'d':>2} {'POT s':>8} {'SW_2 POT':>9} |", end="")
    if args.monge:
        print(f" {'cli s':>8} {'cli wall':>8} {'SW_2 monge':>10} {'POT/cli':>8} |", end="")
    if args.bench:
        print(f" {'value s':>8} {'val+grad':>8} {'proj+sort':>9} {'POT/val':>8} {'POT/v+g':>8} {'v+g/limit':>9}", end="")
    print()
    for n in args.sizes:
        for d in args.dims:
            X, Y = clouds(n, d)
            pot_s, pot_v = time_pot(X, Y, 1 if n >= 50_000 else 3)
            print(f"{n:>7} {d:>2} {pot_s:>8.3f} {pot_v:>9.4f} |", end="", flush=True)
            if args.monge:
                cli_s, wall, out = time_cli(args.monge, X, Y, 3)
                print(f" {cli_s:>8.4f} {wall:>8.3f} {out['value']:>10.4f} {pot_s / cli_s:>7.0f}x |", end="", flush=True)
            if args.bench:
                t = time_bench(args.bench, n, d)
                print(f" {t['SlicedValue']:>8.4f} {t['SlicedValueGrad']:>8.4f} {t['ProjectSort']:>9.4f}"
                      f" {pot_s / t['SlicedValue']:>7.0f}x {pot_s / t['SlicedValueGrad']:>7.0f}x"
                      f" {t['SlicedValueGrad'] / t['ProjectSort']:>8.2f}x", end="")
            print(flush=True)


if __name__ == "__main__":
    main()
