// App tier: the real GLFW window (under xvfb-run in scripts/test) for a few frames, then a
// screenshot taken by the app itself, checked for the control panel and the two measures.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "render/image.hpp"
#include "run_command.hpp"

using namespace monge::testing;

namespace {
// Fraction of pixels in a rectangle that are close to `rgb`.
double fraction_near(const monge::Image& im, int x0, int y0, int x1, int y1, int r, int g, int b, int tol) {
  int hits = 0, total = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x, ++total) {
      const auto* p = &im.rgba[4 * (static_cast<std::size_t>(y) * im.width + x)];
      hits += std::abs(p[0] - r) <= tol && std::abs(p[1] - g) <= tol && std::abs(p[2] - b) <= tol;
    }
  return total ? static_cast<double>(hits) / total : 0.0;
}
}  // namespace

TEST(Gui, WindowOpensDrawsPanelAndMeasuresThenScreenshots) {
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no DISPLAY: run under xvfb-run (scripts/test does)";
  const auto dir = scratch_dir("gui");
  const auto png = dir / "window.png";
  const auto r = run_monge(std::string(MONGE_SOURCE_DIR) + "/assets/scenes/default.json --size 1024x640 --frames 15 --screenshot " + png.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const monge::Image im = monge::read_image(png);
  ASSERT_GT(im.width, 0);
  EXPECT_EQ(im.width * 640, im.height * 1024);  // the window's aspect (HiDPI may scale both)
  const int w = im.width, h = im.height;
  // The control panel sits at the top left: ImGui's dark window background (about 0.06 grey at
  // 85% opacity over the scene) and its title bar; the viewport's right half shows the measures.
  const double panel_dark = fraction_near(im, w / 100, h / 10, w / 6, h / 3, 16, 16, 18, 14);
  EXPECT_GT(panel_dark, 0.3) << "no control panel at the top left";
  // Measures: colormapped source points (varied colours) and the salmon-coloured target.
  std::set<std::uint32_t> colours;
  for (int y = h / 8; y < h - h / 8; ++y)
    for (int x = w / 3; x < w; ++x) {
      const auto* p = &im.rgba[4 * (static_cast<std::size_t>(y) * w + x)];
      colours.insert(p[0] >> 3 | (p[1] >> 3) << 5 | (p[2] >> 3) << 10);
    }
  EXPECT_GT(colours.size(), 40u) << "the viewport looks empty";
}

TEST(Gui, BadSceneShowsErrorButStaysAlive) {
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no DISPLAY: run under xvfb-run (scripts/test does)";
  const auto dir = scratch_dir("gui-bad");
  write_text(dir / "bad.json", R"({"name": "bad", "dim": 2, "source": {"kind": "nonsense"}})");
  const auto png = dir / "window.png";
  const auto r = run_monge((dir / "bad.json").string() + " --size 640x400 --frames 5 --screenshot " + png.string());
  // The window opened and drew frames (the screenshot exists) although the scene was refused;
  // the exit code reports the bad scene.
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(std::filesystem::exists(png));
}

TEST(Gui, SplitViewSceneOpensAndDrawsItsColumns) {
  // A scene with "compare" variants opens as a split view; its column labels are drawn inside the
  // ImGui frame (drawing them after ImGui::Render aborted the app).
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no DISPLAY: run under xvfb-run (scripts/test does)";
  const auto dir = scratch_dir("gui-split");
  const auto png = dir / "split.png";
  const auto r = run_monge(std::string(MONGE_SOURCE_DIR) + "/assets/scenes/sw-estimators-split.json --size 960x540 --frames 6 --screenshot " +
                           png.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const monge::Image im = monge::read_image(png);
  ASSERT_GT(im.width, 0);
  // The faint separators between the columns (four variants: at a quarter, half, three quarters
  // across), above the scene's points.
  const int y = im.height / 8;
  for (int k = 2; k <= 3; ++k) {
    const int x = k * im.width / 4;
    int brighter = 0;
    for (int dx = -1; dx <= 1; ++dx) brighter += im.pixel(x + dx, y)[0] > im.pixel(x + 12, y)[0] + 10;
    EXPECT_GE(brighter, 1) << "no separator at x = " << x;
  }
}
