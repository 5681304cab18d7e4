// Training the ODE mesh deformation end to end (arXiv 2305.17555): sphere -> ellipsoid and
// sphere -> blob must bring the Chamfer distance down at least 10x with no self-intersection and
// no flipped face; the trained map must be invertible (forward then backward returns the
// vertices); the scrub API (deform(t), trajectory) must agree with the training map; a run must
// replay bit for bit.
// Sizes, for speed: the MLP is 3 x 32 (not the default 3 x 64) with 4 RK4 steps; the main shapes
// are icosphere level 3 (642 vertices), the kernel-field and measure variants level 2 (162).
// Under AddressSanitizer every level drops by one (the same iteration counts and thresholds), which
// keeps every claim meaningful.
#include <gtest/gtest.h>

#include <cstdio>

#include "base/errors.hpp"
#include "solvers/deform/deform_trainer.hpp"
#include "solvers/mesh/builtin_meshes.hpp"
#include "solvers/mesh/mesh_metrics.hpp"

using namespace monge;
using namespace monge::deform;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr int kLevel = 2, kSmallLevel = 1, kSamples = 500;
#else
constexpr int kLevel = 3, kSmallLevel = 2, kSamples = 1000;
#endif

DeformOptions fast_options() {
  DeformOptions o;
  o.hidden_width = 32;
  o.steps = 4;
  o.learning_rate = o.field == FieldKind::Mlp ? 5e-3 : 0;
  return o;
}

struct Outcome {
  double chamfer_before = 0, chamfer_after = 0, loss_first = 0, loss_last = 0;
  mesh::SelfIntersections intersections;
  mesh::FlippedFaces flipped;
};

Outcome train(DeformTrainer& trainer, int iterations) {
  Outcome o;
  o.chamfer_before = mesh::chamfer(trainer.source(), trainer.target(), 4000, 1);
  double seconds = 0;
  for (int k = 0; k < iterations; ++k) {
    const DeformIteration it = trainer.step();
    if (k == 0) o.loss_first = it.loss;
    o.loss_last = it.loss;
    seconds += it.seconds;
  }
  const mesh::TriangleMesh out = trainer.deformed_mesh(1.0f);
  o.chamfer_after = mesh::chamfer(out, trainer.target(), 4000, 1);
  o.intersections = mesh::self_intersections(out);
  o.flipped = mesh::flipped_faces(trainer.source(), out);
  std::printf("  %s/%s: chamfer %.4g -> %.4g (%.1fx), loss %.4g -> %.4g, %d intersecting, %d flipped, %.3f s/it\n",
              field_kind_name(trainer.options().field), mesh::mesh_measure_kind_name(trainer.measure()),
              o.chamfer_before, o.chamfer_after, o.chamfer_before / o.chamfer_after, o.loss_first, o.loss_last,
              o.intersections.faces, o.flipped.faces, seconds / iterations);
  return o;
}

void expect_good_deformation(const Outcome& o, double factor) {
  EXPECT_GE(o.chamfer_before / o.chamfer_after, factor);
  EXPECT_EQ(o.intersections.faces, 0);
  EXPECT_EQ(o.flipped.faces, 0);
}

mesh::TriangleMesh sphere(int level = kLevel) { return mesh::icosphere(level); }
mesh::TriangleMesh ellipsoid(int level = kLevel) { return mesh::ellipsoid(1.5f, 1.0f, 0.6f, level); }
mesh::TriangleMesh blob() {
  mesh::BlobParams p;
  p.subdivisions = kLevel;
  return mesh::blob(p);
}

double max_abs_diff(const Points& a, const Points& b) { return (a - b).cwiseAbs().maxCoeff(); }

}  // namespace

