#!/usr/bin/python3
"""Draws the images under assets/images/ (black shapes on white, 8-bit grey PNG).

Image measures put points where an image is dark, so these are bold, high-contrast shapes that
stay recognisable as point clouds. Pure numpy plus a minimal PNG writer (zlib), no downloads:
    /usr/bin/python3 scripts/make_asset_images.py
Shapes are drawn as signed tests on a 4x supersampled grid, then averaged (anti-aliasing).
"""
import os
import struct
import zlib

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "images")
SUPERSAMPLE = 4


def write_png(path, grey):
    """grey: H x W uint8 array, row 0 at the top."""
    h, w = grey.shape

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + grey[r].tobytes() for r in range(h))  # filter type 0 per row
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))  # 8-bit greyscale
    png += chunk(b"IDAT", zlib.compress(raw, 9))
    png += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def canvas(width, height):
    """Sample coordinates (x right, y up) of a supersampled grid; the shorter side spans [-1, 1]."""
    s = SUPERSAMPLE
    scale = 2.0 / min(width, height)
    xs = (np.arange(width * s) + 0.5) / s - width / 2
    ys = height / 2 - (np.arange(height * s) + 0.5) / s
    x, y = np.meshgrid(xs * scale, ys * scale)
    return x, y


def to_grey(ink, width, height):
    """ink: boolean supersampled mask (True = black). Returns H x W uint8, 0 = black."""
    s = SUPERSAMPLE
    coverage = ink.reshape(height, s, width, s).mean(axis=(1, 3))
    return np.round(255 * (1 - coverage)).astype(np.uint8)


def in_polygon(x, y, poly):
    """Even-odd rule: True where (x, y) is inside the closed polygon [(x0, y0), ...]."""
    inside = np.zeros(x.shape, dtype=bool)
    n = len(poly)
    for i in range(n):
        x0, y0 = poly[i]
        x1, y1 = poly[(i + 1) % n]
        crosses = (y0 > y) != (y1 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            xc = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
        inside ^= crosses & (x < xc)
    return inside


def ellipse(x, y, cx, cy, rx, ry):
    return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1


def star():
    w = h = 256
    x, y = canvas(w, h)
    angles = np.pi / 2 + np.arange(10) * np.pi / 5
    radii = np.where(np.arange(10) % 2 == 0, 0.92, 0.38)
    poly = list(zip(radii * np.cos(angles), radii * np.sin(angles) - 0.06))
    return to_grey(in_polygon(x, y, poly), w, h)


def heart():
    w = h = 256
    x, y = canvas(w, h)
    u, v = x / 0.78, (y + 0.08) / 0.78
    return to_grey((u * u + v * v - 1) ** 3 - u * u * v ** 3 <= 0, w, h)


def ot():
    """A bold "OT": a thick elliptic ring and a T."""
    w, h = 384, 256
    x, y = canvas(w, h)
    o = ellipse(x, y, -0.72, 0, 0.62, 0.86) & ~ellipse(x, y, -0.72, 0, 0.30, 0.56)
    t_bar = (np.abs(x - 0.78) <= 0.62) & (y >= 0.56) & (y <= 0.86)
    t_stem = (np.abs(x - 0.78) <= 0.17) & (y >= -0.86) & (y <= 0.7)
    return to_grey(o | t_bar | t_stem, w, h)


def cat():
    """A sitting cat seen from behind: body, head, two ears and a curled tail."""
    w = h = 256
    x, y = canvas(w, h)
    body = ellipse(x, y, 0.0, -0.42, 0.52, 0.5)
    head = ellipse(x, y, 0.0, 0.3, 0.34, 0.3)
    ear_l = in_polygon(x, y, [(-0.33, 0.36), (-0.29, 0.86), (-0.06, 0.55)])
    ear_r = in_polygon(x, y, [(0.33, 0.36), (0.29, 0.86), (0.06, 0.55)])
    # Tail: a thick arc of the circle centred (0.62, -0.55) with radius 0.3, on its left and top.
    r = np.hypot(x - 0.55, y + 0.62)
    a = np.arctan2(y + 0.62, x - 0.55)
    tail = (np.abs(r - 0.33) <= 0.07) & (a >= -0.2) & (a <= 2.9)
    tip = ellipse(x, y, 0.55 + 0.33 * np.cos(-0.2), -0.62 + 0.33 * np.sin(-0.2), 0.07, 0.07)
    return to_grey(body | head | ear_l | ear_r | tail | tip, w, h)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, draw in [("star", star), ("heart", heart), ("ot", ot), ("cat", cat)]:
        path = os.path.join(OUT, name + ".png")
        write_png(path, draw())
        print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
