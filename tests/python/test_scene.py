"""Scenes from files, dicts and arrays; a Simulation stepped from Python against `monge run`."""
import numpy as np
import pytest

from conftest import ROOT, cli_json, monge, write_scene

SCENE = {
    "name": "small sliced flow", "dim": 2, "seed": 3,
    "source": {"kind": "gaussian", "count": 400, "mean": [0, 0], "cov": [[1, 0], [0, 0.5]]},
    "target": {"kind": "uniform", "shape": "ring", "count": 300, "center": [1, 0], "radius": 1.2, "width": 0.2},
    "flow": {"kind": "sliced-wasserstein", "projections": 16, "step": 0.5, "noise": 0.01},
}


@pytest.fixture
def scene_file(tmp_path):
    return write_scene(tmp_path, SCENE)


def test_simulation_equals_monge_run_bit_for_bit(scene_file, tmp_path):
    summary = cli_json("run", scene_file, "--steps", 12, "--save", tmp_path / "out.npy")
    sim = monge.Simulation(str(scene_file))
    sim.step(5)
    sim.step(7)
    assert sim.steps == 12 and sim.time == summary["time"]
    np.testing.assert_array_equal(sim.positions, np.load(tmp_path / "out.npy"))
    assert sim.diagnostics == summary["diagnostics"]
    # The same scene as a dict, and loaded, step alike.
    from_dict = monge.Simulation(SCENE)
    from_dict.step(12)
    np.testing.assert_array_equal(from_dict.positions, sim.positions)
    history = sim.history()
    assert list(history["step"]) == list(range(1, 13))
    assert set(summary["diagnostics"]) <= set(history)
    sim.reset()
    assert sim.steps == 0
    np.testing.assert_array_equal(sim.positions, monge.load_scene(scene_file).source)


def test_scene_from_arrays_and_saved_back(tmp_path):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(200, 3)).astype(np.float32)
    Y = rng.normal(2.0, 0.3, size=(150, 3))
    w = rng.uniform(0.5, 1, 150)
    scene = monge.Scene(source=X, target=Y, target_weights=w, flow={"kind": "sliced-wasserstein", "step": 0.5}, seed=4)
    assert scene.dim == 3 and scene.seed == 4 and scene.flow["kind"] == "sliced-wasserstein"
    np.testing.assert_array_equal(scene.source, X)
    np.testing.assert_array_equal(scene.target, Y.astype(np.float32))
    np.testing.assert_allclose(scene.target_weights, w.astype(np.float32))
    sim = monge.Simulation(scene)
    sim.step(3)
    # Saved as a scene file with .npy measures: the CLI runs it to the same points.
    scene.save(tmp_path / "arrays.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arrays.json", "arrays.source.npy", "arrays.target.npy",
                                                          "arrays.target_weights.npy"]
    cli_json("run", tmp_path / "arrays.json", "--steps", 3, "--save", tmp_path / "out.npy")
    np.testing.assert_array_equal(sim.positions, np.load(tmp_path / "out.npy"))


def test_keywords_replace_the_fields_of_a_scene_file(scene_file):
    scene = monge.Scene(str(scene_file), flow={"kind": "sliced-wasserstein", "projections": 8, "step": 1.0}, name="x")
    assert scene.name == "x" and scene.flow["projections"] == 8
    np.testing.assert_array_equal(scene.source, monge.load_scene(scene_file).source)
    shipped = monge.load_scene(ROOT / "assets" / "scenes" / "default.json")
    assert shipped.file.endswith("default.json") and shipped.source.shape == (20000, 2)
