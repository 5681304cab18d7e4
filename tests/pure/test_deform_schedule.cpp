// When mesh-deformation training stops, and its learning rate (solvers/deform/training_schedule.hpp),
// on synthetic loss sequences whose answer is known by hand; then on a real training run
// (DeformTrainer + train(): stops by itself on a plateau, reports it, and resumes); then the
// mesh-deformation flow of a scene (diagnostic "stopped", status(), stepping again continues).
// About 2 s in all.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "app/scene/scene.hpp"
#include "app/scene/simulation.hpp"
#include "base/errors.hpp"
#include "solvers/deform/deform_trainer.hpp"
#include "solvers/deform/training_schedule.hpp"
#include "solvers/mesh/builtin_meshes.hpp"
#include "solvers/mesh/mesh_metrics.hpp"

using namespace monge;
using namespace monge::deform;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

ScheduleOptions small_options() {
  ScheduleOptions o;
  o.max_iterations = 100000;
  o.warmup = 10;
  o.check_every = 5;
  o.patience = 20;
  o.min_improvement = 0.1;
  o.decay = 0.5;
  o.reductions = 2;
  return o;
}

// Feeds loss(k) at the checks until the schedule stops or `limit` iterations; returns the number
// of iterations done.
template <class Loss>
int drive(PlateauSchedule& s, Loss loss, int limit, int first = 0) {
  for (int k = first; k < limit; ++k)
    if (s.update(k, s.is_check(k) ? loss(k) : kNaN, 0.0) != StopReason::None) return k + 1;
  return limit;
}

}  // namespace

TEST(DeformSchedule, WarmupRisesLinearlyToTheRate) {
  const PlateauSchedule s(small_options(), 0.01);
  EXPECT_DOUBLE_EQ(s.learning_rate(0), 0.001);
  EXPECT_DOUBLE_EQ(s.learning_rate(4), 0.005);
  EXPECT_DOUBLE_EQ(s.learning_rate(9), 0.01);
  EXPECT_DOUBLE_EQ(s.learning_rate(500), 0.01);
}

// A loss falling by 10% per check (faster than min_improvement / patience) never plateaus.
TEST(DeformSchedule, SteadyProgressKeepsTraining) {
  PlateauSchedule s(small_options(), 0.01);
  EXPECT_EQ(drive(s, [](int k) { return std::pow(0.9, k / 5 + 1); }, 2000), 2000);
  EXPECT_EQ(s.stop_reason(), StopReason::None);
  EXPECT_EQ(s.reductions_done(), 0);
}

// A flat loss: a plateau every `patience` iterations after the last progress (iteration 0);
// the first two lower the rate (0.01 -> 0.005 -> 0.0025), the third stops. Checks at 0, 5, 10, ...:
// plateaus are seen at iterations 20, 40 and 60.
TEST(DeformSchedule, PlateausLowerTheRateThenStop) {
  PlateauSchedule s(small_options(), 0.01);
  EXPECT_EQ(drive(s, [](int) { return 1.0; }, 1000), 61);
  EXPECT_EQ(s.stop_reason(), StopReason::Plateau);
  EXPECT_EQ(s.reductions_done(), 2);
  EXPECT_DOUBLE_EQ(s.learning_rate(61), 0.0025);
  const std::string message = s.stop_message();
  EXPECT_NE(message.find("10%"), std::string::npos) << message;
  EXPECT_NE(message.find("20 iterations"), std::string::npos) << message;
  EXPECT_NE(message.find("0.0025"), std::string::npos) << message;
}

// Small gains add up: each check compares with the loss at the last progress, not the previous
// check's.
TEST(DeformSchedule, SmallGainsAddUp) {
  PlateauSchedule s(small_options(), 0.01);
  // 3% per check: after 4 checks (20 iterations) 11.5% below the reference: counts as progress.
  EXPECT_EQ(drive(s, [](int k) { return std::pow(0.97, k / 5); }, 500), 500);
  PlateauSchedule t(small_options(), 0.01);
  // 0.5% per check: 2% in 20 iterations: plateaus, twice reduced, stopped at 61 as if flat.
  EXPECT_EQ(drive(t, [](int k) { return std::pow(0.995, k / 5); }, 500), 61);
}

