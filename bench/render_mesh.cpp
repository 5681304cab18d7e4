// Frame time of the mesh and field renderers offscreen (EGL) at 1280x720, as a deforming mesh
// and a running grid flow use them: new positions (normals recomputed on the CPU, both
// re-uploaded) or new field values, then draw and wait for the GPU. Meshes of 10k and 100k
// triangles (a torus), with and without the wireframe overlay; the CPU normal pass and the
// upload alone; a 256x256 and a 1024x1024 field. On CPU-only machines this measures Mesa llvmpipe.
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "render/gl/egl_context.hpp"
#include "render/gl/field_renderer.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/framebuffer.hpp"
#include "render/gl/mesh_renderer.hpp"

using namespace monge;

namespace {

struct GlFixture {
  EglContext context;
  Framebuffer target{1280, 720};
  MeshRenderer meshes;
  FieldRenderer fields;
};

GlFixture& fixture() {
  static GlFixture f;
  return f;
}

struct Torus {
  std::vector<float> rest, wobbled;  // two poses to alternate between: every frame is new data
  std::vector<std::int32_t> faces;
  int vertices = 0, triangles = 0;
};

// A torus of `triangles` = 2 * around * across triangles (around = 2 * across), major radius 1,
// minor radius 0.4; the wobbled pose bulges the tube by up to 10%.
Torus make_torus(int triangles) {
  const int across = static_cast<int>(std::lround(std::sqrt(triangles / 4.0))), around = 2 * across;
  Torus t;
  t.vertices = around * across;
  t.triangles = 2 * around * across;
  for (int i = 0; i < around; ++i)
    for (int j = 0; j < across; ++j) {
      const float u = 6.2831853f * i / around, v = 6.2831853f * j / across;
      for (const float bulge : {0.0f, 0.1f}) {
        const float r = 0.4f * (1.0f + bulge * std::sin(3.0f * u));
        std::vector<float>& pose = bulge == 0.0f ? t.rest : t.wobbled;
        pose.insert(pose.end(), {(1.0f + r * std::cos(v)) * std::cos(u), (1.0f + r * std::cos(v)) * std::sin(u),
                                 r * std::sin(v)});
      }
      const int a = i * across + j, b = ((i + 1) % around) * across + j;
      const int c = ((i + 1) % around) * across + (j + 1) % across, d = i * across + (j + 1) % across;
      t.faces.insert(t.faces.end(), {a, b, c, a, c, d});
    }
  return t;
}

Camera mesh_camera() {
  Camera c;
  c.mode = ViewMode::Orbit3D;
  c.distance = 3.5f;
  return c;
}

void BM_MeshFrame(benchmark::State& state) {
  GlFixture& f = fixture();
  const Torus t = make_torus(static_cast<int>(state.range(0)));
  MeshBuffer mesh;
  mesh.set_mesh(t.rest.data(), t.vertices, t.faces.data(), t.triangles);
  MeshStyle style;
  style.wireframe = state.range(1) != 0;
  const Camera camera = mesh_camera();
  const Viewport vp{1280, 720};
  f.target.bind();
  bool odd = false;
  for (auto _ : state) {
    mesh.update_positions((odd = !odd) ? t.wobbled.data() : t.rest.data());
    frame::clear({0.1f, 0.1f, 0.12f}, 1.0f);
    f.meshes.draw(mesh, style, camera, vp);
    frame::finish("drawing a mesh");
  }
  state.counters["triangles"] = t.triangles;
  state.counters["fps"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_MeshUpdateOnly(benchmark::State& state) {
  GlFixture& f = fixture();
  const Torus t = make_torus(static_cast<int>(state.range(0)));
  MeshBuffer mesh;
  mesh.set_mesh(t.rest.data(), t.vertices, t.faces.data(), t.triangles);
  f.target.bind();
  bool odd = false;
  for (auto _ : state) {
    mesh.update_positions((odd = !odd) ? t.wobbled.data() : t.rest.data());
    frame::finish("uploading a mesh");
  }
}

void BM_VertexNormals(benchmark::State& state) {
  const Torus t = make_torus(static_cast<int>(state.range(0)));
  std::vector<float> normals(t.rest.size());
  for (auto _ : state) {
    compute_vertex_normals(t.rest.data(), t.vertices, t.faces.data(), t.triangles, normals.data());
    benchmark::DoNotOptimize(normals.data());
  }
}

void BM_FieldFrame(benchmark::State& state) {
  GlFixture& f = fixture();
  const int n = static_cast<int>(state.range(0));
  DensityGrid g;
  g.nx = g.ny = n;
  g.x0 = g.y0 = -1.0f;
  g.x1 = g.y1 = 1.0f;
  g.values.resize(static_cast<std::size_t>(n) * n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const float x = -1.0f + 2.0f * (i + 0.5f) / n, y = -1.0f + 2.0f * (j + 0.5f) / n;
      g.values[static_cast<std::size_t>(j) * n + i] = std::exp(-4.0f * (x * x + y * y));
    }
  FieldTexture field;
  field.set_grid(g);
  Camera camera;
  camera.half_height = 1.05f;  // the grid fills the viewport's height
  const Viewport vp{1280, 720};
  f.target.bind();
  for (auto _ : state) {
    g.values[0] += 1e-6f;  // new data every frame, as a running flow produces
    field.update_values(g.values.data());
    frame::clear({0.1f, 0.1f, 0.12f}, 1.0f);
    f.fields.draw(field, FieldStyle(), camera, vp);
    frame::finish("drawing a field");
  }
  state.counters["fps"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_MeshFrame)->Args({10000, 0})->Args({10000, 1})->Args({100000, 0})->Args({100000, 1})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_MeshUpdateOnly)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_VertexNormals)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FieldFrame)->Arg(256)->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
