#!/usr/bin/python3
"""Reference values for tests/pure/test_gaussian_*.cpp, computed independently of monge.

Run with Debian's interpreter (numpy 1.24, scipy, POT 0.8.2):
    /usr/bin/python3 tests/data/gaussian/make_gaussian_reference.py
Writes tests/data/gaussian/reference.json (deterministic: fixed numpy seeds).

Sections:
  w2           W2 between Gaussians: |dm|^2 + tr A + tr B - 2 tr (A^1/2 B A^1/2)^1/2 with scipy's sqrtm
  pot_map      POT's ot.da.OT_mapping_linear (Debian's POT 0.8.2 has no ot.gaussian): the linear OT
               map between two sample clouds' Gaussian fits (its log gives the fitted covariances)
  geodesic     the McCann interpolation's covariance ((1-t) I + t T) A ((1-t) I + t T)
  gbw          GBW_M^2 by the expanded formula tr(M^-1 A) + tr(M^-1 B) - 2 tr (A^1/2 M^-1 B M^-1 A^1/2)^1/2
               and its geodesic M^1/2 gamma_BW(M^-1/2 A M^-1/2, M^-1/2 B M^-1/2; t) M^1/2
  barycentre   commuting inputs: the closed form (sum w S^1/2)^2; otherwise this script's own
               fixed-point iteration S <- S^-1/2 (sum w (S^1/2 S_k S^1/2)^1/2)^2 S^-1/2 to 1e-15
  ai           affine-invariant distance (scipy logm), geodesic (fractional power) and Karcher mean
  batch_norm   Riemannian batch normalisation of an ill-conditioned batch under BW and AI
  mixture      the OU-noised Gaussian mixture's log-density (scipy.stats) and score at (x, t)
  sw_null      Monte-Carlo error of SW_2 between two independent samples of the diffusion scenes'
               mixture (POT's sliced_wasserstein_distance), the bound the sampler tests use
"""
import json
import os

import numpy as np
import ot
import scipy.linalg as sla
from scipy.stats import multivariate_normal

assert ot.__version__.startswith("0.8"), ot.__version__
here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20250121)


def sqrtm(A):
    R = sla.sqrtm(A)
    assert np.abs(R.imag).max() < 1e-12
    return R.real


def spd(d, condition):
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    lam = np.exp(rng.uniform(-0.5, 0.5, size=d) * np.log(condition))
    A = Q @ np.diag(lam) @ Q.T
    return 0.5 * (A + A.T)


def bw2(A, B):
    R = sqrtm(A)
    return float(np.trace(A) + np.trace(B) - 2 * np.trace(sqrtm(R @ B @ R)))


def bw_map(A, B):
    R = sqrtm(A)
    Ri = np.linalg.inv(R)
    return Ri @ sqrtm(R @ B @ R) @ Ri


def mat(A):
    return np.asarray(A, dtype=float).tolist()


# --- W2 between Gaussians -----------------------------------------------------------------
w2_cases = []
for d, cond in [(2, 5.0), (2, 300.0), (3, 20.0), (3, 1e3)]:
    for _ in range(3):
        A, B = spd(d, cond), spd(d, cond)
        m1, m2 = rng.normal(size=d), rng.normal(size=d)
        w2_cases.append({"m1": m1.tolist(), "A": mat(A), "m2": m2.tolist(), "B": mat(B),
                         "w2_squared": float(np.sum((m1 - m2) ** 2)) + bw2(A, B), "bures_squared": bw2(A, B)})
# Nearly equal covariances: the trace terms cancel to 1e-8 of their size.
A = spd(2, 4.0)
B = A + 1e-4 * spd(2, 2.0)
w2_cases.append({"m1": [0.0, 0.0], "A": mat(A), "m2": [0.0, 0.0], "B": mat(B),
                 "w2_squared": bw2(A, B), "bures_squared": bw2(A, B)})

# --- POT's linear OT map --------------------------------------------------------------------
pot_cases = []
for d in (2, 3):
    xs = rng.normal(size=(200, d)) @ np.linalg.cholesky(spd(d, 10.0)).T + rng.normal(size=d)
    xt = rng.normal(size=(150, d)) @ np.linalg.cholesky(spd(d, 10.0)).T + rng.normal(size=d)
    Amap, b, log = ot.da.OT_mapping_linear(xs, xt, reg=1e-6, log=True)
    pot_cases.append({"Cs": mat(log["Cs"]), "Ct": mat(log["Ct"]), "mean_s": xs.mean(0).tolist(),
                      "mean_t": xt.mean(0).tolist(), "A": mat(Amap), "b": np.ravel(b).tolist()})

# --- Geodesic (McCann interpolation) --------------------------------------------------------
geodesic_cases = []
for d, cond in [(2, 30.0), (3, 30.0)]:
    A, B = spd(d, cond), spd(d, cond)
    T = bw_map(A, B)
    I = np.eye(d)
    points = []
    for t in (0.0, 0.25, 0.5, 0.8, 1.0):
        G = (1 - t) * I + t * T
        St = G @ A @ G
        points.append({"t": t, "cov": mat(St), "bures_from_start": bw2(A, St)})
    geodesic_cases.append({"A": mat(A), "B": mat(B), "map": mat(T), "points": points})

