// Render tier: the mesh renderer drawn offscreen through EGL. Closed forms first (vertex normals,
// the silhouette of a sphere under an orthographic camera, the lit colour at the sphere's centre,
// colormap hue, translucent blending, upload sizes), then golden images in tests/golden/mesh_*.png.
// Golden tolerance as test_render_points: at most 0.5% of pixels may differ by more than 24/255 in
// a channel. MONGE_UPDATE_GOLDEN=1 rewrites them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <utility>
#include <vector>

#include "render/gl/egl_context.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/framebuffer.hpp"
#include "render/image.hpp"
#include "render/gl/mesh_renderer.hpp"
#include "base/errors.hpp"
#include "tests/common/golden.hpp"

using namespace monge;
using namespace monge::test;

namespace {

constexpr int kSize = 256;
const std::array<float, 3> kBackground = {0.1f, 0.1f, 0.12f};

struct TriMesh {
  std::vector<float> V;          // nv x 3
  std::vector<std::int32_t> F;   // nf x 3
  int nv() const { return static_cast<int>(V.size() / 3); }
  int nf() const { return static_cast<int>(F.size() / 3); }
};

// Unit icosphere: the icosahedron with each triangle split in four `levels` times, the new
// vertices pushed onto the sphere. Faces are counter-clockwise seen from outside.
TriMesh icosphere(int levels) {
  const float t = (1.0f + std::sqrt(5.0f)) / 2.0f;
  TriMesh m;
  m.V = {-1, t, 0, 1, t, 0, -1, -t, 0, 1, -t, 0, 0, -1, t, 0, 1, t,
         0, -1, -t, 0, 1, -t, t, 0, -1, t, 0, 1, -t, 0, -1, -t, 0, 1};
  m.F = {0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11, 1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
         3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9, 4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1};
  auto normalise = [&](int i) {
    float* p = &m.V[3 * i];
    const float r = std::sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
    for (int k = 0; k < 3; ++k) p[k] /= r;
  };
  for (int i = 0; i < m.nv(); ++i) normalise(i);
  for (int level = 0; level < levels; ++level) {
    std::map<std::pair<int, int>, int> midpoint;
    auto middle = [&](int a, int b) {
      const auto key = std::minmax(a, b);
      if (auto it = midpoint.find(key); it != midpoint.end()) return it->second;
      for (int k = 0; k < 3; ++k) m.V.push_back(0.5f * (m.V[3 * a + k] + m.V[3 * b + k]));
      const int index = m.nv() - 1;
      normalise(index);
      midpoint[key] = index;
      return index;
    };
    std::vector<std::int32_t> faces;
    for (int f = 0; f < m.nf(); ++f) {
      const int a = m.F[3 * f], b = m.F[3 * f + 1], c = m.F[3 * f + 2];
      const int ab = middle(a, b), bc = middle(b, c), ca = middle(c, a);
      faces.insert(faces.end(), {a, ab, ca, b, bc, ab, c, ca, bc, ab, bc, ca});
    }
    m.F = std::move(faces);
  }
  return m;
}

TriMesh scaled(TriMesh m, float s, glm::vec3 offset = glm::vec3(0.0f)) {
  for (int i = 0; i < m.nv(); ++i)
    for (int k = 0; k < 3; ++k) m.V[3 * i + k] = s * m.V[3 * i + k] + offset[k];
  return m;
}

// Orthographic turntable camera: the unit sphere at the origin spans 1 / world_per_pixel pixels.
Camera ortho_camera() {
  Camera c;
  c.mode = ViewMode::Orbit3D;
  c.projection = Projection::Orthographic;
  return c;
}

Camera perspective_camera() {
  Camera c;
  c.mode = ViewMode::Orbit3D;
  c.distance = 3.6f;
  return c;
}

// The shading of mesh.frag for a view-space normal under an orthographic camera (to_eye = +z).
glm::vec3 lit(glm::vec3 base, glm::vec3 n, float specular) {
  const glm::vec3 fill = glm::normalize(glm::vec3(-0.6f, 0.7f, 0.4f));
  const float head = std::max(n.z, 0.0f), f = std::max(glm::dot(n, fill), 0.0f);
  return base * (0.18f + 0.62f * head + 0.28f * f) + glm::vec3(specular * std::pow(head, 48.0f));
}

void expect_rgb(const Image& im, int x, int y, glm::vec3 expected, float tolerance) {
  const std::uint8_t* c = im.pixel(x, y);
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(c[k], 255.0f * std::clamp(expected[k], 0.0f, 1.0f), tolerance) << "channel " << k;
}

bool is_background(const std::uint8_t* c) {
  return std::abs(c[0] - 255.0f * kBackground[0]) < 2 && std::abs(c[2] - 255.0f * kBackground[2]) < 2;
}


class MeshRenderTest : public ::testing::Test {
 protected:
  struct Gl {
    EglContext context;
    Framebuffer target{kSize, kSize};
    MeshRenderer renderer;
  };
  static void SetUpTestSuite() { gl_ = new Gl; }
  static void TearDownTestSuite() { delete gl_; }

