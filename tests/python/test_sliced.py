"""monge.sw against the CLI (bit for bit), POT 0.8.2 (same directions) and a numpy gradient."""
import numpy as np
import ot
import pytest

from conftest import cli_json, monge


@pytest.mark.parametrize("options", [dict(), dict(p=1, projections=64, directions="orthogonal", estimator="ucv", seed=5),
                                     dict(directions="max", projections=32), dict(directions="vmf", projections=16, kappa=20.0)])
def test_sw_equals_the_cli_bit_for_bit(clouds, options):
    X, Y, fx, fy = clouds
    r = monge.sw(X, Y, **options)
    args = [f"--{k}={v}" for k, v in options.items()]
    expected = cli_json("sw", fx, fy, *args)
    for key in ["value", "stderr", "value_pow", "stderr_pow", "projections", "p", "directions", "estimator", "n", "m", "d"]:
        assert getattr(r, key) == expected[key], key


def test_float64_input_gives_the_float32_result(clouds):
    X, Y, _, _ = clouds
    assert monge.sw(X.astype(np.float64), Y.tolist()).value == monge.sw(X, Y).value


@pytest.mark.parametrize("p", [1, 2])
@pytest.mark.parametrize("weighted", [False, True])
def test_sw_agrees_with_pot_on_the_same_directions(clouds, p, weighted):
    X, Y, _, _ = clouds
    rng = np.random.default_rng(3)
    theta = rng.normal(size=(40, 3)).astype(np.float32)
    theta /= np.linalg.norm(theta, axis=1, keepdims=True)
    a = rng.uniform(0.2, 1.0, len(X)).astype(np.float32) if weighted else None
    b = rng.uniform(0.2, 1.0, len(Y)).astype(np.float32) if weighted else None
    r = monge.sw_directions(X, Y, theta, p=p, weights_x=a, weights_y=b)
    f64 = lambda v: None if v is None else v.astype(np.float64) / v.astype(np.float64).sum()
    # POT 0.8.2 divides by n_projections even when given the directions: pass their number.
    pot = ot.sliced_wasserstein_distance(X.astype(np.float64), Y.astype(np.float64), f64(a), f64(b), p=p,
                                         n_projections=len(theta), projections=theta.T.astype(np.float64))
    assert r.value == pytest.approx(pot, rel=1e-6, abs=0)
    # sw() with a seed reports its directions: POT on those gives its value too.
    s = monge.sw(X, Y, p=p, projections=30, seed=9, weights_x=a, weights_y=b)
    pot = ot.sliced_wasserstein_distance(X.astype(np.float64), Y.astype(np.float64), f64(a), f64(b), p=p,
                                         n_projections=30, projections=s.theta.T.astype(np.float64))
    assert s.value == pytest.approx(pot, rel=1e-6, abs=0)


def test_gradient_is_the_matched_projection_formula():
    # Equal sizes, uniform weights, p = 2: d(SW_2^2)/dx_i = (2 / (n L)) sum_l (<t_l, x_i> - <t_l, y_match(i)>) t_l,
    # y_match(i) the target point of the same rank along t_l.
    rng = np.random.default_rng(4)
    X = rng.normal(size=(300, 2)).astype(np.float32)
    Y = rng.normal(1.0, 0.5, size=(300, 2)).astype(np.float32)
    theta = rng.normal(size=(25, 2)).astype(np.float32)
    theta /= np.linalg.norm(theta, axis=1, keepdims=True)
    r = monge.sw_directions(X, Y, theta, gradient=True)
    expected = np.zeros((300, 2))
    for t in theta.astype(np.float64):
        px, py = X @ t, Y @ t
        matched = np.empty(300)
        matched[np.argsort(px, kind="stable")] = np.sort(py)
        expected += np.outer(px - matched, t)
    expected *= 2.0 / (300 * len(theta))
    assert r.gradient.shape == (300, 2) and r.gradient.dtype == np.float32
    np.testing.assert_allclose(r.gradient, expected, rtol=1e-4, atol=1e-6)
    assert monge.sw_directions(X, Y, theta).gradient is None