# --- GBW_M ------------------------------------------------------------------------------------
gbw_cases = []
for d in (2, 3):
    A, B, M = spd(d, 20.0), spd(d, 20.0), spd(d, 10.0)
    Mi = np.linalg.inv(M)
    RA = sqrtm(A)
    gbw2 = float(np.trace(Mi @ A) + np.trace(Mi @ B) - 2 * np.trace(sqrtm(RA @ Mi @ B @ Mi @ RA)))
    Mr, Mri = sqrtm(M), np.linalg.inv(sqrtm(M))
    A1, B1 = Mri @ A @ Mri, Mri @ B @ Mri
    T1 = bw_map(A1, B1)
    geo = []
    for t in (0.3, 0.7):
        G = (1 - t) * np.eye(d) + t * T1
        geo.append({"t": t, "cov": mat(Mr @ G @ A1 @ G @ Mr)})
    gbw_cases.append({"A": mat(A), "B": mat(B), "M": mat(M), "gbw_squared": gbw2, "geodesic": geo})


# --- Barycentres ------------------------------------------------------------------------------
def fixed_point_barycentre(w, covs, tol=1e-15, max_iter=10000):
    S = sum(wk * C for wk, C in zip(w, covs))
    for it in range(max_iter):
        R = sqrtm(S)
        Ri = np.linalg.inv(R)
        inner = sum(wk * sqrtm(R @ C @ R) for wk, C in zip(w, covs))
        S_new = Ri @ inner @ inner @ Ri
        S_new = 0.5 * (S_new + S_new.T)
        if np.abs(S_new - S).max() < tol * np.abs(S).max():
            return S_new, it + 1
        S = S_new
    raise RuntimeError("no convergence")


barycentre_cases = []
Q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
w = rng.uniform(0.2, 1.0, size=4)
w = w / w.sum()
diag = [np.exp(rng.uniform(-1.5, 1.5, size=3)) for _ in range(4)]
commuting = [Q @ np.diag(l) @ Q.T for l in diag]
closed = sum(wk * Q @ np.diag(np.sqrt(l)) @ Q.T for wk, l in zip(w, diag))
barycentre_cases.append({"name": "commuting_3d", "weights": w.tolist(), "covs": [mat(C) for C in commuting],
                         "barycentre": mat(closed @ closed), "source": "closed form"})
for d, K, cond in [(2, 4, 50.0), (3, 5, 50.0), (2, 2, 1e3)]:
    w = rng.uniform(0.1, 1.0, size=K)
    w = w / w.sum()
    covs = [spd(d, cond) for _ in range(K)]
    S, iters = fixed_point_barycentre(w, covs)
    barycentre_cases.append({"name": "random_%dd_%d" % (d, K), "weights": w.tolist(), "covs": [mat(C) for C in covs],
                             "barycentre": mat(S), "source": "fixed point, %d iterations" % iters})
# GBW barycentre: the BW barycentre in M^-1/2 . M^-1/2 coordinates, mapped back.
M = spd(2, 8.0)
Mr, Mri = sqrtm(M), np.linalg.inv(sqrtm(M))
w = np.array([0.5, 0.3, 0.2])
covs = [spd(2, 20.0) for _ in range(3)]
S1, _ = fixed_point_barycentre(w, [Mri @ C @ Mri for C in covs])
gbw_barycentre = {"weights": w.tolist(), "covs": [mat(C) for C in covs], "M": mat(M), "barycentre": mat(Mr @ S1 @ Mr)}


# --- Affine-invariant -------------------------------------------------------------------------
def logm_spd(A):
    lam, V = np.linalg.eigh(A)
    return V @ np.diag(np.log(lam)) @ V.T


def ai2(A, B):
    Ri = np.linalg.inv(sqrtm(A))
    return float(np.linalg.norm(sla.logm(Ri @ B @ Ri).real, "fro") ** 2)


def karcher(w, covs, tol=1e-15):
    G = sla.expm(sum(wk * logm_spd(C) for wk, C in zip(w, covs)))
    for it in range(1000):
        R = sqrtm(G)
        Ri = np.linalg.inv(R)
        tangent = sum(wk * logm_spd(Ri @ C @ Ri) for wk, C in zip(w, covs))
        G = R @ sla.expm(tangent) @ R
        G = 0.5 * (G + G.T)
        if np.linalg.norm(tangent) < tol:
            return G
    raise RuntimeError("no convergence")


ai_cases = []
for d in (2, 3):
    A, B = spd(d, 100.0), spd(d, 100.0)
    R, Ri = sqrtm(A), np.linalg.inv(sqrtm(A))
    lam, V = np.linalg.eigh(Ri @ B @ Ri)
    geo = R @ V @ np.diag(lam ** 0.4) @ V.T @ R
    w = rng.uniform(0.2, 1.0, size=4)
    w = w / w.sum()
    covs = [spd(d, 100.0) for _ in range(4)]
    ai_cases.append({"A": mat(A), "B": mat(B), "ai_squared": ai2(A, B), "geodesic_t": 0.4, "geodesic": mat(geo),
                     "weights": w.tolist(), "covs": [mat(C) for C in covs], "karcher": mat(karcher(w, covs))})


