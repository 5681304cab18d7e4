#!/usr/bin/python3
"""Entropic transport at scale, side by side in one run (docs/entropic.md, "Figures").

    /usr/bin/python3 bench/entropic_scale.py [--monge build/monge] [--bench-dir build/bench]
        [--sizes 2000,10000,50000] [--peers-up-to 10000] [--big 100000] [--repeats 1]

1. The Sinkhorn divergence S_eps (Feydy et al.) at eps = 0.01 between two 2D clouds of n points
   (X uniform in [0,1]^2, Y three Gaussian blobs), tol 1e-3: time and relative error against a
   reference, monge's own solve at tol 1e-6 (n <= 10k) or 1e-5 (larger; the reference's error is
   then ~1e-6 relative). monge runs `monge sinkhorn --divergence --json` (its "seconds": the
   solves, not the file reading). Peers, up to --peers-up-to points, on the same points:
   - POT 0.8.2 ot.sinkhorn (method 'sinkhorn': plain scaling, and 'sinkhorn_log' up to 2k points),
     stopThr 1e-3
     (POT checks the L2 norm of the column error every 10 iterations), three problems, S from the
     dual values <a, f> + <b, g> of each (the cost matrix is built inside the timing);
   - a torch (CPU) transcription of GeomLoss's tensorized backend: symmetric log-domain Sinkhorn
     with debiasing, eps-scaling from the diameter to eps with one iteration per eps value, then a
     final extrapolation (GeomLoss's sinkhorn_loop), at scaling 0.5 (GeomLoss's default) and 0.9
     (the latter up to 2k points).
   GeomLoss itself is not installable here (no PyPI); this is the same iteration.
2. Time per kernel entry from 2k up to the largest size: monge's time / (N*M), relative to 2k.
3. Kernel entries per second against the exp bound: bench_entropic's KernelVsBound (the
   10k x 10k float half-step and the exp2 tight loop alternated in one process).
4. --big N: one OT_eps problem of N x N points at eps = 0.01 and 0.002, tol 1e-3, with kernel
   truncation (the default) and without (--no-truncate, the same kernels over every block):
   time, objective difference and what truncation kept.
Times are wall seconds and CPU seconds (all threads; for monge the whole process): the machines
these run on are shared, and the CPU time is the steadier figure.
"""
import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np