TEST(DeformTraining, SphereToEllipsoidMlp) {
  DeformTrainer trainer(sphere(), ellipsoid(), fast_options());
  expect_good_deformation(train(trainer, 100), 10.0);
  // Invertibility of the trained map: the flow run backwards from t = 1 to 0 returns the vertices.
  Points X = trainer.deform(1.0f);
  trainer.integrator().integrate(trainer.field(), trainer.parameters(), X, 1.0f, 0.0f, 16);
  EXPECT_LT(max_abs_diff(X, trainer.source().vertices), 1e-4);  // the sphere has radius 1
}

TEST(DeformTraining, SphereToBlobMlp) {
  DeformTrainer trainer(sphere(), blob(), fast_options());
  expect_good_deformation(train(trainer, 150), 10.0);
}

TEST(DeformTraining, SphereToEllipsoidKernel) {
  DeformOptions options = fast_options();
  options.field = FieldKind::Kernel;
  options.learning_rate = 0;  // the kernel field's default
  DeformTrainer trainer(sphere(kSmallLevel), ellipsoid(kSmallLevel), options);
  expect_good_deformation(train(trainer, 100), 10.0);
}

TEST(DeformTraining, SurfaceAndVarifoldMeasuresTrain) {
  for (auto kind : {mesh::MeshMeasureKind::Surface, mesh::MeshMeasureKind::Varifold}) {
    DeformOptions options = fast_options();
    options.measure = kind;
    options.samples = kSamples;
    DeformTrainer trainer(sphere(kSmallLevel), ellipsoid(kSmallLevel), options);
    expect_good_deformation(train(trainer, 150), 10.0);
  }
}

// deform(t) at the step times equals the trajectory's snapshots and, at t = 1, the map that was
// trained; t = 0 is the source.
TEST(DeformTraining, ScrubAgreesWithTrajectory) {
  DeformOptions options = fast_options();
  options.steps = 5;
  DeformTrainer trainer(sphere(kSmallLevel), ellipsoid(kSmallLevel), options);
  for (int k = 0; k < 5; ++k) trainer.step();
  const std::vector<Points> trajectory = trainer.trajectory();
  ASSERT_EQ(trajectory.size(), 6u);
  for (int k = 0; k <= 5; ++k) EXPECT_EQ(trainer.deform(float(k) / 5.0f), trajectory[k]) << k;
  EXPECT_EQ(trainer.deform(0.0f), trainer.source().vertices);
  EXPECT_EQ(trainer.deformed_mesh(0.5f).faces, trainer.source().faces);
  EXPECT_THROW(trainer.deform(1.5f), InputError);
}

// Two trainers with the same seed replay bit for bit; another seed differs.
TEST(DeformTraining, Deterministic) {
  auto run = [](std::uint64_t seed) {
    DeformOptions options = fast_options();
    options.seed = seed;
    DeformTrainer trainer(sphere(kSmallLevel), ellipsoid(kSmallLevel), options);
    std::vector<double> losses;
    for (int k = 0; k < 5; ++k) losses.push_back(trainer.step().loss);
    return std::make_pair(losses, Parameters(trainer.parameters()));
  };
  const auto a = run(1), b = run(1), c = run(2);
  EXPECT_EQ(a.first, b.first);
  EXPECT_EQ(a.second, b.second);
  EXPECT_NE(a.second, c.second);
}

TEST(DeformTraining, BadOptionsNameTheOption) {
  auto message = [](auto change) {
    DeformOptions options;
    change(options);
    try {
      DeformTrainer trainer(sphere(1), ellipsoid(1), options);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(message([](DeformOptions& o) { o.steps = 0; }).find("steps"), std::string::npos);
  EXPECT_NE(message([](DeformOptions& o) { o.projections = 0; }).find("projections"), std::string::npos);
  EXPECT_NE(message([](DeformOptions& o) { o.learning_rate = -1; }).find("learning rate"), std::string::npos);
  EXPECT_NE(message([](DeformOptions& o) { o.hidden_width = 0; }).find("hidden width"), std::string::npos);
  EXPECT_THROW(parse_field_kind("spline", "--field"), InputError);
}