# --- Riemannian batch normalisation -----------------------------------------------------------
def batch_norm(covs, metric, target_spread=0.0):
    n = len(covs)
    w = np.full(n, 1.0 / n)
    d = covs[0].shape[0]
    I = np.eye(d)
    if metric == "bw":
        B, _ = fixed_point_barycentre(w, covs)
        spread_before = sum(wk * bw2(B, C) for wk, C in zip(w, covs))
        V = [bw_map(B, C) - I for C in covs]
    else:
        B = karcher(w, covs)
        spread_before = sum(wk * ai2(B, C) for wk, C in zip(w, covs))
        Ri = np.linalg.inv(sqrtm(B))
        V = [logm_spd(Ri @ C @ Ri) for C in covs]
    s = 1.0
    if target_spread > 0:
        s = np.sqrt(target_spread / sum(wk * np.sum(v * v) for wk, v in zip(w, V)))
    if metric == "bw":
        out = [(I + s * v) @ (I + s * v) for v in V]
        spread_after = sum(wk * bw2(I, C) for wk, C in zip(w, out))
    else:
        out = [sla.expm(s * v) for v in V]
        spread_after = sum(wk * ai2(I, C) for wk, C in zip(w, out))
    return {"metric": metric, "target_spread": target_spread, "barycentre": mat(B),
            "normalised": [mat(C) for C in out], "spread_before": spread_before, "spread_after": spread_after}


batch_cases = []
for d in (2, 3):
    centre = spd(d, 5.0)
    Cr = sqrtm(centre)
    covs = [Cr @ spd(d, 200.0) @ Cr for _ in range(8)]
    runs = [batch_norm(covs, "bw"), batch_norm(covs, "ai"), batch_norm(covs, "ai", 0.5), batch_norm(covs, "bw", 0.2)]
    batch_cases.append({"batch": [mat(C) for C in covs], "runs": runs})

# --- The noised mixture -----------------------------------------------------------------------
# The diffusion scenes' mixture: six anisotropic components on a ring of radius 1.6.
angles = np.arange(6) * 2 * np.pi / 6
components = []
for k, a in enumerate(angles):
    R2 = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    components.append({"weight": [1.0, 1.5, 1.0, 2.0, 1.0, 1.5][k], "mean": [1.6 * np.cos(a), 1.6 * np.sin(a)],
                       "cov": mat(R2 @ np.diag([0.35 ** 2, 0.18 ** 2]) @ R2.T)})


def mixture_at(t):
    a = np.exp(-t)
    wsum = sum(c["weight"] for c in components)
    return [(c["weight"] / wsum, a * np.array(c["mean"]), a * a * np.array(c["cov"]) + (1 - a * a) * np.eye(2))
            for c in components]


mixture_points = []
for t in (0.0, 0.05, 0.5, 2.0):
    comps = mixture_at(t)
    for x in rng.normal(size=(4, 2)) * 1.5:
        dens = [wk * multivariate_normal(mu, C).pdf(x) for wk, mu, C in comps]
        total = sum(dens)
        score = sum(p / total * (-np.linalg.solve(C, x - mu)) for p, (wk, mu, C) in zip(dens, comps))
        mixture_points.append({"t": t, "x": x.tolist(), "log_density": float(np.log(total)), "score": score.tolist()})


def sample_mixture(n, gen):
    comps = mixture_at(0.0)
    p = np.array([c[0] for c in comps])
    k = gen.choice(len(comps), size=n, p=p)
    L = [np.linalg.cholesky(c[2]) for c in comps]
    z = gen.normal(size=(n, 2))
    return np.array([comps[k[i]][1] + L[k[i]] @ z[i] for i in range(n)])


# SW_2 between two independent samples of n points, `projections` directions: the Monte-Carlo
# error a sampler's output cannot beat.
sw_null = []
gen = np.random.default_rng(7)
for n, L in [(1000, 128), (4000, 128)]:
    values = [ot.sliced_wasserstein_distance(sample_mixture(n, gen), sample_mixture(n, gen), n_projections=L, seed=s)
              for s in range(200)]
    sw_null.append({"n": n, "projections": L, "repeats": 200, "median": float(np.median(values)),
                    "q95": float(np.quantile(values, 0.95)), "q99": float(np.quantile(values, 0.99)),
                    "max": float(np.max(values))})

out = {"generator": "tests/data/gaussian/make_gaussian_reference.py", "numpy": np.__version__, "pot": ot.__version__,
       "w2": w2_cases, "pot_map": pot_cases, "geodesic": geodesic_cases, "gbw": gbw_cases,
       "barycentre": barycentre_cases, "gbw_barycentre": gbw_barycentre, "ai": ai_cases, "batch_norm": batch_cases,
       "mixture": {"components": components, "points": mixture_points}, "sw_null": sw_null}
path = os.path.join(here, "reference.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1)
print("wrote", path)
