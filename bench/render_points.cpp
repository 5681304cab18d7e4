// Frame time of the point renderer offscreen (EGL) at 1280x720: a full frame (upload the moved
// positions, draw, wait for the GPU) and the upload alone, for 100k and 1M points, 2D and 3D.
// On CPU-only machines this measures Mesa llvmpipe. BM_SplatFrame: the same 2D frames drawn by
// the CPU splat (render/splat_layer), which the window uses for large 2D clouds on llvmpipe;
// compare it with BM_Frame/N/2 of the same run. BM_Pick: what a hover or click in the window costs
// (app/canvas/layers/point_geometry: the point under the cursor, one pass over the points),
// against BM_Frame's frame of the same size.
#include <benchmark/benchmark.h>

#include <cmath>

#include "app/canvas/layers/point_geometry.hpp"
#include "render/gl/egl_context.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/framebuffer.hpp"
#include "render/gl/point_renderer.hpp"
#include "render/gl/splat_layer.hpp"
#include "solvers/common/random.hpp"
#include "solvers/common/types.hpp"

using namespace monge;

namespace {

struct GlFixture {
  EglContext context;
  Framebuffer target{1280, 720};
  PointRenderer renderer;
  PointBuffer buffer;
};

GlFixture& fixture() {
  static GlFixture f;
  return f;
}

Points gaussian_points(int n, int d) {
  Points p(n, d);
  const CounterRng rng(1, 0);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < d; ++k) p(i, k) = rng.normal(static_cast<std::uint64_t>(i) * d + k);
  return p;
}

// The view of every frame: the Gaussian cloud fills it; 2-pixel discs coloured by x.
Camera bench_camera(int d) {
  Camera camera;
  camera.mode = d == 3 ? ViewMode::Orbit3D : ViewMode::Planar2D;
  camera.half_height = 4.0f;
  camera.distance = 10.0f;
  return camera;
}

PointStyle bench_style() {
  PointStyle style;
  style.size = 2.0f;
  style.scalar_range = {-3.0f, 3.0f};
  return style;
}

void BM_Frame(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), d = static_cast<int>(state.range(1));
  GlFixture& f = fixture();
  Points p = gaussian_points(n, d);
  std::vector<float> scalars(n);
  for (int i = 0; i < n; ++i) scalars[i] = p(i, 0);
  f.buffer.set_scalars(scalars.data(), n);
  const Camera camera = bench_camera(d);
  const PointStyle style = bench_style();
  const Viewport vp{1280, 720};
  f.target.bind();
  for (auto _ : state) {
    p(0, 0) += 1e-6f;  // the data changed: upload again, as a running flow does every frame
    f.buffer.set_positions(p.data(), n, d);
    frame::clear({0.0f, 0.0f, 0.0f}, 1.0f);
    f.renderer.draw(f.buffer, style, camera, vp);
    frame::finish("drawing");
  }
  state.counters["points"] = n;
  state.counters["fps"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_SplatFrame(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  GlFixture& f = fixture();
  static SplatLayer layer;
  Points p = gaussian_points(n, 2);
  std::vector<float> scalars(n);
  for (int i = 0; i < n; ++i) scalars[i] = p(i, 0);
  const Camera camera = bench_camera(2);
  const PointStyle style = bench_style();
  const Viewport vp{1280, 720};
  f.target.bind();
  for (auto _ : state) {
    p(0, 0) += 1e-6f;
    frame::clear({0.0f, 0.0f, 0.0f}, 1.0f);
    layer.draw(p.data(), n, 2, scalars.data(), style, camera, vp, f.renderer.max_point_size());
    frame::finish("splatting");
  }
  state.counters["points"] = n;
  state.counters["fps"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_UploadOnly(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), d = static_cast<int>(state.range(1));
  GlFixture& f = fixture();
  Points p = gaussian_points(n, d);
  for (auto _ : state) {
    f.buffer.set_positions(p.data(), n, d);
    frame::finish("uploading");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * n * d * sizeof(float));
}

}  // namespace

void BM_Pick(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), d = static_cast<int>(state.range(1));
  GlFixture& f = fixture();
  const Points points = gaussian_points(n, d);
  const Camera camera = bench_camera(d);
  SharedRenderers renderers;
  const DrawContext context{camera, Viewport{1280, 720}, renderers, CanvasStyle{}, 1.0f, false};
  int found = 0;
  for (auto _ : state) {
    const auto pick = pick_point(points, context, glm::vec2(640.0f, 360.0f), 6.0f, "particles");
    found += pick.has_value();
    benchmark::DoNotOptimize(pick);
  }
  state.counters["found"] = found > 0;
  (void)f;
}

BENCHMARK(BM_Frame)->Args({100000, 2})->Args({100000, 3})->Args({1000000, 2})->Args({1000000, 3})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SplatFrame)->Arg(20000)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_UploadOnly)->Args({100000, 2})->Args({1000000, 2})->Args({1000000, 3})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Pick)->Args({100000, 2})->Args({100000, 3})->Args({1000000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
