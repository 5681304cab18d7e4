// Issue 17's sizes: work that needs more memory than the machine has is refused up front with
// the estimate, and long single steps (a JKO step on a large grid, many SW projections, an
// online Sinkhorn solve) report their progress and stop when cancelled (base/progress.hpp).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "base/errors.hpp"
#include "base/memory.hpp"
#include "base/progress.hpp"
#include "solvers/energy/jko_grid.hpp"
#include "solvers/entropic/sinkhorn.hpp"
#include "solvers/sliced/sliced_wasserstein.hpp"
#include "tests/common/input_errors.hpp"

using namespace monge;
using monge::test::error_of;

#define EXPECT_CONTAINS(text, part) EXPECT_NE(std::string(text).find(part), std::string::npos) << (text)

TEST(MemoryBound, FormatsAndRefusesBeyondTheMachine) {
  EXPECT_EQ(format_bytes(512), "512 bytes");
  EXPECT_EQ(format_bytes(4e10), "40.0 GB");
  EXPECT_EQ(format_bytes(1.5e6), "1.5 MB");
  const double machine = static_cast<double>(machine_memory_bytes());
  ASSERT_GT(machine, 1e8);
  EXPECT_EQ(error_of([&] { require_memory(1e6, "a little"); }), "");
  EXPECT_EQ(error_of([&] { require_memory(2 * machine, "twice the machine"); }),
            "twice the machine needs " + format_bytes(2 * machine) + " of memory; this machine has " + format_bytes(machine));
}

TEST(MemoryBound, SlicedEstimateCoversTheDirectionsAndRefusesUpFront) {
  SlicedOptions o;
  o.projections = 10'000'000;
  // The request: 10^7 directions of 1000-dimensional points.
  EXPECT_GE(sliced_memory_bytes(100, 100, 1000, o, false, 2), 4e10);
  EXPECT_LT(sliced_memory_bytes(100, 100, 1000, o, false, 2), 4.1e10);
  o.directions = DirectionScheme::MaxSliced;
  EXPECT_GE(sliced_memory_bytes(100, 100, 1000, o, false, 2), 8e10);  // candidate pool and directions
  // A request no machine holds (2e9 x 1000 floats = 8 TB) is refused before anything is allocated.
  Points X = Points::Random(4, 1000), Y = Points::Random(5, 1000);
  o = SlicedOptions{};
  o.projections = 2'000'000'000;
  SlicedWasserstein engine;
  const std::string message = error_of([&] { engine.evaluate(X, {}, Y, {}, o); });
  EXPECT_CONTAINS(message, "projections: 2000000000 directions x d = 1000 needs 8.");
  EXPECT_CONTAINS(message, " TB of memory; this machine has ");
}

namespace {

JkoGridFlow small_grid_flow(int max_iterations) {
  JkoGridOptions o;
  o.max_iterations = max_iterations;
  o.tolerance = 0;  // every iteration runs: the step's length is known
  o.dt = 0.02;
  DensityGrid g = make_grid(48, 48, -1.f, -1.f, 1.f, 1.f, [](double x, double y) { return x * x + y * y < 0.5 ? 1.0 : 0.0; });
  return JkoGridFlow(o, g);
}

}  // namespace

TEST(Progress, JkoStepReportsItsIterationsAndStopsWhenCancelled) {
  JkoGridFlow flow = small_grid_flow(40);
  FlowState state;
  flow.initialize(state);
  std::vector<double> seen;
  Progress progress([&](double f, const char* what) {
    seen.push_back(f);
    EXPECT_STREQ(what, "JKO iterations (of the cap)");
  });
  {
    ProgressScope scope(progress);
    flow.step(state);  // a whole step: 40 reports from 0 to 39/40
  }
  ASSERT_EQ(seen.size(), 40u);
  EXPECT_EQ(seen.front(), 0.0);
  EXPECT_DOUBLE_EQ(seen.back(), 39.0 / 40.0);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));

  // Cancelled from another thread while it runs: the step throws Cancelled at its next report.
  JkoGridFlow slow = small_grid_flow(100000);
  FlowState s;
  slow.initialize(s);
  Progress cancellable;
  std::thread canceller([&] {
    while (cancellable.fraction() == 0.0) std::this_thread::yield();
    cancellable.cancel();
  });
  bool cancelled = false;
  try {
    ProgressScope scope(cancellable);
    slow.step(s);
  } catch (const Cancelled&) {
    cancelled = true;
  }
  canceller.join();
  EXPECT_TRUE(cancelled);
  EXPECT_LT(cancellable.fraction(), 0.01) << "stopped long before its 100000 iterations";
  // No scope: no reports, no cancellation.
  EXPECT_NO_THROW(small_grid_flow(5).step(state));
}

TEST(Progress, SlicedProjectionsAndSinkhornStopWhenCancelled) {
  const Points X = Points::Random(300, 3), Y = Points::Random(200, 3);
  Progress stop_at_once([](double, const char*) {});
  stop_at_once.cancel();
  ProgressScope scope(stop_at_once);
  SlicedWasserstein engine;
  SlicedOptions o;
  o.projections = 5000;
  EXPECT_THROW(engine.evaluate(X, {}, Y, {}, o), Cancelled);
  Points grad;
  EXPECT_THROW(engine.evaluate(X, {}, Y, {}, o, &grad), Cancelled);
  SinkhornOptions so;
  so.eps = 0.01;
  so.memory = MemoryMode::Online;
  EXPECT_THROW(solve_entropic(X, {}, Y, {}, so), Cancelled);
  // The same engine runs again once nothing cancels it.
  Progress fresh;
  ProgressScope again(fresh);
  EXPECT_GT(engine.evaluate(X, {}, Y, {}, o).value, 0.0);
  EXPECT_GT(fresh.fraction(), 0.0);
}
