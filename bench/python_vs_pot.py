#!/usr/bin/python3
"""The Python module against POT 0.8.2 in one process, and against the CLI's engine: does the
binding add copies or overhead that matter?

    /usr/bin/python3 bench/python_vs_pot.py [build_dir (default build)] [repeats (default 3)]

1. SW: 100k x 3D float32 points (two Gaussians), 100 projections, p = 2. POT's
   ot.sliced_wasserstein_distance and monge.sw(..., backend="cpu") on the same arrays in this
   process (wall time of the call: array conversion, solve, result), and `monge sw --json` on the
   same points saved as .npy (its "seconds": the engine alone, files and start-up excluded).
   ratio_py = POT / monge.sw, ratio_cli = POT / CLI engine: the binding passes when ratio_py is
   within 10% of ratio_cli.
2. Sinkhorn: 2000 x 2000 points uniform in [0,1]^2, eps = 0.05, tol 1e-6: ot.sinkhorn2 (its
   plain method, cost matrix precomputed, as bench/sinkhorn_vs_pot.py) against monge.sinkhorn and
   `monge sinkhorn --json` (monge: L1 marginal error <= tol, POT: L2 of the column error, checked
   every 10 iterations; L1 >= L2, so monge's stop is the stricter).
Runs alternate POT, module and CLI `repeats` times; medians and the spread (min..max) are printed.
Timings on a shared machine are noisy: read the ratios, and rerun when the spread is wide.
"""
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

# Before numpy and POT: POT imports torch, which loads the OpenMP runtime monge shares; the runtime
# reads its settings once, and actively spinning threads slowed monge.sinkhorn 5x on a loaded
# machine (the CLI processes, started with these settings, did not spin).
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np  # noqa: E402
import ot  # noqa: E402

build = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build")
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
sys.path.insert(0, str(build / "python"))
import monge  # noqa: E402

assert ot.__version__ == "0.8.2", ot.__version__
binary = str(build / "monge")
folder = pathlib.Path(tempfile.mkdtemp(prefix="monge-bench-"))


def timed(call):
    start = time.perf_counter()
    value = call()
    return time.perf_counter() - start, value


def cli(*args):
    out = subprocess.run([binary, *map(str, args), "--json", "--backend", "cpu"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def spread(values):
    return f"{statistics.median(values):.3f} s ({min(values):.3f}..{max(values):.3f})"


def report(name, pot, py, engine):
    ratio_py = [p / m for p, m in zip(pot, py)]
    ratio_cli = [p / c for p, c in zip(pot, engine)]
    rel = statistics.median(ratio_py) / statistics.median(ratio_cli)
    print(f"{name}: POT {spread(pot)}, monge (Python) {spread(py)}, CLI engine {spread(engine)}")
    print(f"  speed-up over POT: Python {statistics.median(ratio_py):.1f}x ({min(ratio_py):.1f}..{max(ratio_py):.1f}), "
          f"CLI engine {statistics.median(ratio_cli):.1f}x ({min(ratio_cli):.1f}..{max(ratio_cli):.1f})")
    print(f"  Python ratio / CLI ratio = {rel:.3f} ({'within' if abs(rel - 1) <= 0.10 else 'OUTSIDE'} 10%)")


rng = np.random.default_rng(0)
n, L = 100_000, 100
X = rng.normal(size=(n, 3)).astype(np.float32)
Y = (rng.normal(size=(n, 3)) * 0.5 + 1.0).astype(np.float32)
np.save(folder / "X.npy", X)
np.save(folder / "Y.npy", Y)
monge.sw(X, Y, projections=L, backend="cpu")  # loads OpenMP's threads once
pot, py, engine = [], [], []
for r in range(repeats):
    t, pot_value = timed(lambda: ot.sliced_wasserstein_distance(X, Y, n_projections=L, seed=r))
    pot.append(t)
    t, result = timed(lambda: monge.sw(X, Y, projections=L, seed=r, backend="cpu"))
    py.append(t)
    engine.append(cli("sw", folder / "X.npy", folder / "Y.npy", "--projections", L, "--seed", r)["seconds"])
print(f"SW_2, {n} x 3D, {L} projections: POT {pot_value:.5f}, monge {result.value:.5f} (different random directions)")
report("sw", pot, py, engine)

n, eps, tol = 2000, 0.05, 1e-6
A, B = rng.uniform(size=(n, 2)), rng.uniform(size=(n, 2))
np.save(folder / "A.npy", A.astype(np.float32))
np.save(folder / "B.npy", B.astype(np.float32))
a = b = np.full(n, 1.0 / n)
M = ot.dist(A, B)
pot, py, engine = [], [], []
for r in range(repeats):
    t, pot_value = timed(lambda: ot.sinkhorn2(a, b, M, eps, stopThr=tol, numItermax=100000))
    pot.append(t)
    t, result = timed(lambda: monge.sinkhorn(A, B, eps, tol=tol, backend="cpu"))
    py.append(t)
    engine.append(cli("sinkhorn", folder / "A.npy", folder / "B.npy", "--eps", eps, "--tol", tol)["seconds"])
print(f"Sinkhorn {n} x {n}, eps {eps}: POT cost {float(pot_value):.6f}, monge cost {result.cost:.6f} "
      f"({result.iterations} iterations, L1 error {result.marginal_error:.2g})")
report("sinkhorn", pot, py, engine)
for f in folder.iterdir():
    f.unlink()
folder.rmdir()