def clouds(n, seed):
    rng = np.random.default_rng(seed)
    X = rng.uniform(size=(n, 2))
    centres = np.array([[0.25, 0.7], [0.7, 0.65], [0.5, 0.25]])
    scales = np.array([[0.06, 0.08], [0.09, 0.05], [0.12, 0.05]])
    k = rng.choice(3, size=n, p=[0.3, 0.4, 0.3])
    Y = centres[k] + scales[k] * rng.standard_normal((n, 2))
    return X, Y


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_monge(monge, xfile, yfile, eps, tol, extra=()):
    cmd = [monge, "sinkhorn", xfile, yfile, "--eps", str(eps), "--tol", str(tol), "--max-iter", "100000", "--json",
           "--backend", "cpu"]
    c0 = children_cpu()
    out = subprocess.run(cmd + list(extra), capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("monge failed: " + " ".join(cmd + list(extra)) + "\n" + out.stderr)
    result = json.loads(out.stdout)
    result["cpu"] = children_cpu() - c0  # the whole process, file reading included
    return result


def timed(fn):
    """(wall seconds, CPU seconds of this process's threads, fn's result)."""
    w0, c0 = time.perf_counter(), time.process_time()
    value = fn()
    return time.perf_counter() - w0, time.process_time() - c0, value


def pot_divergence(X, Y, eps, tol, method):
    import ot
    n, m = len(X), len(Y)
    a, b = np.full(n, 1.0 / n), np.full(m, 1.0 / m)

    def ot_eps(P, Q, wp, wq):
        M = ot.dist(P, Q)
        _, log = ot.sinkhorn(wp, wq, M, eps, method=method, stopThr=tol, numItermax=100000, log=True)
        if method == "sinkhorn_log":
            lu, lv = log["log_u"], log["log_v"]
        else:
            lu, lv = np.log(log["u"]), np.log(log["v"])
        # P_ij = u_i K_ij v_j = wp_i wq_j exp((f_i + g_j - M_ij)/eps): f = eps (log u - log wp)
        f, g = eps * (lu - np.log(wp)), eps * (lv - np.log(wq))
        return wp @ f + wq @ g, log.get("niter", -1)

    xy, it = ot_eps(X, Y, a, b)
    xx, _ = ot_eps(X, X, a, a)
    yy, _ = ot_eps(Y, Y, b, b)
    return xy - 0.5 * xx - 0.5 * yy, it


def geomloss_divergence(X, Y, eps, scaling):
    """GeomLoss's sinkhorn_loop (tensorized, debiased, symmetric updates, eps-scaling) in torch."""
    import torch
    x, y = torch.from_numpy(X), torch.from_numpy(Y)
    n, m = len(X), len(Y)
    a_log = torch.full((n,), -math.log(n), dtype=torch.float64)
    b_log = torch.full((m,), -math.log(m), dtype=torch.float64)
    C_xy, C_yx = torch.cdist(x, y) ** 2, None
    C_yx = C_xy.T
    C_xx, C_yy = torch.cdist(x, x) ** 2, torch.cdist(y, y) ** 2

    def softmin(e, C, h):  # -e log sum_j exp(h_j - C_ij/e)
        return -e * torch.logsumexp(h[None, :] - C / e, dim=1)

    # GeomLoss's epsilon_schedule (p = 2): diameter^2, then geometric down to blur^2 = eps.
    pts = torch.cat([x, y])
    diameter = float((pts.max(0).values - pts.min(0).values).norm())
    blur = math.sqrt(eps)
    schedule = [diameter ** 2] + [math.exp(e) for e in np.arange(2 * math.log(diameter), 2 * math.log(blur),
                                                                  2 * math.log(scaling))] + [blur ** 2]
    e = schedule[0]
    g_ab = softmin(e, C_yx, a_log)
    f_ba = softmin(e, C_xy, b_log)
    f_aa = softmin(e, C_xx, a_log)
    g_bb = softmin(e, C_yy, b_log)
    for e in schedule:
        ft_ba = softmin(e, C_xy, b_log + g_ab / e)
        gt_ab = softmin(e, C_yx, a_log + f_ba / e)
        ft_aa = softmin(e, C_xx, a_log + f_aa / e)
        gt_bb = softmin(e, C_yy, b_log + g_bb / e)
        f_ba, g_ab = 0.5 * (f_ba + ft_ba), 0.5 * (g_ab + gt_ab)
        f_aa, g_bb = 0.5 * (f_aa + ft_aa), 0.5 * (g_bb + gt_bb)
    e = eps  # the final extrapolation
    f_ba, g_ab = softmin(e, C_xy, b_log + g_ab / e), softmin(e, C_yx, a_log + f_ba / e)
    f_aa, g_bb = softmin(e, C_xx, a_log + f_aa / e), softmin(e, C_yy, b_log + g_bb / e)
    S = float((a_log.exp() * (f_ba - f_aa)).sum() + (b_log.exp() * (g_ab - g_bb)).sum())
    return S, len(schedule)


def kernel_vs_bound(bench_dir):
    exe = os.path.join(bench_dir, "bench_entropic")
    out = subprocess.run([exe, "--benchmark_filter=KernelVsBound", "--benchmark_format=json"], capture_output=True,
                         text=True, check=True, env=dict(os.environ, OMP_WAIT_POLICY="passive")).stdout
    for row in json.loads(out)["benchmarks"]:
        t = row["name"].split("/")[1]
        print(f"  {t} thread(s), {row['label']}: exp bound {row['bound'] / 1e9:.2f} G exps/CPU-s per core, kernel "
              f"{row['kernel'] / 1e9:.2f} G entries/CPU-s per core (ratio {row['ratio']:.2f}); wall "
              f"{row['kernel_wall'] / 1e9:.2f} G entries/s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--monge", default="build/monge")
    ap.add_argument("--bench-dir", default="build/bench")
    ap.add_argument("--sizes", default="2000,10000,50000")
    ap.add_argument("--peers-up-to", type=int, default=10000)
    ap.add_argument("--big", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=1)
    args = ap.parse_args()
    eps, tol = 0.01, 1e-3
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores; OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}")
    tmp = tempfile.mkdtemp()
    per_entry = {}
    print(f"\n1. Sinkhorn divergence, eps = {eps}, tol {tol} (seconds; relative error against monge at tight tol)")
    for n in [int(s) for s in args.sizes.split(",")]:
        X, Y = clouds(n, n)
        xf, yf = os.path.join(tmp, f"x{n}.npy"), os.path.join(tmp, f"y{n}.npy")
        np.save(xf, X.astype(np.float32))
        np.save(yf, Y.astype(np.float32))
        ref_tol = 1e-6 if n <= 10000 else 1e-5
        ref = run_monge(args.monge, xf, yf, eps, ref_tol, ["--divergence"])["divergence"]
        runs = [run_monge(args.monge, xf, yf, eps, tol, ["--divergence"]) for _ in range(args.repeats)]
        import torch
        torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", os.cpu_count())))
        best = min(runs, key=lambda r: r["seconds"])
        err = abs(best["divergence"] - ref) / abs(ref)
        per_entry[n] = best["seconds"] / (n * n)
        tr = best.get("truncation", {})
        print(f"  n = {n}: S_ref = {ref:.8g} (monge tol {ref_tol:g})")
        print(f"    monge             {best['seconds']:8.3f} s ({best['cpu']:7.2f} CPU-s)  rel. error {err:.1e}  mode {best['mode']}"
              f"{' tiled (' + best['simd'] + ')' if best.get('tiled') else ''}, kept {tr.get('kept_fraction', 1):.2f} of"
              f" the kernel, xy iterations {best['iterations']}")
        if n > args.peers_up_to:
            continue
        peers = [("POT sinkhorn", lambda: pot_divergence(X, Y, eps, tol, "sinkhorn")),
                 ("GeomLoss-torch 0.5", lambda: geomloss_divergence(X, Y, eps, 0.5))]
        if n <= 2000:  # a logsumexp over N*M per half-step, 4 per eps value: many minutes beyond
            peers.insert(1, ("POT sinkhorn_log", lambda: pot_divergence(X, Y, eps, tol, "sinkhorn_log")))
            peers.append(("GeomLoss-torch 0.9", lambda: geomloss_divergence(X, Y, eps, 0.9)))
        for label, fn in peers:
            seconds, cpu, (S, it) = timed(fn)
            print(f"    {label:18s}{seconds:8.3f} s ({cpu:7.2f} CPU-s)  rel. error {abs(S - ref) / abs(ref):.1e}  "
                  f"({'eps values' if 'Geom' in label else 'xy iterations'} {it}); monge {seconds / best['seconds']:.1f}x "
                  f"faster in wall time, {cpu / best['cpu']:.1f}x in CPU time")
    sizes = sorted(per_entry)
    print("\n2. Time per kernel entry N*M, relative to the smallest size: " +
          ", ".join(f"{n}: {per_entry[n] / per_entry[sizes[0]]:.2f}" for n in sizes))
    print("\n3. Kernel entries per second against the exp bound (CPU time; the machine is shared):")
    kernel_vs_bound(args.bench_dir)
    if args.big:
        n = args.big
        X, Y = clouds(n, 7)
        xf, yf = os.path.join(tmp, "xbig.npy"), os.path.join(tmp, "ybig.npy")
        np.save(xf, X.astype(np.float32))
        np.save(yf, Y.astype(np.float32))
        for e in (0.01, 0.002):
            print(f"\n4. OT_eps, {n} x {n}, eps = {e}, tol {tol}")
            cut = run_monge(args.monge, xf, yf, e, tol)
            full = run_monge(args.monge, xf, yf, e, tol, ["--no-truncate"])
            tr = cut["truncation"]
            print(f"    truncated   {cut['seconds']:8.1f} s  objective {cut['objective']:.10g}  kept "
                  f"{tr['kept_fraction']:.3f} of the kernel, {cut['kernel_entries'] / (n * n):.1f} N*M entries in all, "
                  f"dropped mass <= {tr['dropped_mass']:.1e}, objective within {tr['objective_bound']:.1e}")
            print(f"    untruncated {full['seconds']:8.1f} s  objective {full['objective']:.10g}  "
                  f"{full['kernel_entries'] / (n * n):.1f} N*M entries in all")
            print(f"    relative difference {abs(cut['objective'] - full['objective']) / abs(full['objective']):.1e};"
                  f" truncation {full['seconds'] / cut['seconds']:.1f}x faster")


if __name__ == "__main__":
    main()
