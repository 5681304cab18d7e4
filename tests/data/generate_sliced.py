#!/usr/bin/python3
"""Reference values for the sliced-Wasserstein tests (tests/pure/test_sliced_pot.cpp).

Run with Debian's POT 0.8.2:  /usr/bin/python3 tests/data/generate_sliced.py
Writes tests/data/sliced/pot_cases.json: a list of cases, each with the points, weights and
(for d > 1) the exact projection directions handed to POT, so the C++ engine can be run on the
identical problem. All inputs are rounded to float32 first (monge stores float32 positions), and
POT then computes in float64 on those exact values.

  value_pow["p"] for p = 1, 2: the p-th power of the distance.
  d = 1:  ot.wasserstein_1d(x, y, a, b, p), which returns W_p^p itself.
  d > 1:  ot.sliced_wasserstein_distance(X, Y, a, b, L, p=p, projections=theta.T) ** p (POT returns
          SW_p, the p-th root of the mean of the projected W_p^p).
"""
import json
import os

import numpy as np
import ot

assert ot.__version__ == "0.8.2", ot.__version__
rng = np.random.default_rng(20261129)
f32 = lambda a: np.asarray(a, dtype=np.float32).astype(np.float64)


def weights(n, uniform):
    if uniform:
        return None
    w = f32(rng.uniform(0.2, 1.0, n))
    return w / w.sum()


def directions(L, d):
    t = rng.normal(size=(L, d)).astype(np.float32)
    t /= np.linalg.norm(t, axis=1, keepdims=True)
    return t.astype(np.float64)  # float32 values, unit norm to float32 precision


cases = []
# 1D: exact W_p^p, equal and unequal sizes, uniform and weighted, p = 1 and 2.
for name, n, m, uniform in [("1d_equal_uniform", 50, 50, True), ("1d_unequal_uniform", 37, 53, True),
                            ("1d_unequal_weighted", 40, 61, False), ("1d_equal_weighted", 45, 45, False)]:
    x = f32(rng.normal(0.0, 1.0, n))
    y = f32(rng.normal(0.7, 1.6, m))
    a, b = weights(n, uniform), weights(m, uniform)
    aa = a if a is not None else np.full(n, 1.0 / n)
    bb = b if b is not None else np.full(m, 1.0 / m)
    pows = {str(p): float(ot.wasserstein_1d(x, y, aa, bb, p=p)) for p in (1, 2)}
    cases.append({"name": name, "d": 1, "X": x.tolist(), "Y": y.tolist(),
                  "a": None if a is None else a.tolist(), "b": None if b is None else b.tolist(),
                  "theta": [[1.0]], "value_pow": pows})

# d > 1 with fixed directions.
for name, d, n, m, L, uniform in [("2d_unequal_weighted", 2, 200, 150, 50, False), ("2d_equal_uniform", 2, 180, 180, 64, True),
                                  ("3d_equal_uniform", 3, 120, 120, 40, True), ("3d_unequal_weighted", 3, 90, 130, 30, False),
                                  ("5d_unequal_uniform", 5, 80, 100, 25, True)]:
    X = f32(rng.normal(0.0, 1.0, (n, d)))
    Y = f32(rng.normal(0.5, 0.8, (m, d)) + np.linspace(0, 1, d))
    a, b = weights(n, uniform), weights(m, uniform)
    theta = directions(L, d)
    aa = a if a is not None else np.full(n, 1.0 / n)
    bb = b if b is not None else np.full(m, 1.0 / m)
    pows = {str(p): float(ot.sliced_wasserstein_distance(X, Y, aa, bb, n_projections=L, p=p,
                                                         projections=theta.T)) ** p for p in (1, 2)}
    cases.append({"name": name, "d": d, "X": X.tolist(), "Y": Y.tolist(),
                  "a": None if a is None else a.tolist(), "b": None if b is None else b.tolist(),
                  "theta": theta.tolist(), "value_pow": pows})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sliced", "pot_cases.json")
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w") as f:
    json.dump({"generator": "tests/data/generate_sliced.py", "pot": ot.__version__, "cases": cases}, f)
print(f"wrote {len(cases)} cases to {out} ({os.path.getsize(out)} bytes)")
