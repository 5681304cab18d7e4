// Point clouds in mesh formats (tests/data/formats, made by make_formats.py): PLY files laid out as
// Open3D writes them (binary either endianness, ASCII; double x y z, normals, colours), a PLY
// with an empty face element, an OBJ of `v` lines: read as N x 3 points by load_points (so `sw`,
// `sinkhorn` and scene "file" measures take them), and the quick-look scene of `monge show`.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/io/point_file.hpp"
#include "app/scene/file_scene.hpp"
#include "app/scene/scene.hpp"
#include "tests/common/format_tables.hpp"
#include "tests/common/input_errors.hpp"

using namespace monge;
using monge::test::kFormatsData;
using monge::test::table_a;

TEST(FormatsClouds, VertexOnlyPlyAndObjAreClouds) {
  for (const char* name : {"open3d_cloud.ply", "open3d_cloud_big_endian.ply", "open3d_cloud_ascii.ply", "cloud_face0.ply",
                           "cloud.obj"})
    EXPECT_EQ(load_points(kFormatsData / name), table_a()) << name;
  // A mesh's vertices are points too.
  EXPECT_EQ(load_points(kFormatsData / "tetrahedron.obj").rows(), 4);
  EXPECT_ERROR_CONTAINS(load_points(kFormatsData / "open3d_cloud_truncated.ply"),
                        "open3d_cloud_truncated.ply: header claims 5 vertex elements but the file holds at most 4");
  EXPECT_ERROR_CONTAINS(parse_points("ply\nformat ascii 1.0\nelement vertex 0\nproperty float x\nproperty float y\n"
                                     "property float z\nend_header\n", "e.ply", ".ply"),
                        "e.ply: no points (the file has no vertices)");
  // Names from a damaged header are escaped.
  EXPECT_ERROR_CONTAINS(parse_points("ply\nformat ascii 1.0\n\x01\xff x\nend_header\n", "h.ply", ".ply"),
                        "unknown PLY header keyword '\\x01\\xff'");
}

TEST(FormatsClouds, SceneFileMeasuresReadEveryFormat) {
  const std::string scene = R"({"dim": 3, "source": {"kind": "file", "path": "open3d_cloud.ply"},
                                "target": {"kind": "file", "path": "savez_compressed.npz:points"}})";
  const Scene s = parse_scene(nlohmann::json::parse(scene), kFormatsData, "s.json");
  EXPECT_EQ(s.source.points, table_a());
  EXPECT_EQ(s.target->points, table_a());
  EXPECT_ERROR_CONTAINS(parse_scene(nlohmann::json::parse(R"({"source": {"kind": "file", "path": "-"}})"), kFormatsData, "s.json"),
                        "s.json: source.path: '-' (standard input) cannot be used in a scene file");
}

TEST(FormatsClouds, QuickLookSceneFromFiles) {
  // 2D points: a flat view sized for their count; no flow.
  const Scene flat = scene_from_files((kFormatsData / "points_2d.npy").string());
  EXPECT_EQ(flat.dim, 2);
  EXPECT_EQ(flat.view["mode"], "2d");
  EXPECT_FLOAT_EQ(flat.view["point_size"].get<float>(), quick_look_point_size(5));
  EXPECT_EQ(flat.source.points, table_a().leftCols(2).eval());
  EXPECT_FALSE(flat.target.has_value());
  EXPECT_TRUE(flat.flow.is_null());
  // 3D source and target in any two formats.
  const Scene both = scene_from_files((kFormatsData / "pandas_index.csv").string(), (kFormatsData / "savez.npz").string() + ":points");
  EXPECT_EQ(both.dim, 3);
  EXPECT_EQ(both.view["mode"], "3d");
  EXPECT_EQ(both.source.points, table_a());
  ASSERT_TRUE(both.target.has_value());
  EXPECT_EQ(both.target->points, table_a());
  EXPECT_EQ(both.name, "pandas_index.csv and savez.npz:points");
  EXPECT_EQ(both.source_spec["kind"], "file");
  // A mesh keeps its faces (drawn as a surface) and saves back as a mesh measure.
  const Scene mesh = scene_from_files((kFormatsData / "tetrahedron.obj").string());
  ASSERT_TRUE(mesh.source_mesh.has_value());
  EXPECT_EQ(mesh.source_mesh->face_count(), 4);
  EXPECT_EQ(mesh.source_spec["kind"], "mesh");
  EXPECT_EQ(mesh.view["mode"], "3d");
  // Dimensions: 2 or 3 columns, the same for X and Y.
  EXPECT_ERROR_CONTAINS(scene_from_files((kFormatsData / "pandas_series_weights.csv").string()),
                        "pandas_series_weights.csv: 1 columns; show draws 2D and 3D points");
  EXPECT_ERROR_CONTAINS(scene_from_files((kFormatsData / "points_2d.npy").string(), (kFormatsData / "f4.npy").string()),
                        "f4.npy has 3 columns but");
}