  // Clears, draws each (mesh, style) in order, and reads the image back.
  static Image render(const std::vector<std::pair<const MeshBuffer*, MeshStyle>>& items, const Camera& camera) {
    gl_->target.bind();
    frame::clear(kBackground, 1.0f);
    for (const auto& [mesh, style] : items) gl_->renderer.draw(*mesh, style, camera, {kSize, kSize});
    frame::finish("drawing meshes");
    Image im;
    read_pixels(kSize, kSize, im);
    return im;
  }
  static void upload(MeshBuffer& buffer, const TriMesh& m) { buffer.set_mesh(m.V.data(), m.nv(), m.F.data(), m.nf()); }

  static Gl* gl_;
};
MeshRenderTest::Gl* MeshRenderTest::gl_ = nullptr;

MeshStyle matte(glm::vec3 color) {
  MeshStyle s;
  s.color = color;
  s.specular = 0.0f;
  return s;
}

}  // namespace

TEST(VertexNormals, IcosphereNormalsAreThePositions) {
  const TriMesh m = icosphere(3);
  std::vector<float> n(m.V.size());
  compute_vertex_normals(m.V.data(), m.nv(), m.F.data(), m.nf(), n.data());
  for (int i = 0; i < m.nv(); ++i) {
    const glm::vec3 p(m.V[3 * i], m.V[3 * i + 1], m.V[3 * i + 2]), q(n[3 * i], n[3 * i + 1], n[3 * i + 2]);
    EXPECT_NEAR(glm::length(q), 1.0f, 1e-5);
    EXPECT_GT(glm::dot(p, q), 0.999f) << "vertex " << i;  // outward: the winding is counter-clockwise
  }
}

TEST(VertexNormals, FacesWeighByArea) {
  // Vertex 0 is shared by a triangle of area 1/2 in the xy plane (normal +z) and one of area
  // 3/2 in the yz plane (normal +x): its normal is (3, 0, 1) / sqrt(10). Vertex 5 is unused.
  const std::vector<float> V = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 3, 9, 9, 9};
  const std::vector<std::int32_t> F = {0, 1, 2, 0, 3, 4};
  std::vector<float> n(V.size());
  compute_vertex_normals(V.data(), 6, F.data(), 2, n.data());
  EXPECT_NEAR(n[0], 3.0f / std::sqrt(10.0f), 1e-6);
  EXPECT_NEAR(n[1], 0.0f, 1e-6);
  EXPECT_NEAR(n[2], 1.0f / std::sqrt(10.0f), 1e-6);
  EXPECT_NEAR(n[3 * 1 + 2], 1.0f, 1e-6);  // only in the xy triangle
  EXPECT_NEAR(n[3 * 4 + 0], 1.0f, 1e-6);  // only in the yz triangle
  EXPECT_EQ(n[3 * 5 + 2], 1.0f);          // unused: the documented default
}

