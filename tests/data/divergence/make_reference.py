#!/usr/bin/python3
"""Reference values for tests/pure/test_divergence_*.cpp, written to reference.json.

Run with Debian's interpreter (numpy 1.24, scipy, POT 0.8.2):
    /usr/bin/python3 tests/data/divergence/make_reference.py

Independent of monge's code:
  gaussian_maps   closed-form W2 maps between Gaussians by scipy.linalg.sqrtm, checked against
                  POT's ot.da.OT_mapping_linear on samples whitened to the exact moments; W2².
  divergences     each grid divergence between a two-mode mixture p and a Gaussian q by adaptive
                  2D quadrature (scipy.integrate.dblquad), in the generalised forms of
                  solvers/divergence/divergence_kind.hpp.
  mixture_moments mean and covariance of the mixtures the moment-matching test fits.
  monge_gap       the Monge gap of the closed-form map and of a rotation on 64 fixed samples, with
                  POT's log-domain Sinkhorn (ot.sinkhorn, method='sinkhorn_log').
"""
import json
import os
import warnings

import numpy as np
import ot
import scipy.integrate
import scipy.linalg


def closed_form_map(m1, S1, m2, S2):
    r = np.real(scipy.linalg.sqrtm(S1))
    ri = np.linalg.inv(r)
    A = ri @ np.real(scipy.linalg.sqrtm(r @ S2 @ r)) @ ri
    w2 = float(np.sum((m1 - m2) ** 2) + np.trace(S1 + S2 - 2 * np.real(scipy.linalg.sqrtm(r @ S2 @ r))))
    return A, w2


def whitened(n, m, S, rng):
    """n samples with mean exactly m and covariance (1/n) exactly S."""
    z = rng.standard_normal((n, len(m)))
    z -= z.mean(axis=0)
    L = np.linalg.cholesky(np.cov(z.T, bias=True))
    z = z @ np.linalg.inv(L).T
    return m + z @ np.linalg.cholesky(S).T


def gaussian_maps():
    rng = np.random.default_rng(7)
    cases = [
        ([0.0, 0.0], [[1.0, 0.3], [0.3, 0.5]], [1.0, -0.5], [[0.6, -0.2], [-0.2, 1.4]]),
        ([-1.0, 0.5], [[2.0, 0.0], [0.0, 0.25]], [0.5, 0.0], [[0.25, 0.0], [0.0, 2.0]]),
        ([0.0, 1.0, -1.0], [[1.0, 0.2, 0.1], [0.2, 0.8, -0.3], [0.1, -0.3, 1.5]],
         [0.5, 0.0, 0.2], [[0.5, 0.1, 0.0], [0.1, 1.2, 0.4], [0.0, 0.4, 0.9]]),
    ]
    out = []
    for m1, S1, m2, S2 in cases:
        m1, S1, m2, S2 = map(np.array, (m1, S1, m2, S2))
        A, w2 = closed_form_map(m1, S1, m2, S2)
        xs, xt = whitened(500, m1, S1, rng), whitened(700, m2, S2, rng)
        A_pot, b_pot = ot.da.OT_mapping_linear(xs, xt, reg=0.0)
        # POT maps rows: T(x) = x A_pot + b_pot, so A_pot = A^T (A is symmetric) and b = m2 - A m1.
        assert np.allclose(A_pot.T, A, atol=1e-9), (A_pot, A)
        assert np.allclose(b_pot.ravel(), m2 - A @ m1, atol=1e-9)
        out.append({"m1": m1.tolist(), "S1": S1.tolist(), "m2": m2.tolist(), "S2": S2.tolist(),
                    "A": A.tolist(), "A_pot": A_pot.T.tolist(), "b_pot": b_pot.ravel().tolist(), "w2_squared": w2})
    return out


def mixture_density(components):
    """The mixture's density at one point (weights normalised), written out: scipy.stats objects
    cost too much per call inside dblquad."""
    total = sum(c["weight"] for c in components)
    parts = []
    for c in components:
        S = np.array(c["cov"], float)
        parts.append((c["weight"] / total / (2 * np.pi * np.sqrt(np.linalg.det(S))), np.array(c["mean"], float),
                      np.linalg.inv(S)))

    def p(x, y):
        v = 0.0
        for w, m, P in parts:
            d0, d1 = x - m[0], y - m[1]
            v += w * np.exp(-0.5 * (P[0, 0] * d0 * d0 + 2 * P[0, 1] * d0 * d1 + P[1, 1] * d1 * d1))
        return v
    return p


def mixture_moments(components):
    w = np.array([c["weight"] for c in components], float)
    w /= w.sum()
    means = np.array([c["mean"] for c in components], float)
    m = w @ means
    S = sum(wk * (np.array(c["cov"]) + np.outer(mk - m, mk - m)) for wk, c, mk in zip(w, components, means))
    return m, S


