#!/usr/bin/python3
"""Side by side: one mesh-deformation training iteration in PyTorch's CPU autograd and in monge,
at 10k and 100k vertices, in one run; and monge against the machine's limit (issue 18).

Run with Debian's torch:  /usr/bin/python3 bench/deform_vs_torch.py [--build build] [--rounds 3]
                                                                       [--write bench/deform_speed_results.md]
Needs build/bench/bench_deform_bound and bench_deform_bound_native (MONGE_WITH_BENCH=ON).

The loop, the same on both sides: source = uv-sphere of 10,226 or 99,906 vertices, target = the
same sphere scaled by (1.5, 1, 0.6); field v(x, t) = s * MLP((x - c) / s, t), MLP 4-64-64-64-3
tanh; 8 RK4 steps from t = 0 to 1 (32 field evaluations), backpropagated; SW_2^2 with 64 fresh
Gaussian directions (sort both projected clouds, mean squared difference); Adam, lr 3e-3;
2 threads (torch.set_num_threads(2); OMP_NUM_THREADS=2 for monge). PyTorch keeps every stage's
activations for its backward pass (about 5 GB at 100k vertices); monge recomputes them.

Printed per size: the best iteration time of each over the rounds (rounds alternate: torch, then
monge, then torch...), their ratio, and monge against its bound:
  flops       the MLP's products per iteration, 2 per multiply-add: 32 stages x (forward twice, as
              monge recomputes, + the two backward products), bench/deform_products.hpp
  bound       32 x Eigen's products of one stage, -march=native, ONE thread halved (perfect
              2-core scaling), + the SW loss alone (monge's, 2 threads)
  strict      the flops at Eigen's best rate (the 64 x 64 product on cached 128-row chunks, one
              thread, x 2) + the SW loss alone
  fraction    bound / monge iteration (1 = at the bound; above 1 = faster than Eigen would be)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

STEPS, PROJECTIONS, LR = 8, 64, 3e-3
SIZES = {10226: (72, 144), 99906: (224, 448)}  # vertices: (rings, segments) of the uv-sphere


def uv_sphere(rings, segments):
    """Vertices of solvers/mesh builtin uv_sphere (poles + rings - 1 latitude circles)."""
    pts = [(0.0, 0.0, 1.0)]
    for i in range(rings - 1):
        polar = np.pi * (i + 1) / rings
        for j in range(segments):
            az = 2 * np.pi * j / segments
            pts.append((np.sin(polar) * np.cos(az), np.sin(polar) * np.sin(az), np.cos(polar)))
    pts.append((0.0, 0.0, -1.0))
    return np.asarray(pts, dtype=np.float32)


class Field(torch.nn.Module):
    def __init__(self, center, scale):
        super().__init__()
        self.mlp = torch.nn.Sequential(torch.nn.Linear(4, 64), torch.nn.Tanh(), torch.nn.Linear(64, 64), torch.nn.Tanh(),
                                       torch.nn.Linear(64, 64), torch.nn.Tanh(), torch.nn.Linear(64, 3))
        self.center, self.scale = center, scale

    def forward(self, x, t):
        inp = torch.cat([(x - self.center) / self.scale, torch.full((x.shape[0], 1), t)], dim=1)
        return self.scale * self.mlp(inp)


def integrate(f, x):
    h = 1.0 / STEPS
    for n in range(STEPS):
        t = n * h
        k1 = f(x, t)
        k2 = f(x + 0.5 * h * k1, t + 0.5 * h)
        k3 = f(x + 0.5 * h * k2, t + 0.5 * h)
        k4 = f(x + h * k3, t + h)
        x = x + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
    return x


def sw2(X, Y, gen):
    theta = torch.randn(PROJECTIONS, 3, generator=gen)
    theta = theta / theta.norm(dim=1, keepdim=True)
    sx = torch.sort(X @ theta.T, dim=0).values
    sy = torch.sort(Y @ theta.T, dim=0).values
    return ((sx - sy) ** 2).mean()


def torch_iterations(n, count):
    """Per-iteration seconds of `count` iterations after one warm-up."""
    torch.set_num_threads(2)
    torch.manual_seed(0)
    V = torch.from_numpy(uv_sphere(*SIZES[n]))
    Y = V * torch.tensor([1.5, 1.0, 0.6])
    lo, hi = torch.minimum(V.min(0).values, Y.min(0).values), torch.maximum(V.max(0).values, Y.max(0).values)
    f = Field(0.5 * (V.min(0).values + V.max(0).values), float(0.5 * (hi - lo).norm()))
    opt = torch.optim.Adam(f.parameters(), lr=LR)
    gen = torch.Generator().manual_seed(0)
    times = []
    for k in range(count + 1):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = sw2(integrate(f, V), Y, gen)
        loss.backward()
        opt.step()
        if k > 0:
            times.append(time.perf_counter() - t0)
    return times


def bench(binary, pattern, repetitions):
    """Google Benchmark results matching `pattern`: {name: [real seconds per repetition]}."""
    env = dict(os.environ, OMP_NUM_THREADS="2", OMP_WAIT_POLICY="passive")
    out = subprocess.run([binary, f"--benchmark_filter={pattern}", f"--benchmark_repetitions={repetitions}",
                          "--benchmark_format=json"], env=env, capture_output=True, text=True, check=True).stdout
    results = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("run_type") == "aggregate":
            continue
        scale = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[b["time_unit"]]
        results.setdefault(b["run_name"], []).append(b["real_time"] * scale)
        results.setdefault(b["run_name"] + ":label", b.get("label", ""))
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--write", help="also write the table (markdown) to this file")
    args = ap.parse_args()
    ours = os.path.join(args.build, "bench", "bench_deform_bound")
    native = os.path.join(args.build, "bench", "bench_deform_bound_native")
    for b in (ours, native):
        if not os.path.exists(b):
            sys.exit(f"{b}: not built (cmake -DMONGE_WITH_BENCH=ON, ninja {os.path.basename(b)})")

    # Eigen's yardsticks with ONE thread (halved below): Eigen's own 2-thread products spin-wait,
    # which on a shared machine measures the neighbours more than Eigen.
    env1 = dict(os.environ, OMP_NUM_THREADS="1")
    out = subprocess.run([native, "--benchmark_format=json", "--benchmark_repetitions=3"], env=env1,
                         capture_output=True, text=True, check=True).stdout
    eigen = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("run_type") == "aggregate":
            continue
        scale = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[b["time_unit"]]
        eigen.setdefault(b["run_name"], []).append((b["real_time"] * scale, b.get("gflops", 0.0)))
    peak_gflops = max(g for _, g in eigen["monge::bench::BM_EigenPeakProduct/real_time"])

    rows = []
    for n in SIZES:
        count = 3 if n < 50000 else 1
        torch_best, ours_best, label, sw_best = float("inf"), float("inf"), "", float("inf")
        for _ in range(args.rounds):
            torch_best = min(torch_best, min(torch_iterations(n, count)))
            r = bench(ours, f"BM_(Iteration|SlicedLoss)/{n}/", 2)
            ours_best = min(ours_best, min(r[f"BM_Iteration/{n}/real_time"]))
            sw_best = min(sw_best, min(r[f"BM_SlicedLoss/{n}/real_time"]))
            label = r[f"BM_Iteration/{n}/real_time:label"]
        stage_one_thread = min(t for t, _ in eigen[f"monge::bench::BM_EigenStageProducts/{n}/real_time"])
        flops = 32 * 4 * 2.0 * n * (4 * 64 + 64 * 64 + 64 * 64 + 64 * 3)
        bound = 32 * stage_one_thread / 2 + sw_best
        strict = flops / (2 * peak_gflops * 1e9) + sw_best
        rows.append((n, torch_best, ours_best, torch_best / ours_best, flops / 1e9, flops / ours_best / 1e9, bound, bound / ours_best,
                     strict, strict / ours_best, label))

    load = os.getloadavg()[0]
    lines = [f"# monge deform vs PyTorch {torch.__version__} CPU autograd, 2 threads (load average {load:.1f} at the end)", "",
             "| vertices | PyTorch s/it | monge s/it | PyTorch / monge | MLP GFLOP/it | monge GFLOP/s | bound s | bound / monge | strict s | strict / monge | kernels |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        lines.append("| {} | {:.3f} | {:.4f} | {:.1f}x | {:.1f} | {:.0f} | {:.4f} | {:.2f} | {:.4f} | {:.2f} | {} |".format(*r))
    lines.append("")
    lines.append(f"Eigen -march=native, one thread: best product rate {peak_gflops:.0f} GFLOP/s (64x64 on 128-row chunks).")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        folder = os.path.dirname(os.path.abspath(args.write))
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".deform_speed.")
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        os.replace(tmp, args.write)


if __name__ == "__main__":
    main()