TEST_F(MeshRenderTest, InvalidInputsThrowInputError) {
  MeshBuffer buffer;
  const std::vector<float> V = {0, 0, 0, 1, 0, 0, 0, 1, 0};
  const std::vector<std::int32_t> bad = {0, 1, 3};
  EXPECT_THROW(buffer.set_mesh(V.data(), 3, bad.data(), 1), InputError);
  const std::vector<std::int32_t> good = {0, 1, 2};
  buffer.set_mesh(V.data(), 3, good.data(), 1);
  const std::vector<float> scalars = {1, 2};
  EXPECT_THROW(buffer.set_scalars(scalars.data(), 2), InputError);
}

TEST_F(MeshRenderTest, SphereSilhouetteAndCentreColourMatchClosedForms) {
  MeshBuffer sphere;
  upload(sphere, icosphere(3));
  const Camera camera = ortho_camera();
  const MeshStyle style = matte({0.72f, 0.75f, 0.82f});
  const Image im = render({{&sphere, style}}, camera);
  // Diameter along the middle row: 2 / world_per_pixel (the icosphere is inscribed in the unit
  // sphere, at most 1% smaller at level 3).
  const float diameter = 2.0f / camera.world_per_pixel({kSize, kSize});
  int covered = 0;
  for (int x = 0; x < kSize; ++x) covered += !is_background(im.pixel(x, kSize / 2));
  EXPECT_NEAR(covered, diameter, 0.012f * diameter + 2.0f);
  // Centre: the normal faces the viewer (view-space +z), lit by the headlight and the fill light.
  expect_rgb(im, kSize / 2, kSize / 2, lit(style.color, {0, 0, 1}, 0.0f), 4.0f);
  EXPECT_TRUE(is_background(im.pixel(3, 3)));
}

TEST_F(MeshRenderTest, ScalarColourIsTheColormapTimesTheLighting) {
  const TriMesh m = icosphere(3);
  MeshBuffer sphere;
  upload(sphere, m);
  std::vector<float> z(m.nv());
  for (int i = 0; i < m.nv(); ++i) z[i] = m.V[3 * i + 2];
  sphere.set_scalars(z.data(), m.nv());
  const Camera camera = ortho_camera();
  MeshStyle style = matte({1, 1, 1});
  style.use_scalar = true;
  style.colormap = Colormap::Turbo;
  style.scalar_range = {-1.0f, 1.0f};
  const Image im = render({{&sphere, style}}, camera);
  // The point facing the camera has z = sin(pitch): t = (sin(pitch) + 1) / 2.
  const float t = 0.5f * (std::sin(camera.pitch) + 1.0f);
  expect_rgb(im, kSize / 2, kSize / 2, lit(colormap_sample(Colormap::Turbo, t), {0, 0, 1}, 0.0f), 5.0f);
  expect_matches_golden(im, "mesh_scalar_turbo.png");
}

TEST_F(MeshRenderTest, TranslucentMeshBlendsOverTheOpaqueOneAndCullsItsBackFaces) {
  MeshBuffer inner, outer;
  upload(inner, scaled(icosphere(3), 0.5f));
  upload(outer, icosphere(3));
  const Camera camera = ortho_camera();
  const MeshStyle opaque = matte({0.2f, 0.3f, 0.9f});
  MeshStyle glass = matte({0.9f, 0.2f, 0.2f});
  glass.opacity = 0.5f;
  const Image im = render({{&inner, opaque}, {&outer, glass}}, camera);
  const glm::vec3 front = lit(glass.color, {0, 0, 1}, 0.0f);
  // Centre: half the lit glass over the lit opaque sphere.
  expect_rgb(im, kSize / 2, kSize / 2, 0.5f * front + 0.5f * lit(opaque.color, {0, 0, 1}, 0.0f), 5.0f);
  // 0.75 of the radius to the right, outside the inner sphere: one glass layer over the
  // background (a second, back-face layer would darken the background share to a quarter).
  const float r_px = 1.0f / camera.world_per_pixel({kSize, kSize});
  const int x = kSize / 2 + static_cast<int>(std::lround(0.75f * r_px));
  const float dx = (x + 0.5f - kSize / 2.0f) / r_px;
  const glm::vec3 n(dx, 0.0f, std::sqrt(1.0f - dx * dx));
  const glm::vec3 bg(kBackground[0], kBackground[1], kBackground[2]);
  expect_rgb(im, x, kSize / 2, 0.5f * lit(glass.color, n, 0.0f) + 0.5f * bg, 6.0f);
  expect_matches_golden(im, "mesh_translucent.png");
}