TEST(DeformSchedule, NoisyLossIsJudgedByItsBest) {
  // A loss that alternates between a falling floor and spikes: the spikes change nothing.
  PlateauSchedule s(small_options(), 0.01);
  EXPECT_EQ(drive(s, [](int k) { return (k / 5) % 2 ? 100.0 : std::pow(0.8, k / 10 + 1); }, 400), 400);
}

TEST(DeformSchedule, IterationCapAndTimeLimit) {
  ScheduleOptions o = small_options();
  o.max_iterations = 37;
  PlateauSchedule s(o, 0.01);
  EXPECT_EQ(drive(s, [](int k) { return 1.0 / (k + 1); }, 1000), 37);
  EXPECT_EQ(s.stop_reason(), StopReason::IterationCap);
  EXPECT_NE(s.stop_message().find("37"), std::string::npos);

  o = small_options();
  o.time_limit = 2.5;
  PlateauSchedule t(o, 0.01);
  StopReason r = StopReason::None;
  int k = 0;
  for (; r == StopReason::None && k < 100; ++k) r = t.update(k, kNaN, 0.1 * k);
  EXPECT_EQ(r, StopReason::TimeLimit);
  EXPECT_EQ(k, 26);  // 0.1 * 25 = 2.5 s reached on iteration 25
  EXPECT_STREQ(stop_reason_code(r), "time-limit");

  o.max_iterations = 0;
  EXPECT_EQ(PlateauSchedule(o, 0.01).stop_reason(), StopReason::IterationCap);  // nothing to do
}

// Resuming after a stop: a fresh patience window and iteration budget at the last rate.
TEST(DeformSchedule, ResumeContinuesPastAStop) {
  ScheduleOptions o = small_options();
  o.max_iterations = 1000;
  PlateauSchedule s(o, 0.01);
  const int stopped = drive(s, [](int) { return 1.0; }, 10000);
  ASSERT_EQ(s.stop_reason(), StopReason::Plateau);
  s.resume(stopped, 0.0);
  EXPECT_EQ(s.stop_reason(), StopReason::None);
  EXPECT_EQ(s.stop_message(), "");
  EXPECT_DOUBLE_EQ(s.learning_rate(stopped), 0.0025);
  // Flat again: the next plateau stops after a full patience window (no more reductions).
  const int again = drive(s, [](int) { return 1.0; }, 10000, stopped);
  EXPECT_EQ(s.stop_reason(), StopReason::Plateau);
  EXPECT_GE(again - stopped, o.patience);
  EXPECT_LE(again - stopped, o.patience + o.check_every);
  // A cap grows by max_iterations on resume.
  ScheduleOptions c = small_options();
  c.max_iterations = 30;
  PlateauSchedule capped(c, 0.01);
  EXPECT_EQ(drive(capped, [](int k) { return 1.0 / (k + 1); }, 1000), 30);
  capped.resume(30, 0.0);
  EXPECT_EQ(drive(capped, [](int k) { return 1.0 / (k + 1); }, 1000, 30), 60);
}