P_MIX = [{"weight": 0.6, "mean": [-1.5, 0.0], "cov": [[0.3, 0.0], [0.0, 0.5]]},
         {"weight": 0.4, "mean": [1.5, 0.5], "cov": [[0.4, 0.1], [0.1, 0.3]]}]
Q_GAUSS = [{"weight": 1.0, "mean": [0.2, 0.1], "cov": [[1.2, 0.2], [0.2, 0.8]]}]
BOX = 8.0


def integrands(alpha):
    def kl(p, q):
        return (p * np.log(p / q) if p > 0 else 0.0) - p + q

    def js(p, q):
        m = 0.5 * (p + q)
        return 0.5 * (p * np.log(p / m) if p > 0 else 0.0) + 0.5 * (q * np.log(q / m) if q > 0 else 0.0)

    def amari(a):
        return lambda p, q: (p ** a * q ** (1 - a) - a * p - (1 - a) * q) / (a * (a - 1))

    return {"forward-kl": kl, "reverse-kl": lambda p, q: kl(q, p), "js": js,
            "alpha": amari(alpha), "tv": lambda p, q: 0.5 * abs(p - q),
            "hellinger": lambda p, q: 0.5 * (np.sqrt(p) - np.sqrt(q)) ** 2}


def divergences():
    p, q = mixture_density(P_MIX), mixture_density(Q_GAUSS)
    out = []
    for name, alpha in [("forward-kl", 0), ("reverse-kl", 0), ("js", 0), ("alpha", 0.5), ("alpha", 0.3),
                        ("alpha", 0.8), ("tv", 0), ("hellinger", 0)]:
        f = integrands(alpha)[name]
        tol = 1e-6 if name == "tv" else 1e-10  # |p - q| has a kink: adaptive quadrature crawls below 1e-6
        value, err = scipy.integrate.dblquad(lambda y, x: f(p(x, y), q(x, y)), -BOX, BOX, -BOX, BOX,
                                             epsabs=tol, epsrel=tol)
        out.append({"divergence": name, "alpha": alpha, "value": value, "quadrature_error": err})
        print(name, alpha, value, err)
    return {"p": P_MIX, "q": Q_GAUSS, "box": BOX, "values": out}


def monge_gap_reference():
    rng = np.random.default_rng(11)
    m1, S1 = np.array([0.0, 0.0]), np.array([[1.0, 0.3], [0.3, 0.5]])
    m2, S2 = np.array([1.0, -0.5]), np.array([[0.6, -0.2], [-0.2, 1.4]])
    A, _ = closed_form_map(m1, S1, m2, S2)
    n, eps = 64, 0.05
    X = (m1 + rng.standard_normal((n, 2)) @ np.linalg.cholesky(S1).T).astype(np.float32).astype(float)
    rot = np.array([[0.0, -1.0], [1.0, 0.0]])
    maps = {"closed_form": (X - m1) @ A.T + m2, "rotation": (X - m1) @ rot.T + m1}
    out = {"eps": eps, "X": X.tolist(), "A": A.tolist(), "m1": m1.tolist(), "m2": m2.tolist(), "maps": {}}
    for name, TX in maps.items():
        TX = TX.astype(np.float32).astype(float)  # what the C++ side holds
        a = np.full(n, 1.0 / n)
        C = ot.dist(TX, X)  # squared Euclidean
        # The optimal map's problem converges slowly (the plan is near a permutation): after 10^6
        # iterations its L1 marginal error is ~6e-8 (recorded), the objective good to ~1e-7.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            P = ot.sinkhorn(a, a, C, eps, method="sinkhorn_log", numItermax=1000000, stopThr=1e-11)
        marginal = float(np.abs(P.sum(0) - a).sum() + np.abs(P.sum(1) - a).sum())
        ot_eps = float(np.sum(P * C) + eps * np.sum(P * np.log(P / np.outer(a, a))))
        cost = float(np.mean(np.sum((X - TX) ** 2, axis=1)))
        out["maps"][name] = {"TX": TX.tolist(), "cost": cost, "ot_eps": ot_eps, "gap": cost - ot_eps,
                             "pot_marginal_error": marginal}
        print(name, cost, ot_eps, cost - ot_eps)
    return out


def main():
    m, S = mixture_moments(P_MIX)
    two = [{"weight": 1.0, "mean": [-2.0, 0.0], "cov": [[0.25, 0.0], [0.0, 0.25]]},
           {"weight": 1.0, "mean": [2.0, 0.0], "cov": [[0.25, 0.0], [0.0, 0.25]]}]
    m2, S2 = mixture_moments(two)
    data = {
        "generator": "tests/data/divergence/make_reference.py (numpy %s, scipy, POT %s)" % (np.__version__, ot.__version__),
        "gaussian_maps": gaussian_maps(),
        "divergences": divergences(),
        "mixture_moments": [{"components": P_MIX, "mean": m.tolist(), "cov": S.tolist()},
                            {"components": two, "mean": m2.tolist(), "cov": S2.tolist()}],
        "monge_gap": monge_gap_reference(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
