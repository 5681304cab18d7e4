#!/usr/bin/python3
"""Writes the fixtures of tests/pure/test_formats_*.cpp and tests/app/test_pipes.cpp into this folder.

Each file is made the way its ecosystem makes it: NumPy's own np.save / np.savez /
np.savez_compressed, pandas' DataFrame.to_csv (python3-pandas), np.savetxt, and point-cloud PLY
files laid out as Open3D's write_point_cloud writes them (binary little-endian, double x y z, double
normals, uchar colours, "comment Created by Open3D"). Damaged variants are cut or altered from
those. Run with /usr/bin/python3 (Debian's numpy and pandas: apt-get install python3-numpy
python3-pandas). The output is committed, so the C++ tests need no Python.

Every table holds A[i, j] = i + j / 8 (5 x 3, exact in float16 too) or, for integer dtypes,
B[i, j] = 3 i + j, so the tests know the values.
"""
import os
import struct
import zipfile

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def cut(name, source, keep):
    with open(path(source), "rb") as f:
        data = f.read()
    with open(path(name), "wb") as f:
        f.write(data[:keep] if keep >= 0 else data[:len(data) + keep])


A = np.add.outer(np.arange(5.0), np.arange(3.0) / 8.0)
B = np.arange(15).reshape(5, 3)
W = np.arange(1.0, 6.0)

# ---- NumPy .npy: every float and integer dtype, both byte orders --------------------------------
np.save(path("f2.npy"), A.astype("<f2"))
np.save(path("f4.npy"), A.astype("<f4"))
np.save(path("points_2d.npy"), A[:, :2].astype("<f4"))
np.save(path("f8_big_endian.npy"), A.astype(">f8"))
np.save(path("f8_fortran.npy"), np.asfortranarray(A))
for dtype in ["<i1", "<i2", "<i4", ">i8", "|u1", "<u2", ">u4", "<u8"]:
    name = dtype.replace("<", "").replace(">", "be_").replace("|", "")
    np.save(path("int_%s.npy" % name), B.astype(dtype))
np.save(path("bool.npy"), B % 2 == 0)
np.save(path("weights_1d_i4.npy"), W.astype("<i4"))
# Refused dtypes and shapes.
np.save(path("longdouble.npy"), A.astype(np.longdouble))
np.save(path("complex.npy"), A.astype(np.complex64))
np.save(path("structured.npy"), np.zeros(5, dtype=[("x", "<f4"), ("y", "<f4")]))
np.save(path("scalar.npy"), np.float32(1.5))
np.save(path("trajectory.npy"), np.zeros((2, 5, 3), dtype="<f4"))
# A .npy whose magic is damaged (one byte): an error, never read as CSV (issue 17).
with open(path("f4.npy"), "rb") as f:
    data = bytearray(f.read())
data[5] = ord("Z")  # "\x93NUMPY" -> "\x93NUMPZ"
with open(path("damaged_magic.npy"), "wb") as f:
    f.write(data)
with open(path("damaged_magic.dat"), "wb") as f:  # the same bytes without a telling extension
    f.write(data)
with open(path("npy_named.csv"), "wb") as f:  # a .npy misnamed .csv
    f.write(open(path("f4.npy"), "rb").read())

# ---- NumPy .npz ---------------------------------------------------------------------------------
np.savez(path("savez.npz"), points=A, weights=W)
np.savez_compressed(path("savez_compressed.npz"), points=A, weights=W)
np.savez(path("single.npz"), A)  # one unnamed array: "arr_0"
cut("truncated.npz", "savez_compressed.npz", 200)


def member_bytes(archive, member):
    """The archive's bytes (mutable) and where the data of `member` starts in them."""
    with zipfile.ZipFile(path(archive)) as z:
        local = z.getinfo(member).header_offset
    with open(path(archive), "rb") as f:
        data = bytearray(f.read())
    name_length, extra_length = struct.unpack("<HH", data[local + 26:local + 30])
    return data, local + 30 + name_length + extra_length


# A stored member with one data byte changed: the CRC-32 catches it.
data, start = member_bytes("savez.npz", "points.npy")
data[start + 130] ^= 0x40
with open(path("damaged_crc.npz"), "wb") as f:
    f.write(data)
# A deflated member with bytes of its stream overwritten.
data, start = member_bytes("savez_compressed.npz", "points.npy")
data[start + 2:start + 10] = b"\xff" * 8
with open(path("damaged_deflate.npz"), "wb") as f:
    f.write(data)

