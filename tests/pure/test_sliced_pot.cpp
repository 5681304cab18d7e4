// The sliced-Wasserstein engine against POT 0.8.2 on committed fixtures
// (tests/data/sliced/pot_cases.json, made by tests/data/generate_sliced.py): exact 1D W_1 and W_2
// (ot.wasserstein_1d) with unequal sizes and weights, and SW_1, SW_2 in 2, 3 and 5 dimensions
// (ot.sliced_wasserstein_distance) along the very directions POT was given.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "solvers/sliced/sliced_wasserstein.hpp"

using namespace monge;

namespace {

nlohmann::json load_cases() {
  std::ifstream in(std::string(MONGE_TEST_DATA) + "/sliced/pot_cases.json");
  EXPECT_TRUE(in.good()) << "missing fixture; run tests/data/generate_sliced.py";
  return nlohmann::json::parse(in)["cases"];
}

Points to_points(const nlohmann::json& rows, int d) {
  Points P(static_cast<int>(rows.size()), d);
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (int j = 0; j < d; ++j) P(i, j) = d == 1 && rows[i].is_number() ? rows[i].get<float>() : rows[i][j].get<float>();
  return P;
}

Weights to_weights(const nlohmann::json& w) {
  if (w.is_null()) return {};
  Weights out(static_cast<int>(w.size()));
  for (std::size_t i = 0; i < w.size(); ++i) out[i] = w[i].get<float>();
  return out;
}

}  // namespace

TEST(SlicedVsPot, FixedDirectionsAgreeTo1e5) {
  const nlohmann::json cases = load_cases();
  ASSERT_GE(cases.size(), 9u);
  SlicedWasserstein engine;
  int checked = 0;
  for (const auto& c : cases) {
    const int d = c["d"];
    const Points X = to_points(c["X"], d), Y = to_points(c["Y"], d), theta = to_points(c["theta"], d);
    const Weights a = to_weights(c["a"]), b = to_weights(c["b"]);
    for (int p : {1, 2}) {
      const double expected = c["value_pow"][std::to_string(p)];
      const SlicedResult r = engine.evaluate_directions(X, a, Y, b, theta, p, Estimator::Plain);
      EXPECT_NEAR(r.value_pow, expected, 1e-5 * expected) << c["name"] << " p = " << p;
      EXPECT_NEAR(r.value, std::pow(expected, 1.0 / p), 1e-5 * std::pow(expected, 1.0 / p)) << c["name"];
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2 * static_cast<int>(cases.size()));
}

TEST(SlicedVsPot, OneDimensionIsExactWhateverTheOptions) {
  // In 1D every scheme reduces to the single direction +1: the exact W_p, standard error 0.
  SlicedWasserstein engine;
  for (const auto& c : load_cases()) {
    if (c["d"] != 1) continue;
    const Points X = to_points(c["X"], 1), Y = to_points(c["Y"], 1);
    const Weights a = to_weights(c["a"]), b = to_weights(c["b"]);
    for (int p : {1, 2})
      for (auto scheme : {DirectionScheme::MonteCarlo, DirectionScheme::Orthogonal, DirectionScheme::QuasiMonteCarlo,
                          DirectionScheme::MaxSliced}) {
        SlicedOptions o;
        o.p = p;
        o.directions = scheme;
        o.projections = 7;
        const SlicedResult r = engine.evaluate(X, a, Y, b, o);
        const double expected = c["value_pow"][std::to_string(p)];
        EXPECT_NEAR(r.value_pow, expected, 1e-5 * expected) << c["name"];
        EXPECT_EQ(r.projections, 1);
        EXPECT_EQ(r.std_error, 0.0);
      }
  }
}

TEST(SlicedVsPot, SwappingSourceAndTargetGivesTheSameValue) {
  SlicedWasserstein engine;
  for (const auto& c : load_cases()) {
    const int d = c["d"];
    const Points X = to_points(c["X"], d), Y = to_points(c["Y"], d), theta = to_points(c["theta"], d);
    const Weights a = to_weights(c["a"]), b = to_weights(c["b"]);
    const double xy = engine.evaluate_directions(X, a, Y, b, theta, 2, Estimator::Plain).value_pow;
    const double yx = engine.evaluate_directions(Y, b, X, a, theta, 2, Estimator::Plain).value_pow;
    EXPECT_NEAR(xy, yx, 1e-6 * xy) << c["name"];
  }
}

TEST(SlicedVsPot, SinglePointAgainstAWeightedCloudByHand) {
  // x = 0.5 against y = {0, 1, 3} with weights {0.2, 0.3, 0.5}:
  //   W_1 = 0.2*0.5 + 0.3*0.5 + 0.5*2.5 = 1.5, W_2^2 = 0.2*0.25 + 0.3*0.25 + 0.5*6.25 = 3.25,
  //   dW_2^2/dx = 2 (x - E y) = 2 (0.5 - 1.8) = -2.6.
  Points x(1, 1), y(3, 1);
  x << 0.5f;
  y << 0.0f, 1.0f, 3.0f;
  Weights b(3);
  b << 0.2f, 0.3f, 0.5f;
  SlicedWasserstein engine;
  const Points one = Points::Ones(1, 1);
  Points grad;
  EXPECT_NEAR(engine.evaluate_directions(x, {}, y, b, one, 1, Estimator::Plain).value_pow, 1.5, 1e-6);
  EXPECT_NEAR(engine.evaluate_directions(x, {}, y, b, one, 2, Estimator::Plain, &grad).value_pow, 3.25, 1e-6);
  EXPECT_NEAR(grad(0, 0), -2.6, 1e-5);
  // The other way round: each y moves towards the single point, gradient 2 b_j (y_j - x).
  EXPECT_NEAR(engine.evaluate_directions(y, b, x, {}, one, 2, Estimator::Plain, &grad).value_pow, 3.25, 1e-6);
  EXPECT_NEAR(grad(0, 0), 2 * 0.2 * (0 - 0.5), 1e-6);
  EXPECT_NEAR(grad(2, 0), 2 * 0.5 * (3 - 0.5), 1e-6);
}
