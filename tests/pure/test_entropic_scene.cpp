// The scene's "sinkhorn-divergence" flow object: fields read through flow_factory, defaults,
// errors naming the JSON path, and one step moving the particles.
#include <gtest/gtest.h>

#include "app/scene/flow_factory.hpp"
#include "base/errors.hpp"
#include "solvers/entropic/divergence_flow.hpp"

namespace monge {
namespace {

Scene two_blobs() {
  Scene scene;
  scene.dim = 2;
  scene.file_label = "test.json";
  scene.source.points = Points::Zero(20, 2);
  for (int i = 0; i < 20; ++i) scene.source.points.row(i) << 0.05f * i, 0.02f * (i % 3);
  Measure target;
  target.points = scene.source.points.array() + 1.0f;
  scene.target = target;
  return scene;
}

std::string error_of(Scene s, const nlohmann::json& f) {
  s.flow = f;
  try {
    make_flow(s);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(EntropicScene, ReadsFieldsAndNamesBadOnes) {
  Scene scene = two_blobs();
  scene.flow = {{"kind", "sinkhorn-divergence"}, {"eps", 0.1}, {"step", 0.25}, {"method", "sns"},
                {"tol", 1e-7}, {"max_iter", 500}};
  auto flow = make_flow(scene);
  auto* f = dynamic_cast<SinkhornDivergenceFlow*>(flow.get());
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->kind(), "sinkhorn-divergence");
  EXPECT_EQ(f->options().solver.eps, 0.1);
  EXPECT_EQ(f->options().step, 0.25);
  EXPECT_EQ(f->dt(), 0.25);
  EXPECT_EQ(f->options().solver.method, EntropicMethod::SinkhornNewtonSparse);
  EXPECT_EQ(f->options().solver.tol, 1e-7);
  EXPECT_EQ(f->options().solver.max_iter, 500);

  scene.flow = {{"kind", "sinkhorn-divergence"}};
  flow = make_flow(scene);
  f = dynamic_cast<SinkhornDivergenceFlow*>(flow.get());
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->options().solver.eps, 0.05);
  EXPECT_EQ(f->options().step, 0.5);
  EXPECT_EQ(f->options().solver.method, EntropicMethod::Sinkhorn);
  FlowState s;
  s.points = scene.source.points;
  const float before = s.points(0, 0);
  flow->step(s);
  EXPECT_GT(s.points(0, 0), before);  // pulled towards the target at +1
  EXPECT_GT(flow->diagnostics()[0].second, 0.0);

  EXPECT_NE(error_of(scene, {{"kind", "sinkhorn-divergence"}, {"eps", -1}}).find("flow.eps"), std::string::npos);
  EXPECT_NE(error_of(scene, {{"kind", "sinkhorn-divergence"}, {"method", "newton"}}).find("flow.method"),
            std::string::npos);
  EXPECT_NE(error_of(scene, {{"kind", "sinkhorn-divergence"}, {"epsilon", 1}}).find("epsilon"), std::string::npos);
  Scene no_target = two_blobs();
  no_target.target.reset();
  EXPECT_NE(error_of(no_target, {{"kind", "sinkhorn-divergence"}}).find("target"), std::string::npos);
}

}  // namespace
}  // namespace monge
