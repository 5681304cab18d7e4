#!/usr/bin/python3
"""Writes the point-file fixtures of tests/pure/test_point_file.cpp into tests/data/io/.

The .npy files come from NumPy itself (not from monge's writer), so the loader is checked
against the reference implementation of the format. Run with /usr/bin/python3 (Debian's numpy).
Every array holds a[i, j] = i + j / 8, exact in binary, so the test knows the values.
"""
import os

import numpy as np

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "io")
os.makedirs(HERE, exist_ok=True)


def path(name):
    return os.path.join(HERE, name)


a = np.add.outer(np.arange(5.0), np.arange(3.0) / 8.0)  # 5 x 3

np.save(path("c_f4.npy"), a.astype("<f4"))
np.save(path("c_f8.npy"), a.astype("<f8"))
np.save(path("fortran_f8.npy"), np.asfortranarray(a))
with open(path("v2_f4.npy"), "wb") as f:
    np.lib.format.write_array(f, a.astype("<f4"), version=(2, 0))
np.save(path("weights_1d.npy"), np.arange(1.0, 6.0))
np.save(path("weights_col.npy"), np.arange(1.0, 6.0).reshape(5, 1).astype("<f4"))
# Integer and big-endian arrays are read too (tests/data/formats has every dtype).
np.save(path("int64.npy"), np.arange(6, dtype="<i8").reshape(3, 2))
np.save(path("big_endian.npy"), a.astype(">f8"))
# Malformed ones.
np.save(path("three_d.npy"), np.zeros((2, 2, 2), dtype="<f4"))
bad = a.copy()
bad[1, 2] = np.nan
np.save(path("nan.npy"), bad)
with open(path("truncated.npy"), "wb") as f:
    data = open(path("c_f8.npy"), "rb").read()
    f.write(data[:-8])

# CSV: comments, a header, mixed separators; and malformed ones.
with open(path("header_comments.csv"), "w") as f:
    f.write("# written by generate_io.py\nx,y,z\n")
    for i, row in enumerate(a):
        sep = [",", ", ", "\t", " "][i % 4]
        f.write(sep.join(repr(float(v)) for v in row) + ("  # trailing comment\n" if i == 2 else "\n"))
with open(path("wrong_columns.csv"), "w") as f:
    f.write("0,0,0\n1,1,1\n# comment\n2,2\n")
with open(path("nan.csv"), "w") as f:
    f.write("0 0 0\n1 nan 1\n")
with open(path("comments_only.csv"), "w") as f:
    f.write("# nothing here\n\n   \n")


def write_png_rgba(path, rgba):
    """rgba: H x W x 4 uint8. A minimal PNG writer (zlib), so no imaging library is needed."""
    import struct
    import zlib

    h, w, _ = rgba.shape

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + rgba[r].tobytes() for r in range(h))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# 3 x 2 RGBA image for the image loader: top row opaque black, transparent black, opaque red;
# bottom row half-transparent black, opaque white, opaque mid grey.
write_png_rgba(path("rgba.png"), np.array(
    [[[0, 0, 0, 255], [0, 0, 0, 0], [255, 0, 0, 255]],
     [[0, 0, 0, 128], [255, 255, 255, 255], [128, 128, 128, 255]]], dtype=np.uint8))
