// App tier: the GUI's simulation worker (app/gui/sim_worker.hpp) with a flow that stops by itself.
// A mesh-deformation scene whose training cap is 5 iterations: playing stops on its own after the
// 5th, the status line says why, and Step continues past the stop (issue 18's "in the window").
// No window: the worker only runs steps on its thread.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/gui/sim_worker.hpp"
#include "app/scene/scene.hpp"

namespace monge {
namespace {

// Waits up to 60 s for `done`, fetching the published state as the window would.
template <class Done>
bool wait_for(SimulationWorker& worker, Done done) {
  FlowState shown;
  std::uint64_t version = 0;
  for (int k = 0; k < 6000; ++k) {
    worker.fetch(shown, version);
    worker.frame_presented();
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST(SimWorker, PlayPausesWhenTrainingStopsAndStepContinues) {
  const nlohmann::json json = {
      {"seed", 1},
      {"source", {{"kind", "mesh"}, {"path", "builtin:icosphere?subdivisions=1"}}},
      {"target", {{"kind", "mesh"}, {"path", "builtin:ellipsoid?subdivisions=1"}}},
      {"dim", 3},
      {"flow", {{"kind", "mesh-deformation"}, {"steps", 2}, {"hidden_width", 8}, {"max_iterations", 5}}}};
  SimulationWorker worker(std::make_unique<Simulation>(parse_scene(json, ".", "test")));
  EXPECT_EQ(worker.flow_status(), "");
  worker.set_playing(true);
  ASSERT_TRUE(wait_for(worker, [&] { return !worker.playing(); })) << "play never paused";
  EXPECT_EQ(worker.history().size(), 5u);  // it paused on the step that reached the cap, not later
  const std::string status = worker.flow_status();
  EXPECT_NE(status.find("stopped"), std::string::npos) << status;
  EXPECT_NE(status.find("5"), std::string::npos) << status;
  // Nothing runs while paused.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(worker.history().size(), 5u);
  // Step continues the training past its stop; the status clears.
  worker.step_once();
  ASSERT_TRUE(wait_for(worker, [&] { return worker.history().size() == 6u; }));
  EXPECT_EQ(worker.flow_status(), "");
  EXPECT_EQ(worker.take_error(), "");
}

}  // namespace
}  // namespace monge
