// Entropic OT against POT 0.8.2 (tests/data/generate_entropic.py -> tests/data/entropic/):
// ⟨P, C⟩ vs ot.sinkhorn2 and ot.sinkhorn_log to 1e-6 relative with unequal sizes and
// non-uniform weights, the objective, dense vs online modes, SNS vs Sinkhorn, and ε → 0 vs emd2.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "base/errors.hpp"
#include "solvers/entropic/sinkhorn.hpp"

namespace monge {
namespace {

struct Fixture {
  Points X, Y;
  Weights a, b;
  nlohmann::json json;
};

std::vector<Fixture> load() {
  std::ifstream in(std::string(MONGE_TEST_DATA) + "/entropic/pot_reference.json");
  EXPECT_TRUE(in.good());
  const nlohmann::json j = nlohmann::json::parse(in);
  std::vector<Fixture> out;
  for (const auto& c : j["cases"]) {
    Fixture f;
    auto pts = [](const nlohmann::json& rows) {
      Points P(rows.size(), rows[0].size());
      for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t k = 0; k < rows[i].size(); ++k) P(i, k) = rows[i][k].get<float>();
      return P;
    };
    auto w = [](const nlohmann::json& v) {
      Weights W(v.size());
      for (std::size_t i = 0; i < v.size(); ++i) W[i] = v[i].get<float>();
      return W;
    };
    f.X = pts(c["X"]);
    f.Y = pts(c["Y"]);
    f.a = w(c["a"]);
    f.b = w(c["b"]);
    f.json = c;
    out.push_back(f);
  }
  return out;
}

TEST(EntropicPot, CostMatchesSinkhorn2AndSinkhornLog) {
  for (const Fixture& f : load())
    for (const auto& run : f.json["runs"]) {
      SinkhornOptions o;
      o.eps = run["eps"].get<double>();
      o.tol = 1e-12;
      o.max_iter = 100000;
      for (MemoryMode mode : {MemoryMode::Dense, MemoryMode::Online}) {
        o.memory = mode;
        const SinkhornResult r = solve_entropic(f.X, f.a, f.Y, f.b, o);
        SCOPED_TRACE(f.json["name"].get<std::string>() + " eps " + std::to_string(o.eps));
        EXPECT_TRUE(r.converged) << r.marginal_error;
        EXPECT_EQ(r.dense, mode == MemoryMode::Dense);
        const double plain = run["sinkhorn2"], log = run["sinkhorn_log"], obj = run["objective"];
        EXPECT_NEAR(r.cost, plain, 1e-6 * plain);
        EXPECT_NEAR(r.cost, log, 1e-6 * log);
        EXPECT_NEAR(r.objective, obj, 1e-6 * obj);
      }
    }
}

TEST(EntropicPot, SnsAgreesWithSinkhorn) {
  for (const Fixture& f : load())
    for (const auto& run : f.json["runs"]) {
      SinkhornOptions o;
      o.eps = run["eps"].get<double>();
      o.tol = 1e-11;
      o.method = EntropicMethod::SinkhornNewtonSparse;
      // These small plans are not sparse at these ε: keep the whole Hessian (density 1) so that
      // this checks the Newton machinery; test_entropic_sns.cpp covers the sparsified one.
      o.sns_density = 1.0;
      const SinkhornResult r = solve_entropic(f.X, f.a, f.Y, f.b, o);
      EXPECT_TRUE(r.converged) << r.marginal_error;
      EXPECT_NEAR(r.cost, run["sinkhorn_log"].get<double>(), 1e-6 * run["sinkhorn_log"].get<double>());
    }
}

TEST(EntropicPot, CostApproachesEmd2AsEpsShrinks) {
  const Fixture f = load()[0];
  const double emd = f.json["emd2"];
  double previous = 1e300;
  for (double eps : {0.1, 0.02, 0.004}) {
    SinkhornOptions o;
    o.eps = eps;
    o.tol = 1e-9;
    o.max_iter = 200000;
    const SinkhornResult r = solve_entropic(f.X, f.a, f.Y, f.b, o);
    ASSERT_TRUE(r.converged) << eps;
    const double gap = r.cost - emd;
    EXPECT_GE(gap, -1e-7);        // ⟨P,C⟩ of any coupling is ≥ the exact OT cost
    EXPECT_LT(gap, previous);     // and the gap shrinks with ε
    previous = gap;
  }
  EXPECT_LT(previous, 2e-3 * emd);
}

TEST(EntropicPot, BadInputNamesTheParameter) {
  const Fixture f = load()[0];
  SinkhornOptions o;
  o.eps = -1;
  try {
    solve_entropic(f.X, f.a, f.Y, f.b, o);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("eps"), std::string::npos);
  }
  o.eps = 0.1;
  Weights short_w = f.a.head(3);
  EXPECT_THROW(solve_entropic(f.X, short_w, f.Y, f.b, o), InputError);
  o.method = EntropicMethod::SinkhornNewtonSparse;
  o.memory = MemoryMode::Online;
  EXPECT_THROW(solve_entropic(f.X, f.a, f.Y, f.b, o), InputError);
  EXPECT_THROW(parse_entropic_method("newton", "--method"), InputError);
}

}  // namespace
}  // namespace monge
