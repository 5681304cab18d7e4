// Issue 17's non-finite numbers: coordinates that make squared distances overflow are refused
// where points enter (with the bound and why), solvers that meet them anyway stop naming the
// quantity instead of returning inf/NaN, the eps-scaling schedule ends on an infinite cost, and
// --json never carries null for a number.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "app/io/coordinate_bound.hpp"
#include "app/io/finite_json.hpp"
#include "app/scene/scene.hpp"
#include "base/errors.hpp"
#include "solvers/entropic/sinkhorn.hpp"
#include "solvers/sliced/sliced_wasserstein.hpp"
#include "tests/common/input_errors.hpp"

using namespace monge;
using monge::test::error_of;

namespace {

#define EXPECT_CONTAINS(text, part) EXPECT_NE(std::string(text).find(part), std::string::npos) << (text)

// Two points at +-v and one at the origin, in 2D (the inputs: v = 3e38 and 1e20).
Points far_points(float v) {
  Points p(3, 2);
  p << v, v, -v, -v, 1, 2;
  return p;
}

Points small_points() {
  Points p(3, 2);
  p << 0, 0, 1, 1, 2, 0;
  return p;
}

std::string solver_error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const SolverError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(CoordinateBound, AcceptsUpToTheBoundAndNamesTheFirstPointBeyond) {
  Points p = small_points();
  EXPECT_EQ(coordinate_problem(p), "");
  p(2, 1) = 1e12f;  // the bound itself (as a float, 999999995904)
  EXPECT_EQ(coordinate_problem(p), "");
  p(1, 0) = -1.1e12f;
  EXPECT_EQ(coordinate_problem(p).rfind("point 1, coordinate 0 is -1.1e+12: coordinates must be finite and at most 1e12", 0), 0u)
      << coordinate_problem(p);
  p(1, 0) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_CONTAINS(coordinate_problem(p), "point 1, coordinate 0 is nan");
  p(1, 0) = 0;
  p(0, 1) = std::numeric_limits<float>::infinity();
  EXPECT_CONTAINS(coordinate_problem(p), "point 0, coordinate 1 is inf");
  EXPECT_CONTAINS(error_of([&] { check_coordinates(far_points(3e38f), "x.csv"); }),
                  "x.csv: point 0, coordinate 0 is 3.00000001e+38: coordinates must be finite and at most 1e12 in "
                  "magnitude (so that squared distances summed in float32 cannot overflow); rescale the data");
}

TEST(CoordinateBound, SceneMeasuresOfEveryKindShareTheBound) {
  // `points` were bounded to 1e30 and `file` measures took 3e38 (issue 17): now both, and the
  // sampled kinds, stop at 1e12.
  const auto dir = std::filesystem::temp_directory_path() / ("monge_test_nonfinite_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "far.csv") << "3e38,3e38\n-3e38,-3e38\n1,2\n";
  std::ofstream(dir / "near.csv") << "1e11,0\n0,1\n";
  const nlohmann::json ok = {{"kind", "points"}, {"points", {{0, 0}, {1, 1}}}};
  auto scene_with = [&](const nlohmann::json& source) {
    return error_of([&] { parse_scene({{"dim", 2}, {"source", source}, {"target", ok}}, dir, "s.json"); });
  };
  EXPECT_CONTAINS(scene_with({{"kind", "file"}, {"path", "far.csv"}}),
                  "s.json: source.path: far.csv: point 0, coordinate 0 is 3.00000001e+38: coordinates must be finite and "
                  "at most 1e12");
  EXPECT_EQ(scene_with({{"kind", "file"}, {"path", "near.csv"}}), "");
  EXPECT_CONTAINS(scene_with({{"kind", "points"}, {"points", {{0, 0}, {1e31, 1}}}}),
                  "s.json: source.points[1][0]: coordinates must be finite and at most 1e12");
  EXPECT_CONTAINS(scene_with({{"kind", "points"}, {"points", {{0, 0}, {1e13, 1}}}}), "source.points[1][0]");
  EXPECT_EQ(scene_with({{"kind", "points"}, {"points", {{0, 0}, {1e11, 1}}}}), "");
  EXPECT_CONTAINS(scene_with({{"kind", "gaussian"}, {"count", 10}, {"mean", {1e13, 0}}}),
                  "s.json: source: point 0, coordinate 0 is");
  std::filesystem::remove_all(dir);
}

TEST(SolverOutputs, SlicedStopsNamingTheQuantityInsteadOfInfinity) {
  // Past the loaders (a library caller): `monge sw` printed "SW_2 = inf +- -nan" and "value": null.
  SlicedWasserstein engine;
  SlicedOptions o;
  o.projections = 16;
  const std::string message = solver_error_of([&] { engine.evaluate(far_points(3e38f), {}, small_points(), {}, o); });
  EXPECT_CONTAINS(message, "sliced Wasserstein: SW_2^2 is not finite");
  // At the bound the value is finite.
  const SlicedResult r = engine.evaluate(far_points(1e12f), {}, small_points(), {}, o);
  EXPECT_TRUE(std::isfinite(r.value) && std::isfinite(r.std_error)) << r.value << " " << r.std_error;
}

TEST(SolverOutputs, SinkhornStopsOnAnInfiniteCostInsteadOfLoopingForever) {
  // +-3e38: the eps schedule looped forever (90 s, 16.8 GB, std::bad_alloc). Now it stops at once.
  SinkhornOptions o;
  o.eps = 0.1;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(solver_error_of([&] { solve_entropic(far_points(3e38f), {}, small_points(), {}, o); }),
            "entropic OT: the largest cost |x - y|^2 is not finite (coordinates too large); rescale the data");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
  // +-1e20 (past the loaders' bound, "cost": null in issue 17): a finite result or a SolverError
  // naming the quantity, never inf or NaN.
  try {
    const SinkhornResult r = solve_entropic(far_points(1e20f), {}, small_points(), {}, o);
    EXPECT_TRUE(std::isfinite(r.cost) && std::isfinite(r.objective) && std::isfinite(r.marginal_error)) << r.cost;
  } catch (const SolverError& e) {
    EXPECT_CONTAINS(e.what(), "not finite");
  }
  // A dense cost matrix may hold infinite entries on purpose (forbidden pairs): solved, not refused
  // (tests/pure/test_entropic_scale.cpp, EpsSchedulesStayBoundedForHugeCosts).
  // Within the bound: a finite cost.
  const SinkhornResult r = solve_entropic(far_points(1e6f), {}, small_points(), {}, o);
  EXPECT_TRUE(std::isfinite(r.cost) && std::isfinite(r.objective));
}

TEST(FiniteJson, NoNullForANumber) {
  nlohmann::json j = {{"value", 1.5}, {"n", 3}, {"name", "x"}, {"diagnostics", {{"sw", 0.25}, {"energy", 2.0}}}};
  EXPECT_EQ(dump_finite_json(j), j.dump());
  j["diagnostics"]["energy"] = std::nan("");
  EXPECT_EQ(solver_error_of([&] { dump_finite_json(j); }), "--json: diagnostics.energy is nan, not a number JSON can carry");
  j["diagnostics"]["energy"] = 1.0;
  j["curve"] = {1.0, -std::numeric_limits<double>::infinity()};
  EXPECT_EQ(solver_error_of([&] { dump_finite_json(j); }), "--json: curve[1] is -inf, not a number JSON can carry");
}
