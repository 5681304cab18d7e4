// `monge render` draws the frame `monge record` draws (app/canvas/pane_set): every split-view
// column with its label, the captions and colour bars, pixel for pixel.
#include <gtest/gtest.h>

#include "render/image.hpp"
#include "run_command.hpp"
#include "tests/common/golden.hpp"

using namespace monge::testing;

TEST(RenderCli, RenderEqualsTheRecordingsFrameForSplitScenesAndCaptions) {
  for (const char* name : {"sw-estimators-split", "energy-fokker-planck"}) {
    const auto dir = scratch_dir(std::string("render-record-") + name);
    const std::string scene = std::string(MONGE_SOURCE_DIR) + "/assets/scenes/" + name + ".json";
    const auto still = dir / "still.png";
    const auto frames = dir / "frames";
    auto r = run_monge("render " + scene + " -o " + still.string() + " --size 480x240 --steps 3");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_monge("record " + scene + " -o " + frames.string() + " --size 480x240 --steps 3 --stride 3");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const monge::Image rendered = monge::read_image(still);
    const monge::Image recorded = monge::read_image(frames / "frame_00001.png");
    EXPECT_EQ(monge::test::max_channel_difference(rendered, recorded), 0) << name;
  }
}
