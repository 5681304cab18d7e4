#!/usr/bin/python3
"""Reference values for tests/pure/test_entropic_*.cpp from Debian's POT 0.8.2.

Run with /usr/bin/python3 (Debian's interpreter, which has python3-pot):
    /usr/bin/python3 tests/data/generate_entropic.py
Writes tests/data/entropic/pot_reference.json. Positions and weights are rounded to float32
first (monge stores positions as float32), and POT then works in float64 on those values.
"""
import json
import os

import numpy as np
import ot

assert ot.__version__.startswith("0.8"), ot.__version__
out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "entropic")
os.makedirs(out_dir, exist_ok=True)
rng = np.random.default_rng(20240104)


def case(name, n, m, d, epsilons):
    X = rng.normal(size=(n, d)).astype(np.float32)
    Y = (rng.uniform(-1.0, 1.0, size=(m, d)) + 0.5).astype(np.float32)
    a = rng.uniform(0.2, 1.0, size=n).astype(np.float32)
    b = rng.uniform(0.2, 1.0, size=m).astype(np.float32)
    a64 = a.astype(np.float64) / a.astype(np.float64).sum()
    b64 = b.astype(np.float64) / b.astype(np.float64).sum()
    M = ot.dist(X.astype(np.float64), Y.astype(np.float64))  # squared Euclidean
    runs = []
    for eps in epsilons:
        P = ot.sinkhorn(a64, b64, M, eps, method="sinkhorn", numItermax=200000, stopThr=1e-13)
        plain = float(ot.sinkhorn2(a64, b64, M, eps, method="sinkhorn", numItermax=200000, stopThr=1e-13))
        # POT 0.8.2's sinkhorn2 returns <P, C> (no entropy term): check it before relying on it.
        assert abs(plain - float(np.sum(P * M))) <= 1e-12 * abs(plain), (plain, np.sum(P * M))
        log = float(ot.sinkhorn2(a64, b64, M, eps, method="sinkhorn_log", numItermax=200000, stopThr=1e-13))
        Plog = ot.bregman.sinkhorn_log(a64, b64, M, eps, numItermax=200000, stopThr=1e-13)
        nz = Plog > 0
        kl = float(np.sum(Plog[nz] * np.log(Plog[nz] / np.outer(a64, b64)[nz])) - Plog.sum() + 1.0)
        runs.append({"eps": eps, "sinkhorn2": plain, "sinkhorn_log": log, "objective": log + eps * kl,
                     "marginal_error": float(np.abs(Plog.sum(0) - b64).sum() + np.abs(Plog.sum(1) - a64).sum())})
    return {"name": name, "X": X.astype(np.float64).tolist(), "Y": Y.astype(np.float64).tolist(),
            "a": a.astype(np.float64).tolist(), "b": b.astype(np.float64).tolist(),
            "emd2": float(ot.emd2(a64, b64, M, numItermax=1000000)), "runs": runs}


cases = [case("unequal_2d", 30, 45, 2, [1.0, 0.1, 0.05]), case("unequal_3d", 40, 25, 3, [0.5, 0.1])]
with open(os.path.join(out_dir, "pot_reference.json"), "w") as fh:
    json.dump({"generator": "tests/data/generate_entropic.py", "pot": ot.__version__, "cases": cases}, fh, indent=1)
print("wrote", os.path.join(out_dir, "pot_reference.json"))
