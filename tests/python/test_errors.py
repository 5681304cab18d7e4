"""Bad input raises ValueError (FileNotFoundError) with the CLI's one-line message; options are
spelled as the keyword arguments (`projections:` where the CLI says `--projections:`)."""
import json

import numpy as np
import pytest

from conftest import cli_error, monge


def message(excinfo):
    return str(excinfo.value)


def test_option_errors_match_the_cli(clouds, tmp_path):
    X, Y, fx, fy = clouds
    cases = [
        (lambda: monge.sw(X, Y, projections=0), ["sw", fx, fy, "--projections", "0"]),
        (lambda: monge.sw(X, Y, directions="sobol"), ["sw", fx, fy, "--directions", "sobol"]),
        (lambda: monge.sw(X, Y, estimator="cv", p=2), ["sw", fx, fy, "--estimator", "cv"]),
        (lambda: monge.sw(X, Y, p=3), ["sw", fx, fy, "--p", "3"]),
        (lambda: monge.sinkhorn(X, Y, -1), ["sinkhorn", fx, fy, "--eps", "-1"]),
        (lambda: monge.sinkhorn(X, Y, 0.1, method="newton"), ["sinkhorn", fx, fy, "--eps", "0.1", "--method", "newton"]),
        (lambda: monge.sinkhorn(X, Y, 0.1, backend="tpu"), ["sinkhorn", fx, fy, "--eps", "0.1", "--backend", "tpu"]),
    ]
    for call, cli in cases:
        with pytest.raises(ValueError) as e:
            call()
        assert message(e) == cli_error(*cli).replace("--", "", 1), cli


def test_data_errors_match_the_cli(tmp_path):
    X = np.random.default_rng(0).normal(size=(10, 2)).astype(np.float32)
    X[4, 1] = np.nan
    np.save(tmp_path / "X.npy", X)
    np.save(tmp_path / "Y.npy", X[:3, :1])
    with pytest.raises(ValueError) as e:
        monge.sw(X, X)
    assert message(e) == cli_error("sw", tmp_path / "X.npy", tmp_path / "Y.npy").replace(str(tmp_path / "X.npy"), "X")
    with pytest.raises(ValueError, match=r"^X and Y: dimension mismatch \(2 vs 1 columns\)$"):
        monge.sinkhorn(np.zeros((3, 2)), np.zeros((3, 1)), 0.1)
    with pytest.raises(ValueError, match=r"^weights_x: 4 weights but X has 3 points$"):
        monge.sw(np.zeros((3, 2)), np.ones((3, 2)), weights_x=np.ones(4))
    with pytest.raises(ValueError, match=r"^X: expected an \(N, d\) array or \(N,\), got shape \(2, 2, 2\)$"):
        monge.sw(np.zeros((2, 2, 2)), np.zeros((2, 2)))


def test_scene_errors_match_the_cli(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"source": {"kind": "gaussian", "count": 10, "cov": [[1, 2], [2, 1]]}}))
    with pytest.raises(ValueError) as e:
        monge.load_scene(bad)
    assert message(e) == cli_error("run", bad, "--steps", 1)
    flow = tmp_path / "flow.json"
    flow.write_text(json.dumps({"source": {"kind": "gaussian", "count": 10}, "flow": {"kind": "teleport"}}))
    with pytest.raises(ValueError) as e:
        monge.Simulation(flow)
    assert message(e) == cli_error("run", flow, "--steps", 1)
    with pytest.raises(FileNotFoundError) as e:
        monge.Simulation(str(tmp_path / "missing.json"))
    assert message(e) == cli_error("run", tmp_path / "missing.json", "--steps", 1)
    with pytest.raises(ValueError, match=r"^scene: source.cov: not symmetric positive definite$"):
        monge.Scene({"source": {"kind": "gaussian", "cov": [[1, 2], [2, 1]]}})
    with pytest.raises(ValueError, match=r"^source: 2 columns but the scene's dim is 3$"):
        monge.Scene(source=np.zeros((5, 2)), dim=3)
    with pytest.raises(ValueError, match=r"^source: expected 2 to 3 columns, got shape \(5, 4\)$"):
        monge.Scene(source=np.zeros((5, 4)))


def test_record_errors_match_the_cli(tmp_path):
    scene = tmp_path / "s.json"
    scene.write_text(json.dumps({"source": {"kind": "gaussian", "count": 10}, "flow": {"kind": "sliced-wasserstein"}}))
    out = tmp_path / "x.mp4"
    with pytest.raises(ValueError) as e:
        monge.record(scene, out, size=(161, 120), steps=2)
    assert message(e) == cli_error("record", scene, "-o", out, "--size", "161x120", "--steps", 2).replace("--", "", 1)
    with pytest.raises(ValueError) as e:
        monge.record(scene, out, seconds=1, steps=2)
    assert message(e) == cli_error("record", scene, "-o", out, "--seconds", 1, "--steps", 2).replace("--", "")
    assert not out.exists()


def test_mesh_errors_name_the_argument():
    V, F = monge.load_mesh("builtin:icosphere?subdivisions=1")
    bad = F.copy()
    bad[0, 0] = len(V)
    with pytest.raises(ValueError, match=r"^source: face 0: vertex index 42"):
        monge.deform(V, bad, V, F, iterations=1)
    with pytest.raises(ValueError, match=r"^target_faces: expected an \(F, 3\) array of vertex indices"):
        monge.deform(V, F, V, F[:, :2], iterations=1)
    with pytest.raises(FileNotFoundError):
        monge.load_mesh("/nonexistent/a.obj")