TEST_F(MeshRenderTest, WireframeDarkensABandAlongTheEdges) {
  MeshBuffer sphere;
  upload(sphere, icosphere(2));
  const Camera camera = perspective_camera();
  MeshStyle style;
  style.shading = MeshShading::Flat;
  const Image plain = render({{&sphere, style}}, camera);
  style.wireframe = true;
  style.wire_width = 1.5f;
  const Image wired = render({{&sphere, style}}, camera);
  int covered = 0, darkened = 0;
  for (int y = 0; y < kSize; ++y)
    for (int x = 0; x < kSize; ++x) {
      if (is_background(plain.pixel(x, y))) continue;
      ++covered;
      darkened += plain.pixel(x, y)[0] - wired.pixel(x, y)[0] > 30;
    }
  // 320 faces, about 160 visible: a 1.5 px band along ~240 edges of ~15 px covers 10-35% of the disc.
  EXPECT_GT(darkened, covered / 10);
  EXPECT_LT(darkened, covered * 35 / 100);
  expect_matches_golden(wired, "mesh_flat_wire.png");
}

TEST_F(MeshRenderTest, SmoothPerspectiveSphereMatchesGolden) {
  MeshBuffer sphere;
  upload(sphere, icosphere(3));
  expect_matches_golden(render({{&sphere, MeshStyle()}}, perspective_camera()), "mesh_smooth.png");
}

TEST_F(MeshRenderTest, UpdatePositionsUploadsPositionsAndNormalsOnlyAndMovesTheSilhouette) {
  const TriMesh m = icosphere(3);
  MeshBuffer sphere;
  upload(sphere, m);
  const TriMesh half = scaled(m, 0.5f);
  sphere.reset_upload_counter();
  sphere.update_positions(half.V.data());
  EXPECT_EQ(sphere.uploaded_bytes(), 2u * m.V.size() * sizeof(float));
  const Camera camera = ortho_camera();
  const Image im = render({{&sphere, MeshStyle()}}, camera);
  int covered = 0;
  for (int x = 0; x < kSize; ++x) covered += !is_background(im.pixel(x, kSize / 2));
  const float diameter = 1.0f / camera.world_per_pixel({kSize, kSize});
  EXPECT_NEAR(covered, diameter, 0.012f * diameter + 2.0f);
}

TEST_F(MeshRenderTest, AWrongImageFailsTheGoldenComparison) {
  // A different colour scale and a shifted sphere must not pass as mesh_scalar_turbo.png.
  const TriMesh m = scaled(icosphere(3), 1.0f, {0.0f, 0.1f, 0.0f});
  MeshBuffer sphere;
  upload(sphere, m);
  std::vector<float> z(m.nv());
  for (int i = 0; i < m.nv(); ++i) z[i] = m.V[3 * i + 2];
  sphere.set_scalars(z.data(), m.nv());
  MeshStyle style = matte({1, 1, 1});
  style.use_scalar = true;
  style.colormap = Colormap::Viridis;
  style.scalar_range = {-1.0f, 1.0f};
  const Image golden = read_image(std::filesystem::path(MONGE_SOURCE_DIR) / "tests/golden/mesh_scalar_turbo.png");
  EXPECT_GT(compare_images(render({{&sphere, style}}, ortho_camera()), golden, kThreshold).fraction_over, kMaxFractionOver);
}
