// OBJ and PLY readers and writers: exact round trips, the OBJ/PLY variants the readers accept,
// errors that name the file and the line or element, atomic saves, and a fuzz test (random byte
// mutations and truncations must load or throw InputError, never crash; run under ASan in CI).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/mesh/builtin_meshes.hpp"
#include "solvers/mesh/mesh_io.hpp"
#include "tests/common/input_errors.hpp"
#include "tests/common/temp_files.hpp"

using namespace monge;
using monge::test::error_of;
using namespace monge::mesh;
namespace fs = std::filesystem;

namespace {

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("monge_test_mesh_io_" + std::to_string(::getpid()))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

#define EXPECT_CONTAINS(text, part) EXPECT_NE(std::string(text).find(part), std::string::npos) << (text)

// A mesh with coordinates that need all of a float's digits.
TriangleMesh awkward_mesh() {
  TriangleMesh mesh = icosphere(1, 1.0f / 3.0f);
  mesh.vertices.col(0).array() += 1e-7f;
  mesh.vertices.row(0) << -0.0f, 123456.789f, 1e-30f;
  return mesh;
}

void expect_same(const TriangleMesh& a, const TriangleMesh& b) {
  EXPECT_EQ(a.faces, b.faces);
  ASSERT_EQ(a.vertices.rows(), b.vertices.rows());
  EXPECT_EQ(a.vertices, b.vertices);  // bit-exact
}

// Binary PLY bytes of a header and a body built by the test.
std::string ply_header(const std::string& format, const std::string& elements) {
  return "ply\nformat " + format + " 1.0\n" + elements + "end_header\n";
}
template <class T>
void put(std::string& out, T value, bool big_endian = false) {
  char raw[sizeof(T)];
  std::memcpy(raw, &value, sizeof(T));
  if (big_endian) std::reverse(raw, raw + sizeof(T));
  out.append(raw, sizeof(T));
}

}  // namespace

TEST(MeshIo, RoundTripsAreExact) {
  TempDir dir;
  const TriangleMesh mesh = awkward_mesh();
  for (const char* name : {"a.obj", "b.ply", "c.OBJ"}) {
    save_mesh(mesh, dir.file(name));
    expect_same(load_mesh(dir.file(name)), mesh);
  }
  save_mesh(mesh, dir.file("ascii.ply"), PlyEncoding::Ascii);
  expect_same(load_mesh(dir.file("ascii.ply")), mesh);
  save_mesh(mesh, dir.file("big.ply"), PlyEncoding::BinaryBigEndian);
  expect_same(load_mesh(dir.file("big.ply")), mesh);
  EXPECT_FALSE(monge::test::has_temporary_files(dir.file("")));
  // The encodings really differ on disk.
  std::ifstream ascii(dir.file("ascii.ply"));
  std::string first_lines;
  std::getline(ascii, first_lines);
  std::getline(ascii, first_lines);
  EXPECT_EQ(first_lines, "format ascii 1.0");
}

TEST(MeshIo, ObjVariants) {
  const std::string text =
      "# a unit square split into two faces, and a quad\n"
      "mtllib x.mtl\no square\n"
      "v 0 0 0\nv 1 0 0 1.0\nv 1 1 0\r\nv 0 1 0 # trailing comment\n"
      "vt 0 0\nvn 0 0 1\ns off\nusemtl red\n"
      "f 1/1/1 2/1/1 3/1/1\n"
      "f -4//1 -2//1 -1//1\n"  // relative: vertices 1, 3, 4
      "v 0 0 1\nv +1 0 1\nv 1 1 1e0\nv 0 1 1\n"
      "f 5 6 7 8\n";  // a quad, fan-triangulated
  const TriangleMesh mesh = parse_obj(text, "m.obj");
  EXPECT_EQ(mesh.vertex_count(), 8);
  EXPECT_EQ(mesh.faces, (std::vector<std::int32_t>{0, 1, 2, 0, 2, 3, 4, 5, 6, 4, 6, 7}));
  EXPECT_EQ(mesh.vertices(5, 0), 1.0f);
  // Forward references to vertices defined later are accepted.
  EXPECT_EQ(parse_obj("f 1 2 3\nv 0 0 0\nv 1 0 0\nv 0 1 0\n", "f.obj").face_count(), 1);
}

