#!/usr/bin/python3
"""Writes colormap_reference.json: entries of matplotlib's colormaps at a few table indices, the
independent reference tests/pure/test_colormap.cpp checks monge's tables against (order, names,
reversal). Run with Debian's interpreter: /usr/bin/python3 tests/data/colormaps/make_colormap_reference.py"""
import json
import pathlib
import matplotlib
import numpy as np

NAMES = ["viridis", "magma", "turbo", "coolwarm", "plasma", "inferno", "cividis", "twilight", "RdBu"]
INDICES = [0, 37, 128, 200, 255]
reference = {"matplotlib": matplotlib.__version__, "indices": INDICES, "maps": {}}
for name in NAMES + [n + "_r" for n in NAMES]:
    cmap = matplotlib.colormaps[name]
    # At the points the tables sample, linspace(0, 1, 256) (twilight has 510 entries, the others 256).
    x = np.linspace(0.0, 1.0, 256)[INDICES]
    reference["maps"][name] = [[round(float(c), 7) for c in rgb[:3]] for rgb in cmap(x)]
out = pathlib.Path(__file__).resolve().parent / "colormap_reference.json"
out.write_text(json.dumps(reference, indent=1) + "\n")
print(f"wrote {out}")
