// Text in frames (app/canvas/text_font, caption_layer, overlay): captions in DejaVu Sans with
// Greek letters, operators, super- and subscripts and arrows; their size following the frame's;
// characters the font lacks drawn as the replacement character, never dropped.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/canvas/overlay.hpp"
#include "app/canvas/scene_canvas.hpp"
#include "render/gl/egl_context.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/framebuffer.hpp"
#include "tests/common/golden.hpp"

using namespace monge;

namespace {

// A frame of an empty scene showing only `caption`, drawn headless as `monge record` draws it.
Image caption_frame(const std::string& caption, int width, int height) {
  nlohmann::json json = nlohmann::json::parse(R"({"dim": 2, "source": {"kind": "points", "points": [[0, 0]]},
    "view": {"show_source": false}})");
  json["captions"] = {{{"at", 0}, {"text", caption}}};
  const Scene scene = parse_scene(json, ".", "caption.json");
  Simulation sim(scene);
  SceneCanvas canvas;
  canvas.set_scene(scene, parse_view(JsonNode(scene.view, "caption.json", "view"), 2), sim.state());
  Framebuffer target(width, height);
  target.bind();
  const Viewport vp{width, height};
  Camera camera;
  canvas.draw(camera, vp);
  HeadlessOverlay overlay(false);
  overlay.draw(sim, vp, FrameExtras{{}, {&canvas}});
  frame::finish("caption test");
  Image image;
  read_pixels(width, height, image);
  return image;
}

// Rows and columns holding text (bright pixels), as [first, last] of each.
struct Extent {
  int top = 1 << 30, bottom = -1, left = 1 << 30, right = -1;
  int height() const { return bottom - top + 1; }
  int width() const { return right - left + 1; }
};
Extent text_extent(const Image& im) {
  Extent e;
  for (int y = 0; y < im.height; ++y)
    for (int x = 0; x < im.width; ++x)
      if (im.pixel(x, y)[0] > 160) {
        e.top = std::min(e.top, y), e.bottom = std::max(e.bottom, y);
        e.left = std::min(e.left, x), e.right = std::max(e.right, x);
      }
  return e;
}

class TextTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { context_ = new EglContext(); }
  static void TearDownTestSuite() { delete context_; }
  static EglContext* context_;
};
EglContext* TextTest::context_ = nullptr;

}  // namespace

TEST_F(TextTest, MathCaptionDrawsItsGlyphs) {
  const Image im = caption_frame("ε ρ ∇ √ ² ⁻¹ →  ∂ρ/∂t = Δρ²", 400, 120);
  monge::test::expect_matches_golden(im, "caption_math.png");
}

TEST_F(TextTest, CaptionHeightFollowsTheFrameHeight) {
  // 720 lines: 18 px text; 1440 lines: 36 px (frames below 520 lines keep a 13 px floor).
  const Extent small = text_extent(caption_frame("ε ρ ∇ √ ² ⁻¹ →", 640, 720));
  const Extent large = text_extent(caption_frame("ε ρ ∇ √ ² ⁻¹ →", 1280, 1440));
  ASSERT_GT(small.height(), 5);
  // Twice the size, to within the few pixels that hinting and anti-aliasing move at glyph edges.
  EXPECT_NEAR(large.height(), 2 * small.height(), 4) << small.height() << " rows at 720 lines";
  EXPECT_NEAR(large.width(), 2 * small.width(), 6) << small.width() << " columns at 720 lines";
}

TEST_F(TextTest, MissingGlyphsShowAsTheReplacementCharacter) {
  // U+4E2D (a CJK ideograph) is not in the font: it must look like U+FFFD, not vanish.
  const Image missing = caption_frame("a\xe4\xb8\xad" "b", 200, 80);
  const Image replacement = caption_frame("a\xef\xbf\xbd" "b", 200, 80);
  const Image dropped = caption_frame("ab", 200, 80);
  EXPECT_EQ(monge::test::max_channel_difference(missing, replacement), 0);
  EXPECT_GT(text_extent(missing).width(), text_extent(dropped).width() + 5);
}
