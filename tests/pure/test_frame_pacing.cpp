// The window's rest between frames while a flow runs (app/gui/frame_pacing.hpp).
#include <gtest/gtest.h>

#include <limits>

#include "app/gui/frame_pacing.hpp"

using namespace monge;

TEST(FramePacing, QuickFramesAreDrawnBackToBack) {
  EXPECT_EQ(display_wait_seconds(0.016, true, false), 0.0);
  EXPECT_EQ(display_wait_seconds(kSlowFrameSeconds, true, false), 0.0);
}

TEST(FramePacing, SlowFramesTakeTheirShareOfTheTimeWhileAFlowRuns) {
  const double cost = 0.08;
  const double wait = display_wait_seconds(cost, true, false);
  EXPECT_NEAR(cost / (cost + wait), kDisplayShare, 1e-12);
  EXPECT_NEAR(wait, 0.08 * (1 / 0.15 - 1), 1e-12);
}

TEST(FramePacing, HeavyScenesRestEvenAfterQuickFrames) {
  // 100k points drawn in 30 ms: quick, but the flow needs the cores.
  const double wait = display_wait_seconds(0.03, true, false, 100000);
  EXPECT_NEAR(0.03 / (0.03 + wait), kDisplayShare, 1e-12);
  EXPECT_EQ(display_wait_seconds(0.03, true, false, kHeavyPointCount - 1), 0.0) << "the default scene: fluid";
  // On a GPU a heavy scene's frame costs milliseconds, and so does its rest.
  EXPECT_LT(display_wait_seconds(0.002, true, false, 100000), 0.012);
  EXPECT_EQ(display_wait_seconds(0.03, false, false, 100000), 0.0) << "paused: nothing to leave the cores to";
}

TEST(FramePacing, NoRestWhenIdleOrInteracting) {
  EXPECT_EQ(display_wait_seconds(0.3, false, false), 0.0);  // nothing runs: nothing to leave the cores to
  EXPECT_EQ(display_wait_seconds(0.3, true, true), 0.0);    // the user pans or drags a slider
}

TEST(FramePacing, RestIsCappedSoTheWindowAnswersEverySecond) {
  EXPECT_EQ(display_wait_seconds(2.0, true, false), kLongestRestSeconds);
  EXPECT_EQ(display_wait_seconds(std::numeric_limits<double>::quiet_NaN(), true, false), 0.0);
}