TEST(MeshIo, PlyVariants) {
  // ASCII, double coordinates, extra vertex properties, int count, uint indices, a quad, an
  // extra element between vertex and face.
  const std::string ascii = ply_header("ascii",
                                       "comment test\nelement vertex 4\nproperty double x\nproperty uchar red\nproperty double y\n"
                                       "property double z\nproperty list uchar float tags\nelement edge 1\nproperty int a\n"
                                       "property int b\nelement face 1\nproperty list int uint vertex_index\nproperty float q\n") +
                            "0 255 0 0 2 0.5 0.5\n1 0 0 0 0\n1 0 1 0 1 7\n0 0 1 0 0\n0 1\n4 0 1 2 3 0.25\n";
  const TriangleMesh mesh = parse_ply(ascii, "a.ply");
  EXPECT_EQ(mesh.vertex_count(), 4);
  EXPECT_EQ(mesh.faces, (std::vector<std::int32_t>{0, 1, 2, 0, 2, 3}));
  EXPECT_EQ(mesh.vertices(2, 1), 1.0f);

  // Big-endian binary with double coordinates, short indices and an extra float property.
  std::string big = ply_header("binary_big_endian",
                               "element vertex 3\nproperty float nx\nproperty double x\nproperty double y\nproperty double z\n"
                               "element face 1\nproperty list uchar short vertex_indices\n");
  const double corners[3][3] = {{0, 0, 0}, {2, 0, 0}, {0, 3, 0}};
  for (const auto& c : corners) {
    put(big, 0.5f, true);
    for (double x : c) put(big, x, true);
  }
  put(big, std::uint8_t{3}, true);
  for (std::int16_t i : {0, 1, 2}) put(big, i, true);
  const TriangleMesh binary = parse_ply(big, "b.ply");
  EXPECT_EQ(binary.faces, (std::vector<std::int32_t>{0, 1, 2}));
  EXPECT_EQ(binary.vertices(2, 1), 3.0f);
}

TEST(MeshIo, ObjErrorsNameFileAndLine) {
  EXPECT_CONTAINS(error_of([] { parse_obj("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n", "m.obj"); }), "m.obj:4: f: vertex index 4 out of range");
  EXPECT_CONTAINS(error_of([] { parse_obj("v 0 0 0\nv 1 0 0\nv 0 1 0\n\nf 1 2 -4\n", "m.obj"); }), "m.obj:5: f: vertex index -4");
  EXPECT_CONTAINS(error_of([] { parse_obj("v 0 0 0\nf 1 0 1\n", "m.obj"); }), "m.obj:2: f: bad vertex index '0'");
  EXPECT_CONTAINS(error_of([] { parse_obj("v 0 0 0\nf 1 x 1\n", "m.obj"); }), "m.obj:2: f: bad vertex index 'x'");
  EXPECT_CONTAINS(error_of([] { parse_obj("v 0 0 0\nf 1 1\n", "m.obj"); }), "m.obj:2: f: a face needs at least 3");
  EXPECT_CONTAINS(error_of([] { parse_obj("v 0 0 0\nv nan 0 0\n", "m.obj"); }), "m.obj:2: v: non-finite coordinate nan");
  EXPECT_CONTAINS(error_of([] { parse_obj("v 0 0 1e60\n", "m.obj"); }), "m.obj:1: v: non-finite");
  EXPECT_CONTAINS(error_of([] { parse_obj("v 0 0\n", "m.obj"); }), "m.obj:1: v: expected 3 coordinates");
  EXPECT_CONTAINS(error_of([] { parse_obj("v 0 0 0\nv 1 0 0\n", "m.obj"); }), "m.obj: no faces");
}