# ---- pandas and other CSV writers -----------------------------------------------------------------
frame = pd.DataFrame(A, columns=["x", "y", "z"])
frame.to_csv(path("pandas_index.csv"))                      # ",x,y,z" then "0,0.0,0.125,0.25"
frame.to_csv(path("pandas_no_index.csv"), index=False)      # "x,y,z"
frame.to_csv(path("pandas_index_label_false.csv"), index_label=False)  # header without the index
frame.to_csv(path("pandas_tab.tsv"), sep="\t")              # "\tx\ty\tz"
frame.set_index(pd.Index(["a", "b", "c", "d", "e"])).to_csv(path("pandas_text_index.csv"))
pd.Series(W).to_csv(path("pandas_series_weights.csv"))      # ",0" then "0,1.0"
with_nan = frame.copy()
with_nan.iloc[2, 1] = np.nan
with_nan.to_csv(path("pandas_nan.csv"))                     # NaN -> empty field
frame.to_csv(path("pandas_decimal_comma.csv"), sep=";", decimal=",")
np.savetxt(path("savetxt.txt"), A, header="x y z")          # "# x y z", spaces, %.18e
with open(path("r_write_csv.csv"), "w") as f:               # R's write.csv(data.frame(x, y, z))
    f.write('"","x","y","z"\n')
    for i, row in enumerate(A):
        f.write('"%d",' % (i + 1) + ",".join(repr(float(v)) for v in row) + "\n")
with open(path("excel_bom.csv"), "w", encoding="utf-8-sig", newline="") as f:  # Excel: BOM and CRLF
    f.write("x,y,z\r\n" + "".join(",".join(repr(float(v)) for v in row) + "\r\n" for row in A))
with open(path("overflow_first_row.csv"), "w") as f:        # issue 17: 1e400 is a number, not a header
    f.write("1e400,0\n1,2\n3,4\n")
with open(path("underflow.csv"), "w") as f:                 # too small for a double: reads as 0
    f.write("1e-400,1\n-1e-400,2\n")

# ---- PLY point clouds (Open3D's layout) and OBJ ---------------------------------------------------


def open3d_ply(points, big_endian=False, ascii=False):
    """A point cloud as Open3D's write_point_cloud writes it: x y z, normals, colours."""
    n = len(points)
    fmt = "ascii" if ascii else ("binary_big_endian" if big_endian else "binary_little_endian")
    header = ("ply\nformat %s 1.0\ncomment Created by Open3D\nelement vertex %d\n"
              "property double x\nproperty double y\nproperty double z\n"
              "property double nx\nproperty double ny\nproperty double nz\n"
              "property uchar red\nproperty uchar green\nproperty uchar blue\nend_header\n" % (fmt, n))
    normals = np.tile([0.0, 0.0, 1.0], (n, 1))
    colours = (np.arange(3 * n).reshape(n, 3) % 256).astype(np.uint8)
    if ascii:
        body = "".join("%r %r %r %r %r %r %d %d %d\n" % (tuple(map(float, p)) + tuple(map(float, q)) + tuple(map(int, c)))
                       for p, q, c in zip(points, normals, colours))
        return header.encode() + body.encode()
    record = np.dtype([("p", (">f8" if big_endian else "<f8"), 3), ("n", (">f8" if big_endian else "<f8"), 3), ("c", "u1", 3)])
    rows = np.zeros(n, dtype=record)
    rows["p"], rows["n"], rows["c"] = points, normals, colours
    return header.encode() + rows.tobytes()


with open(path("open3d_cloud.ply"), "wb") as f:
    f.write(open3d_ply(A))
with open(path("open3d_cloud_big_endian.ply"), "wb") as f:
    f.write(open3d_ply(A, big_endian=True))
with open(path("open3d_cloud_ascii.ply"), "wb") as f:
    f.write(open3d_ply(A, ascii=True))
cut("open3d_cloud_truncated.ply", "open3d_cloud.ply", -20)
with open(path("cloud_face0.ply"), "w") as f:  # plyfile/MeshLab style: an empty face element
    f.write("ply\nformat ascii 1.0\nelement vertex 5\nproperty float x\nproperty float y\nproperty float z\n"
            "property float intensity\nelement face 0\nproperty list uchar int vertex_indices\nend_header\n")
    for i, row in enumerate(A):
        f.write(" ".join(repr(float(v)) for v in row) + " %d\n" % i)
with open(path("cloud.obj"), "w") as f:
    f.write("# vertices only\no cloud\n" + "".join("v %r %r %r\n" % tuple(map(float, row)) for row in A))
with open(path("tetrahedron.obj"), "w") as f:
    f.write("v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n")
