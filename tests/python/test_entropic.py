"""monge.sinkhorn against the CLI (bit for bit) and POT 0.8.2 (cost and plan)."""
import numpy as np
import ot
import pytest

from conftest import cli_json, monge


@pytest.mark.parametrize("options", [dict(eps=0.5), dict(eps=0.2, method="sns", tol=1e-8), dict(eps=0.5, divergence=True)])
def test_sinkhorn_equals_the_cli_bit_for_bit(clouds, options):
    X, Y, fx, fy = clouds
    X, Y = X[:300], Y[:200]
    np.save(fx, X)
    np.save(fy, Y)
    r = monge.sinkhorn(X, Y, **options)
    args = [f"--{k.replace('_', '-')}={v}" for k, v in options.items() if k != "divergence"]
    if options.get("divergence"):
        args.append("--divergence")
    expected = cli_json("sinkhorn", fx, fy, *args)
    for key in ["cost", "objective", "iterations", "marginal_error", "converged", "method", "mode", "n", "m", "d"]:
        assert getattr(r, key) == expected[key], key
    assert r.divergence == expected.get("divergence")
    assert r.f.shape == (300,) and r.g.shape == (200,) and r.f.dtype == np.float64


def test_sinkhorn_agrees_with_pot(clouds):
    X, Y, _, _ = clouds
    X, Y = X[:250].astype(np.float64), Y[:180].astype(np.float64)
    rng = np.random.default_rng(8)
    a = rng.uniform(0.5, 1.0, 250)
    a /= a.sum()
    b = np.full(180, 1 / 180)
    eps = 0.3
    r = monge.sinkhorn(X, Y, eps, tol=1e-12, plan=True, weights_x=a)
    M = ot.dist(X, Y)
    pot_cost = ot.sinkhorn2(a, b, M, eps, stopThr=1e-13, numItermax=200000)
    pot_plan = ot.sinkhorn(a, b, M, eps, stopThr=1e-13, numItermax=200000)
    assert r.converged
    assert r.cost == pytest.approx(float(pot_cost), rel=1e-6, abs=0)
    np.testing.assert_allclose(r.plan, pot_plan, rtol=0, atol=1e-6 * pot_plan.max())
    np.testing.assert_allclose(r.plan.sum(axis=1), a, atol=1e-10)
    assert r.plan.shape == (250, 180)


def test_the_plan_is_refused_above_the_limit():
    X = np.zeros((5000, 2), np.float32)
    Y = np.zeros((3201, 2), np.float32)
    with pytest.raises(ValueError, match=r"^plan: the dense plan of 5000 x 3201 points has 16005000 entries, above the 16000000"):
        monge.sinkhorn(X, Y, 0.1, plan=True)
    assert monge.PLAN_LIMIT == 16_000_000