TEST(MeshIo, PlyErrorsNameFileAndElement) {
  const std::string vertex3 = "element vertex 3\nproperty float x\nproperty float y\nproperty float z\n";
  const std::string face1 = "element face 1\nproperty list uchar int vertex_indices\n";
  std::string good = ply_header("binary_little_endian", vertex3 + face1);
  for (int v = 0; v < 3; ++v) {
    for (int k = 0; k < 3; ++k) put(good, v == k ? 1.0f : 0.0f);
  }
  put(good, std::uint8_t{3});
  for (int i : {0, 1, 2}) put(good, i);
  ASSERT_EQ(parse_ply(good, "g.ply").face_count(), 1);

  // Truncated binary data: the element that runs out is named.
  EXPECT_CONTAINS(error_of([&] { parse_ply(good.substr(0, good.size() - 2), "t.ply"); }), "t.ply: face 0: truncated");
  // Bad index in binary data.
  std::string bad_index = good;
  const int big = 7;
  std::memcpy(&bad_index[bad_index.size() - 4], &big, 4);
  EXPECT_CONTAINS(error_of([&] { parse_ply(bad_index, "i.ply"); }), "i.ply: face 0: vertex index 7 out of range (3 vertices)");
  // NaN coordinate in binary vertex 1.
  std::string nan_vertex = good;
  const float nan = std::nanf("");
  std::memcpy(&nan_vertex[good.find("end_header\n") + 11 + 12 + 4], &nan, 4);
  EXPECT_CONTAINS(error_of([&] { parse_ply(nan_vertex, "n.ply"); }), "n.ply: vertex 1: non-finite coordinate y");
  // A header that claims far more vertices than the file holds.
  std::string lying = good;
  lying.replace(lying.find("vertex 3"), 8, "vertex 2000000000");
  EXPECT_CONTAINS(error_of([&] { parse_ply(lying, "l.ply"); }), "l.ply: header claims 2000000000 vertex elements");
  // ASCII errors name the line (the header takes lines 1-9).
  const std::string ascii = ply_header("ascii", vertex3 + face1);
  EXPECT_CONTAINS(error_of([&] { parse_ply(ascii + "0 0 0\n1 0 0\n0 1 0\n3 0 1 3\n", "a.ply"); }),
                  "a.ply (line 13): face 0: vertex index 3 out of range");
  EXPECT_CONTAINS(error_of([&] { parse_ply(ascii + "0 0 0\n1 inf 0\n0 1 0\n3 0 1 2\n", "a.ply"); }),
                  "a.ply (line 11): vertex 1: non-finite coordinate y");
  EXPECT_CONTAINS(error_of([&] { parse_ply(ascii + "0 0 0\n1 0 0\n0 1 0\n2 0 1\n", "a.ply"); }), "face 0: a face needs at least 3");
  EXPECT_CONTAINS(error_of([&] { parse_ply(ascii + "0 0 0\n1 0 0\n0 1 0\n3 0 1.5 2\n", "a.ply"); }), "face 0: truncated or malformed");
  // Header errors name the header line.
  EXPECT_CONTAINS(error_of([] { parse_ply("ply\nformat binary_middle_endian 1.0\nend_header\n", "h.ply"); }),
                  "h.ply:2: unknown PLY format");
  EXPECT_CONTAINS(error_of([] { parse_ply("ply\nformat ascii 1.0\nproperty float x\nend_header\n", "h.ply"); }),
                  "h.ply:3: property before any element");
  EXPECT_CONTAINS(error_of([] { parse_ply("ply\nformat ascii 1.0\nelement vertex 1\nproperty quad x\nend_header\n", "h.ply"); }),
                  "h.ply:4: property");
  EXPECT_CONTAINS(error_of([] { parse_ply("solid x\n", "h.ply"); }), "h.ply:1: not a PLY file");
  EXPECT_CONTAINS(error_of([&] { parse_ply(ply_header("ascii", vertex3) + "0 0 0\n1 0 0\n0 1 0\n", "nf.ply"); }), "nf.ply: no faces");
}

