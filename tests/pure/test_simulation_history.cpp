// Simulation's bounded diagnostics history (set_history_limit): the GUI keeps about 4096 records
// over a run of any length. Thinning keeps the first record and a grid of steps whose spacing
// doubles, keeps steps in order without wide holes, and never alters a record: each kept one equals the record of
// the same step in an unbounded run of the same scene.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/scene/scene.hpp"
#include "app/scene/simulation.hpp"

namespace monge {
namespace {

Scene small_scene() {
  const nlohmann::json json = {{"dim", 2},
                               {"seed", 3},
                               {"source", {{"kind", "gaussian"}, {"count", 64}}},
                               {"target", {{"kind", "gaussian"}, {"count", 64}, {"mean", {2, 0}}}},
                               {"flow", {{"kind", "sliced-wasserstein"}, {"projections", 8}}}};
  return parse_scene(json, ".", "test");
}

TEST(SimulationHistory, ThinnedHistoryKeepsFirstAndNewestAndExactRecords) {
  Simulation full(small_scene()), bounded(small_scene());
  bounded.set_history_limit(8);
  for (int k = 0; k < 100; ++k) {
    full.step();
    bounded.step();
    ASSERT_LT(bounded.history().size(), 16u) << "after step " << k + 1;
  }
  const auto& h = bounded.history();
  ASSERT_EQ(full.history().size(), 100u);
  EXPECT_GE(h.size(), 8u);
  EXPECT_EQ(h.front().step, 1u);
  EXPECT_GT(h.back().step, 100u - 25u);  // the grid's newest step; the latest diagnostics are current:
  EXPECT_EQ(bounded.latest_diagnostics(), full.history().back().values);
  for (std::size_t i = 0; i < h.size(); ++i) {
    const DiagnosticsRecord& same = full.history()[h[i].step - 1];
    EXPECT_EQ(same.step, h[i].step);
    EXPECT_EQ(same.time, h[i].time);
    EXPECT_EQ(same.values, h[i].values) << "step " << h[i].step;
    if (i > 0) EXPECT_GT(h[i].step, h[i - 1].step);
  }
  // No hole wider than twice the spacing that 8 to 16 records over 100 steps need.
  for (std::size_t i = 1; i < h.size(); ++i) EXPECT_LE(h[i].step - h[i - 1].step, 25u) << "at " << i;
  // A restore to an earlier state drops the later records, as without a limit.
  FlowState earlier = bounded.state();
  earlier.step = 50;
  bounded.restore(earlier);
  EXPECT_LE(bounded.history().back().step, 50u);
  // Without a limit nothing is dropped.
  Simulation unlimited(small_scene());
  for (int k = 0; k < 40; ++k) unlimited.step();
  EXPECT_EQ(unlimited.history().size(), 40u);
}

}  // namespace
}  // namespace monge
