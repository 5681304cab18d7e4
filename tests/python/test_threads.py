"""The GIL is released while solvers run, and Ctrl-C (SIGINT) stops a long call cleanly."""
import os
import signal
import threading
import time

import numpy as np
import pytest

from conftest import monge


def ticks_during(call):
    """Runs call() in this thread while another thread counts; returns (ticks seen strictly inside
    the call, seconds the call took)."""
    stamps, stop = [], threading.Event()

    def count():
        while not stop.is_set():
            stamps.append(time.perf_counter())
            time.sleep(0.001)

    counter = threading.Thread(target=count)
    counter.start()
    time.sleep(0.05)
    start = time.perf_counter()
    call()
    end = time.perf_counter()
    stop.set()
    counter.join()
    return sum(start + 0.02 < t < end - 0.02 for t in stamps), end - start


def test_a_second_thread_runs_during_a_long_call():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(600, 2)).astype(np.float32), rng.normal(size=(600, 2)).astype(np.float32)
    ticks, seconds = ticks_during(lambda: monge.sinkhorn(X, Y, 0.05, tol=0, max_iter=1500))
    assert seconds > 0.1, "the call is too short to tell"
    assert ticks > 10, (ticks, seconds)
    ticks, seconds = ticks_during(lambda: monge.sw(X, Y, projections=20000))
    assert ticks > 10, (ticks, seconds)


def interrupted(call):
    """Sends SIGINT to this process 0.3 s into call(); returns the seconds until KeyboardInterrupt."""
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.perf_counter()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            call()
    finally:  # a call that failed otherwise must not leave a SIGINT on its way to pytest
        timer.cancel()
        timer.join()
    return time.perf_counter() - start


@pytest.mark.parametrize("name", ["sinkhorn", "sw", "step", "deform", "record"])
def test_ctrl_c_stops_a_long_call(name, tmp_path):
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(800, 2)).astype(np.float32), rng.normal(size=(800, 2)).astype(np.float32)
    V, F = monge.load_mesh("builtin:icosphere?subdivisions=1")
    scene = {"source": {"kind": "gaussian", "count": 500}, "target": {"kind": "gaussian", "count": 500, "mean": [3, 0]},
             "flow": {"kind": "sliced-wasserstein"}}
    calls = {
        "sinkhorn": lambda: monge.sinkhorn(X, Y, 0.01, tol=0, max_iter=10**8),
        "sw": lambda: monge.sw(X, Y, projections=2 * 10**6),  # drawing the directions is not interruptible
        "step": lambda: monge.Simulation(scene).step(10**8),
        "deform": lambda: monge.deform(V, F, V * 1.5, F, iterations=10**6, field="kernel"),
        "record": lambda: monge.record(scene, tmp_path / "long.gif", size=(64, 48), steps=10**5),
    }
    assert interrupted(calls[name]) < 3.0
    assert not (tmp_path / "long.gif").exists()  # a stopped recording leaves nothing
    # The module still works afterwards.
    assert monge.sw(X, Y, projections=4).value > 0