// A mesh written in the scene ("vertices" and "faces" instead of "path"): what `monge show -`
// saves for a mesh read from standard input. It reads back as the same mesh; errors name the entry.
TEST(FormatsClouds, InlineMeshMeasureIsTheSameMesh) {
  const Scene file = scene_from_files((kFormatsData / "tetrahedron.obj").string());
  ASSERT_TRUE(file.source_mesh.has_value());
  const mesh::TriangleMesh& tet = *file.source_mesh;
  nlohmann::json vertices = nlohmann::json::array(), faces = nlohmann::json::array();
  for (int i = 0; i < tet.vertex_count(); ++i) vertices.push_back({tet.vertices(i, 0), tet.vertices(i, 1), tet.vertices(i, 2)});
  for (int f = 0; f < tet.face_count(); ++f) faces.push_back({tet.faces[3 * f], tet.faces[3 * f + 1], tet.faces[3 * f + 2]});
  auto scene_of = [](const nlohmann::json& source, int dim = 3) {
    return parse_scene({{"dim", dim}, {"source", source}}, kFormatsData, "s.json");
  };
  const nlohmann::json inline_mesh = {{"kind", "mesh"}, {"vertices", vertices}, {"faces", faces}};
  const Scene read = scene_of(inline_mesh);
  ASSERT_TRUE(read.source_mesh.has_value());
  EXPECT_EQ(read.source_mesh->vertices, tet.vertices);
  EXPECT_EQ(read.source_mesh->faces, tet.faces);
  EXPECT_EQ(read.source.points, tet.vertices);
  // scale and center apply as for a file.
  nlohmann::json moved = inline_mesh;
  moved["scale"] = 2;
  moved["center"] = {1, 0, 0};
  EXPECT_FLOAT_EQ(scene_of(moved).source_mesh->vertices(1, 0), 2 * tet.vertices(1, 0) + 1);

  auto with = [&](const char* key, const nlohmann::json& value) {
    nlohmann::json spec = inline_mesh;
    spec[key] = value;
    return spec;
  };
  EXPECT_ERROR_CONTAINS(scene_of(with("faces", {{0, 1, 2}, {0, 1, 4}})), "s.json: source.faces[1][2]");
  EXPECT_ERROR_CONTAINS(scene_of(with("faces", {{0, 1, 2}, {0, 1, -1}})), "source.faces[1][2]");
  EXPECT_ERROR_CONTAINS(scene_of(with("faces", {{0, 1}})), "source.faces[0]");
  EXPECT_ERROR_CONTAINS(scene_of(with("faces", nlohmann::json::array())), "at least one face");
  EXPECT_ERROR_CONTAINS(scene_of(with("vertices", {{0, 0, 0}, {1, 0, 0}})), "at least 3 vertices");
  EXPECT_ERROR_CONTAINS(scene_of(with("vertices", {{0, 0, 0}, {1, 0, 0}, {0, 3e38, 0}, {0, 0, 1}})), "source.vertices[2][1]");
  EXPECT_ERROR_CONTAINS(scene_of(with("path", "builtin:icosphere")), "not both");
  nlohmann::json no_faces = inline_mesh;
  no_faces.erase("faces");
  EXPECT_ERROR_CONTAINS(scene_of(no_faces), "source.faces");
  EXPECT_ERROR_CONTAINS(scene_of(inline_mesh, 2), "mesh measures are 3D");
}

TEST(FormatsClouds, QuickLookPointSizeShrinksWithCount) {
  EXPECT_FLOAT_EQ(quick_look_point_size(1), 8.0f);
  EXPECT_FLOAT_EQ(quick_look_point_size(10'000), 2.4f);  // 24 / 10
  EXPECT_FLOAT_EQ(quick_look_point_size(10'000'000), 1.5f);
  EXPECT_GT(quick_look_point_size(1000), quick_look_point_size(2000));
}
