// What recording costs per frame at 1280x720 beyond drawing it (issue #7): the same frame of the
// default scene (20k moving particles) drawn offscreen through EGL, then
//   draw          draw + glFinish                              (the render loop alone)
//   readback_pbo  draw + queue an asynchronous PBO read-back   (what Recording does)
//   readback_sync draw + glReadPixels                          (the stall PBOs avoid)
//   encode_mp4    draw + PBO read-back + H.264 through the ffmpeg pipe
//   encode_png    draw + PBO read-back + a numbered PNG per frame
// Recording's cost per frame = (readback_pbo or encode_*) - draw. Run: build/bench/bench_record_frame
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>

#include "app/scene/scene.hpp"
#include "app/scene/simulation.hpp"
#include "app/canvas/offscreen.hpp"
#include "app/canvas/scene_canvas.hpp"
#include "render/gl/egl_context.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/framebuffer.hpp"
#include "render/gl/readback.hpp"
#include "render/video_writer.hpp"

namespace monge {
namespace {

constexpr int kWidth = 1280, kHeight = 720;

// One EGL context and a scene stepping a little each frame, shared by the benchmarks.
struct Bench {
  EglContext context;
  Framebuffer target{kWidth, kHeight};
  Simulation sim{load_scene(std::filesystem::path(MONGE_BENCH_ASSETS) / "scenes/default.json")};
  SceneCanvas view;
  ViewSettings settings;
  Camera camera;
  Bench() {
    settings = parse_view(JsonNode(sim.scene().view, "default.json", "view"), sim.scene().dim);
    view.set_scene(sim.scene(), settings, sim.state());
    camera = camera_for(settings, view, Viewport{kWidth, kHeight});
    sim.step();  // the flow's workspaces exist: the timed frames only move points
  }
  void draw() {
    // Moving points are uploaded every frame, as when recording; the flow itself is not timed.
    view.set_state(sim.state());
    target.bind();
    view.draw(camera, Viewport{kWidth, kHeight});
  }
};

Bench& bench() {
  static Bench b;
  return b;
}

void BM_Draw(benchmark::State& state) {
  Bench& b = bench();
  for (auto _ : state) {
    b.draw();
    frame::finish("bench draw");
  }
}

void BM_ReadbackPbo(benchmark::State& state) {
  Bench& b = bench();
  AsyncReadback readback(kWidth, kHeight);
  Image ready;
  for (auto _ : state) {
    b.draw();
    readback.request(ready);
  }
  while (readback.collect(ready)) {
  }
}

void BM_ReadbackSync(benchmark::State& state) {
  Bench& b = bench();
  Image image;
  for (auto _ : state) {
    b.draw();
    read_pixels(kWidth, kHeight, image);
  }
}

void encode(benchmark::State& state, const std::filesystem::path& out) {
  Bench& b = bench();
  AsyncReadback readback(kWidth, kHeight);
  Image ready;
  VideoWriter writer(out, kWidth, kHeight, 30.0);
  for (auto _ : state) {
    b.draw();
    if (readback.request(ready)) writer.write(ready);
  }
  while (readback.collect(ready)) writer.write(ready);
  writer.cancel();  // the file is not wanted; cancelling also removes it
}

void BM_EncodeMp4(benchmark::State& state) {
  encode(state, std::filesystem::temp_directory_path() / "monge-bench-record.mp4");
}

void BM_EncodePng(benchmark::State& state) {
  encode(state, std::filesystem::temp_directory_path() / "monge-bench-record-frames");
}

BENCHMARK(BM_Draw)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ReadbackPbo)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ReadbackSync)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_EncodeMp4)->Unit(benchmark::kMillisecond)->MinTime(4.0);
BENCHMARK(BM_EncodePng)->Unit(benchmark::kMillisecond)->MinTime(4.0);

}  // namespace
}  // namespace monge

BENCHMARK_MAIN();