TEST(DeformSchedule, BadOptionsNameTheOption) {
  auto message = [](auto change) {
    ScheduleOptions o;
    change(o);
    try {
      PlateauSchedule s(o, 0.01);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(message([](ScheduleOptions& o) { o.patience = 0; }).find("patience"), std::string::npos);
  EXPECT_NE(message([](ScheduleOptions& o) { o.decay = 1.0; }).find("decay"), std::string::npos);
  EXPECT_NE(message([](ScheduleOptions& o) { o.time_limit = -1; }).find("time limit"), std::string::npos);
  EXPECT_NE(message([](ScheduleOptions& o) { o.min_improvement = std::nan(""); }).find("min improvement"),
            std::string::npos);
  EXPECT_NE(message([](ScheduleOptions& o) { o.check_every = 0; }).find("check every"), std::string::npos);
  EXPECT_THROW(PlateauSchedule(ScheduleOptions{}, 0.0), InputError);
}

// A real run: a small sphere onto an ellipsoid stops by itself on a plateau, well before its cap,
// with the Chamfer distance down 10x; resuming trains on and stops again.
TEST(DeformSchedule, TrainingStopsByItselfAndResumes) {
  DeformOptions o;
  o.hidden_width = 32;
  o.steps = 4;
  o.schedule.patience = 60;
  o.schedule.min_improvement = 0.05;
  const mesh::TriangleMesh source = mesh::icosphere(2), target = mesh::ellipsoid(1.5f, 1.0f, 0.6f, 2);
  DeformTrainer trainer(source, target, o);
  int calls = 0;
  double last_elapsed = 0;
  const TrainingRun run = train(trainer, [&](const DeformIteration& it) {
    ++calls;
    EXPECT_EQ(it.iteration + 1, calls);
    EXPECT_GT(it.learning_rate, 0.0);
    EXPECT_GE(it.elapsed, last_elapsed);
    EXPECT_EQ(std::isfinite(it.monitored), it.iteration % o.schedule.check_every == 0);
    last_elapsed = it.elapsed;
  });
  EXPECT_EQ(run.stop, StopReason::Plateau);
  EXPECT_EQ(run.iterations, calls);
  EXPECT_LT(run.iterations, o.schedule.max_iterations);
  EXPECT_EQ(run.stop_message, trainer.stop_message());
  const double before = mesh::chamfer(source, target, 2000, 1);
  EXPECT_GT(before / mesh::chamfer(trainer.deformed_mesh(1.0f), target, 2000, 1), 10.0);
  // Already stopped: train() does nothing until resumed.
  EXPECT_EQ(train(trainer).iterations, 0);
  trainer.resume();
  const TrainingRun more = train(trainer);
  EXPECT_EQ(more.stop, StopReason::Plateau);
  EXPECT_GE(more.iterations, o.schedule.patience);
  EXPECT_EQ(trainer.iterations_done(), run.iterations + more.iterations);
}

// The scene flow: "stopped" is 0 while training and the stop code on the step where the schedule
// stopped, status() says why; stepping again continues the training.
TEST(DeformSchedule, MeshFlowReportsTheStopAndContinues) {
  const nlohmann::json json = {
      {"dim", 3},
      {"seed", 1},
      {"source", {{"kind", "mesh"}, {"path", "builtin:icosphere?subdivisions=1"}}},
      {"target", {{"kind", "mesh"}, {"path", "builtin:ellipsoid?subdivisions=1"}}},
      {"flow", {{"kind", "mesh-deformation"}, {"steps", 4}, {"hidden_width", 16}, {"max_iterations", 30}}}};
  Simulation sim(parse_scene(json, ".", "test"));
  auto stopped = [&] {
    for (const auto& [name, value] : sim.flow()->diagnostics())
      if (name == "stopped") return value;
    return -1.0;
  };
  for (int k = 0; k < 29; ++k) {
    sim.step();
    ASSERT_EQ(stopped(), 0.0) << k;
    EXPECT_EQ(sim.flow()->status(), "");
  }
  sim.step();  // the 30th iteration reaches the cap
  EXPECT_EQ(stopped(), static_cast<double>(StopReason::IterationCap));
  EXPECT_NE(sim.flow()->status().find("stopped after iteration 30"), std::string::npos) << sim.flow()->status();
  EXPECT_NE(sim.flow()->status().find("cap of 30"), std::string::npos) << sim.flow()->status();
  sim.step();  // continue
  EXPECT_EQ(stopped(), 0.0);
  EXPECT_EQ(sim.flow()->status(), "");
  EXPECT_EQ(sim.state().step, 31u);
  bool has_rate = false, has_monitored = false;
  for (const auto& [name, value] : sim.flow()->diagnostics()) {
    has_rate |= name == "learning_rate" && value > 0;
    has_monitored |= name == "monitored" && std::isfinite(value);
  }
  EXPECT_TRUE(has_rate);
  EXPECT_TRUE(has_monitored);
}
