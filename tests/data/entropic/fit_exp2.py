#!/usr/bin/python3
"""Coefficients of the exp2 polynomials in solvers/entropic/simd_vec.hpp.

    /usr/bin/python3 tests/data/entropic/fit_exp2.py

2^r on r in [-1/2, 1/2] as p(r) = 1 + c1 r + ... + cn r^n (p(0) = 1 exactly), fitted for
relative error by iteratively reweighted least squares (Lawson) on Chebyshev nodes, evaluated in
long double. Degree 6 serves the float lanes, degree 12 the double lanes. Prints each degree's
coefficients (c1 first) and the largest relative error of the polynomial itself (before the
rounding of the lanes' arithmetic).
"""
import numpy as np


def fit(degree, iterations=30):
    x = (np.cos(np.linspace(0, np.pi, 4000)) / 2).astype(np.longdouble)
    y = np.exp2(x)
    w = np.ones_like(x)
    for _ in range(iterations):
        A = np.stack([x ** k for k in range(1, degree + 1)], 1) / y[:, None]
        b = (y - 1) / y
        c, *_ = np.linalg.lstsq((A * w[:, None]).astype(np.float64), (b * w).astype(np.float64), rcond=None)
        p = 1 + sum(np.longdouble(c[k - 1]) * x ** k for k in range(1, degree + 1))
        e = np.abs(p / y - 1)
        w = w * (e / e.max()) ** 0.3 + 1e-3
    return c, float(e.max())


for degree in (6, 12):
    c, err = fit(degree)
    print(f"degree {degree}: max relative error {err:.3g}")
    print("  " + ", ".join(repr(float(v)) for v in c))
