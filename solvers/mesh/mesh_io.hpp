#pragma once
// Reading and writing triangle meshes: Wavefront OBJ and Stanford PLY (ASCII, binary little- and
// big-endian). Our own small parsers (Debian's tinyobjloader is not a dependency); they are fuzzed
// in tests/pure/test_mesh_io.cpp and must throw InputError, never crash, on any input.
//
// What is read:
//   OBJ  `v x y z [w]` and `f` lines; polygons are fan-triangulated; indices may be negative
//        (relative to the vertices read so far) and may carry /vt/vn parts, which are ignored;
//        every other statement (vt, vn, g, o, s, usemtl, mtllib, l, ...) and `#` comments are
//        skipped.
//   PLY  element `vertex` with properties x, y, z of any scalar type (other vertex properties
//        are skipped by size), element `face` with a list property `vertex_indices` (or
//        `vertex_index`) of any integer count and index types, polygons fan-triangulated; other
//        elements are skipped.
// Every error names the file and the line (OBJ, ASCII PLY, PLY header) or the element index
// (binary PLY): "bunny.ply: face 12: vertex index 99 out of range (8 vertices)". Rejected: bad or
// out-of-range indices, faces with fewer than 3 corners, NaN/inf coordinates, truncated data,
// headers claiming more elements than the file can hold, files with no faces (unless read as a
// point cloud, Faces::Optional), unknown formats. Bytes from the file quoted in a message are
// escaped and cut short (base/quoted_bytes.hpp).
#include <string>
#include <string_view>

#include "solvers/mesh/mesh.hpp"

namespace monge::mesh {

// Whether a file without faces is an error (a mesh) or valid (a point cloud: the vertex-only PLY
// files Open3D, trimesh and PCL write, an OBJ of `v` lines).
enum class Faces { Required, Optional };

// By extension, case-insensitive: .obj or .ply.
TriangleMesh load_mesh(const std::string& path);

enum class PlyEncoding {
  BinaryLittleEndian,  // default: compact and exact (float32 coordinates, uchar count + int32 indices)
  Ascii,               // human-readable; shortest decimal that reads back to the same float
  BinaryBigEndian,     // same layout as little-endian, bytes swapped (for tools that want it)
};

// By extension, case-insensitive: .obj (coordinates as the shortest decimal that reads back to the
// same float, so a round trip is exact) or .ply (encoding as chosen). Writes `path + ".part"` first and renames it onto `path`
// only when every byte was written, so `path` is never half-written; a failed write (missing
// folder, disk full, permission) throws InputError naming the file and the system's reason.
void save_mesh(const TriangleMesh& mesh, const std::string& path,
               PlyEncoding ply_encoding = PlyEncoding::BinaryLittleEndian);

// The formats as bytes in memory (what save_mesh writes).
std::string format_obj(const TriangleMesh& mesh);
std::string format_ply(const TriangleMesh& mesh, PlyEncoding encoding);

// The parsers on a file's bytes, for meshes held in memory and for the fuzz tests; `name` is the
// file name used in error messages.
// With Faces::Optional a file of vertices only gives a mesh with no faces (and V by 3 vertices,
// V possibly 0); faces it does have are checked all the same.
TriangleMesh parse_obj(std::string_view bytes, const std::string& name, Faces faces = Faces::Required);
TriangleMesh parse_ply(std::string_view bytes, const std::string& name, Faces faces = Faces::Required);

// Checks what every loaded or built mesh must satisfy: V by 3 finite vertices, at least one
// face (unless Faces::Optional), every index in [0, V). Throws InputError prefixed with `name`.
void validate_mesh(const TriangleMesh& mesh, const std::string& name, Faces faces = Faces::Required);

}  // namespace monge::mesh