TEST(MeshIo, FileLevelErrors) {
  TempDir dir;
  EXPECT_CONTAINS(error_of([&] { load_mesh(dir.file("missing.obj")); }), "missing.obj: cannot open");
  EXPECT_CONTAINS(error_of([&] { load_mesh(dir.file("mesh.stl")); }), "mesh.stl: unknown mesh format '.stl' (supported: .obj, .ply)");
  EXPECT_CONTAINS(error_of([&] { save_mesh(icosphere(0), dir.file("no/such/folder/m.obj")); }), "m.obj: No such file or directory");
  TriangleMesh nan_mesh = icosphere(0);
  nan_mesh.vertices(3, 1) = std::nanf("");
  EXPECT_CONTAINS(error_of([&] { save_mesh(nan_mesh, dir.file("nan.ply")); }), "nan.ply: vertex 3: non-finite");
  EXPECT_FALSE(fs::exists(dir.file("nan.ply")));
}

TEST(MeshIo, FailedWriteLeavesNoHalfFile) {
  // Simulate a full disk: a file size limit makes write() fail with EFBIG once 4 KiB are written.
  TempDir dir;
  const std::string path = dir.file("big.ply");
  save_mesh(icosphere(0), path);  // an older, complete file that must survive
  const TriangleMesh big = icosphere(4);
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(sigaction(SIGXFSZ, &ignore, &previous), 0);
  rlimit old_limit{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  rlimit small = old_limit;
  small.rlim_cur = 4096;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  const std::string message = error_of([&] { save_mesh(big, path); });
  setrlimit(RLIMIT_FSIZE, &old_limit);
  sigaction(SIGXFSZ, &previous, nullptr);
  EXPECT_CONTAINS(message, "cannot write " + path + ": File too large");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.file("")), fs::directory_iterator()), 1);  // no temporary left
  EXPECT_EQ(load_mesh(path).vertex_count(), 12);  // the old file is intact
}

TEST(MeshIo, FuzzedFilesLoadOrThrowInputError) {
  // Valid files of every flavour, then random byte flips, insertions and truncations.
  const TriangleMesh mesh = icosphere(0);
  std::string obj = format_obj(mesh);
  obj += "vt 0.5 0.5\nf -1/1 -2/1 -3/1 -4/1\n";
  const std::vector<std::pair<std::string, std::string>> seeds = {
      {"obj", obj},
      {"ply", format_ply(mesh, PlyEncoding::Ascii)},
      {"ply", format_ply(mesh, PlyEncoding::BinaryLittleEndian)},
      {"ply", format_ply(mesh, PlyEncoding::BinaryBigEndian)},
  };
  const CounterRng rng(2024, 7);
  std::uint64_t draw = 0;
  auto next_u32 = [&] { return rng.block(draw++).v[0]; };
  const char interesting[] = {'\0', '\n', ' ', '-', '/', '9', 'e', '.', '\xff', '\x7f', 'n'};
  int loaded = 0, rejected = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const auto& seed = seeds[static_cast<std::size_t>(trial) % seeds.size()];
    std::string bytes = seed.second;
    const int edits = 1 + static_cast<int>(next_u32() % 4);
    for (int e = 0; e < edits && !bytes.empty(); ++e) {
      const std::size_t at = next_u32() % bytes.size();
      switch (next_u32() % 4) {
        case 0: bytes[at] = static_cast<char>(next_u32()); break;
        case 1: bytes[at] = interesting[next_u32() % sizeof(interesting)]; break;
        case 2: bytes.insert(at, 1, interesting[next_u32() % sizeof(interesting)]); break;
        case 3: bytes.resize(at); break;
      }
    }
    try {
      const TriangleMesh parsed = seed.first == "obj" ? parse_obj(bytes, "fuzz.obj") : parse_ply(bytes, "fuzz.ply");
      // Whatever loads must be a valid mesh.
      EXPECT_NO_THROW(validate_mesh(parsed, "fuzz"));
      ++loaded;
    } catch (const InputError&) {
      ++rejected;
    }
  }
  // Both outcomes happen often (mutations of numbers and comments keep many files valid).
  EXPECT_GT(loaded, 10);
  EXPECT_GT(rejected, 100);
}
