"""Shared set-up of the Python module's tests (tests/python/, run by scripts/test):

    PYTHONPATH=build/python /usr/bin/python3 -m pytest tests/python

The module comes from $MONGE_BUILD_DIR/python (default build/python), the CLI it is compared with
from $MONGE_BUILD_DIR/monge. OpenMP runs 2 threads (set before the module loads), so results are
the same bit for bit in the module and in the CLI processes the tests start.
"""
import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("MONGE_BUILD_DIR", ROOT / "build"))
sys.path.insert(0, str(BUILD / "python"))

import monge  # noqa: E402  (after the path and the OpenMP settings)

MONGE_BINARY = BUILD / "monge"


def run_cli(*args, check=True):
    """Runs `monge ARGS...`; returns the CompletedProcess (text)."""
    result = subprocess.run([str(MONGE_BINARY), *map(str, args)], capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"monge {' '.join(map(str, args))} failed ({result.returncode}): {result.stderr}")
    return result


def cli_json(*args):
    return json.loads(run_cli(*args, "--json").stdout)


def cli_error(*args):
    """The one-line message of a command that must fail with exit code 2 (without 'monge: ')."""
    result = run_cli(*args, check=False)
    assert result.returncode == 2, (args, result.returncode, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.startswith("monge: ") and "CUDA" not in line]
    assert len(lines) == 1, result.stderr
    return lines[0][len("monge: "):]


def write_scene(folder, scene):
    """Writes the dict `scene` as folder/scene.json; returns its path."""
    path = folder / "scene.json"
    path.write_text(json.dumps(scene))
    return path


@pytest.fixture
def clouds(tmp_path):
    """Two float32 clouds in 3D (N = 700, M = 500) and their .npy files."""
    rng = np.random.default_rng(12)
    X = rng.normal(size=(700, 3)).astype(np.float32)
    Y = (rng.normal(size=(500, 3)) * 0.6 + [1.0, 0.5, -0.2]).astype(np.float32)
    np.save(tmp_path / "X.npy", X)
    np.save(tmp_path / "Y.npy", Y)
    return X, Y, tmp_path / "X.npy", tmp_path / "Y.npy"
