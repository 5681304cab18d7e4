"""monge.deform against `monge deform` (the same run: equal metrics, equal vertices)."""
import numpy as np

from conftest import cli_json, monge


def test_deform_equals_the_cli(tmp_path):
    source, target = "builtin:icosphere?subdivisions=1", "builtin:ellipsoid?subdivisions=1"
    options = dict(iterations=40, field="kernel", measure="surface", samples=200, metric_samples=500)
    expected = cli_json("deform", source, target, "-o", tmp_path / "out.ply",
                        *[f"--{k.replace('_', '-')}={v}" for k, v in options.items()])
    (V, F), (W, G) = monge.load_mesh(source), monge.load_mesh(target)
    assert V.shape == (42, 3) and F.shape == (80, 3) and F.dtype == np.int32
    vertices, metrics = monge.deform(V, F, W, G, backend="cpu", **options)
    for key in ["chamfer_before", "chamfer_after", "hausdorff_after", "loss_before", "loss_after",
                "self_intersecting_faces", "flipped_faces", "parameters", "learning_rate", "iterations", "stop_reason",
                "measure", "final_learning_rate"]:
        assert metrics[key] == expected[key], key
    written, faces = monge.load_mesh(str(tmp_path / "out.ply"))
    np.testing.assert_array_equal(faces, F)
    np.testing.assert_array_equal(vertices, written)
    assert np.abs(vertices - V).max() > 0.01  # it moved
