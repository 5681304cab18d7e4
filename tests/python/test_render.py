"""monge.render against `monge render`, monge.record's files, monge.show under a display."""
import os

import numpy as np
import pytest
from PIL import Image

from conftest import monge, run_cli, write_scene

SCENE = {"name": "render", "dim": 2, "seed": 2,
         "source": {"kind": "uniform", "shape": "disk", "count": 800, "radius": 1},
         "target": {"kind": "gaussian", "count": 600, "mean": [2, 0]},
         "flow": {"kind": "sliced-wasserstein", "projections": 8, "step": 0.5}}


def pixels(path, mode=None):
    with Image.open(path) as image:
        return np.asarray(image.convert(mode) if mode else image)


@pytest.fixture
def scene_file(tmp_path):
    return write_scene(tmp_path, SCENE)


def test_render_equals_monge_render(scene_file, tmp_path):
    run_cli("render", scene_file, "-o", tmp_path / "cli.png", "--size", "160x120", "--steps", 3)
    expected = pixels(tmp_path / "cli.png", "RGB")
    image = monge.render(monge.load_scene(scene_file), size=(160, 120), steps=3)
    assert image.shape == (120, 160, 4) and image.dtype == np.uint8
    np.testing.assert_array_equal(image[..., :3], expected)
    # Not empty: points cover part of the picture, over the background.
    assert len(np.unique(image.reshape(-1, 4), axis=0)) > 10
    # A Simulation is drawn as it is now: three steps from Python give the same picture.
    sim = monge.Simulation(scene_file)
    sim.step(3)
    np.testing.assert_array_equal(monge.render(sim, size=(160, 120)), image)


def test_record_writes_the_frames_of_monge_record(scene_file, tmp_path):
    out = monge.record(scene_file, tmp_path / "frames", size=(96, 64), steps=4, stride=2)
    run_cli("record", scene_file, "-o", tmp_path / "cli", "--size", "96x64", "--steps", 4, "--stride", 2)
    names = sorted(os.listdir(out))
    assert len(names) == 3 and names == sorted(os.listdir(tmp_path / "cli"))
    for name in names:
        np.testing.assert_array_equal(pixels(tmp_path / "frames" / name), pixels(tmp_path / "cli" / name))
    gif = monge.record(monge.Scene(scene_file), tmp_path / "x.gif", size=(64, 48), seconds=0.2, fps=10)
    with Image.open(gif) as image:
        assert image.n_frames == 2


def test_transparent_record_keeps_alpha_as_the_cli(scene_file, tmp_path):
    out = monge.record(scene_file, tmp_path / "frames", size=(96, 64), steps=2, transparent=True)
    run_cli("record", scene_file, "-o", tmp_path / "cli", "--size", "96x64", "--steps", 2, "--transparent")
    for name in sorted(os.listdir(out)):
        with Image.open(os.path.join(out, name)) as image:
            assert image.mode == "RGBA"
            alpha = np.asarray(image)[..., 3]
        assert (alpha == 0).any() and (alpha == 255).any()
        np.testing.assert_array_equal(pixels(tmp_path / "frames" / name), pixels(tmp_path / "cli" / name))
    with pytest.raises(ValueError, match="transparent: .* cannot keep an alpha channel"):
        monge.record(scene_file, tmp_path / "x.mp4", size=(96, 64), steps=2, transparent=True)


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="no display (scripts/test runs this under xvfb-run)")
def test_show_opens_the_window_on_arrays(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 2)).astype(np.float32)
    shot = tmp_path / "window.png"
    monge.show(X, X + 3, flow={"kind": "sliced-wasserstein", "step": 0.5}, size=(320, 240), frames=3, screenshot=shot)
    window = pixels(shot)
    assert window.shape[:2] == (240, 320) and len(np.unique(window.reshape(-1, window.shape[2]), axis=0)) > 10
