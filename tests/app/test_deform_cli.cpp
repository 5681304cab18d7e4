// App tier: `monge deform` (issue #6's stable contract): --json prints one object with the
// documented fields, the output mesh loads with the source's faces, human output and bad input
// (exit 2, one line naming the option or file).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "run_command.hpp"
#include "solvers/mesh/builtin_meshes.hpp"
#include "solvers/mesh/mesh_io.hpp"

using namespace monge::testing;

namespace {
int count_lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}
}  // namespace

TEST(DeformCli, JsonContractAndOutputMesh) {
  const auto dir = scratch_dir("deform-json");
  const auto out = dir / "x.obj";
  const auto r = run_monge("deform builtin:icosphere builtin:ellipsoid -o " + out.string() + " --iterations 50 --json",
                           "OMP_NUM_THREADS=2 OMP_WAIT_POLICY=passive");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count_lines(r.out), 1);
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"chamfer_before", "chamfer_after", "hausdorff_after", "self_intersections", "flipped_faces",
                          "iterations", "seconds", "loss_before", "loss_after"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["iterations"], 50);
  // --iterations is a cap: here it is what stopped training (training_schedule.hpp).
  EXPECT_EQ(j["stop_reason"], "iterations");
  EXPECT_NE(j["stop_message"].get<std::string>().find("50 iterations"), std::string::npos) << j["stop_message"];
  EXPECT_EQ(j["max_iterations"], 50);
  EXPECT_EQ(j["directions"], "qmc");
  EXPECT_LT(j["chamfer_after"].get<double>(), 0.5 * j["chamfer_before"].get<double>());
  EXPECT_LT(j["loss_after"].get<double>(), j["loss_before"].get<double>());
  EXPECT_GE(j["self_intersections"].get<double>(), 0.0);
  EXPECT_EQ(j["flipped_faces"], 0);
  EXPECT_GT(j["seconds"].get<double>(), 0.0);

  const monge::mesh::TriangleMesh source = monge::mesh::icosphere();
  const monge::mesh::TriangleMesh result = monge::mesh::load_mesh(out.string());
  EXPECT_EQ(result.face_count(), source.face_count());
  EXPECT_EQ(result.faces, source.faces);
  EXPECT_EQ(result.vertex_count(), source.vertex_count());
  EXPECT_GT((result.vertices - source.vertices).cwiseAbs().maxCoeff(), 0.1f);  // it moved
}

TEST(DeformCli, HumanSummaryAndPly) {
  const auto dir = scratch_dir("deform-human");
  const auto out = dir / "x.ply";
  const auto r = run_monge("deform 'builtin:icosphere?subdivisions=1' 'builtin:ellipsoid?subdivisions=1' -o " +
                           out.string() + " --iterations 5 --field kernel --measure surface --samples 200 --progress");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("chamfer"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(out.string()), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("iteration 5, "), std::string::npos) << r.err;  // no total: training stops before its cap
  EXPECT_NE(r.err.find(", cap 5"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("stopped: reached the cap of 5 iterations"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("stopped: reached the cap of 5 iterations"), std::string::npos) << r.out;
  EXPECT_EQ(monge::mesh::load_mesh(out.string()).face_count(), 80);
}

TEST(DeformCli, BadInputExitsTwoNamingIt) {
  const auto dir = scratch_dir("deform-bad");
  const std::string out = " -o " + (dir / "x.obj").string();
  struct Case {
    std::string args, needle;
  };
  for (const Case& c : {Case{"builtin:icosphere builtin:ellipsoid" + out + " --steps 0", "--steps"},
                        Case{"builtin:icosphere builtin:ellipsoid" + out + " --measure points", "--measure"},
                        Case{"builtin:icosphere builtin:ellipsoid" + out + " --field spline", "--field"},
                        Case{"builtin:icosphere builtin:ellipsoid" + out + " --bogus", "--bogus"},
                        Case{"builtin:icosphere builtin:ellipsoid" + out + " --time-limit -1", "--time-limit"},
                        Case{"builtin:icosphere builtin:ellipsoid" + out + " --directions sobol", "--directions"},
                        Case{"builtin:icosphere builtin:ellipsoid -o " + (dir / "x.stl").string(), "-o"},
                        Case{"builtin:icosphere builtin:ellipsoid", "-o"},
                        Case{"/nonexistent/a.obj builtin:ellipsoid" + out, "/nonexistent/a.obj"}}) {
    const auto r = run_monge("deform " + c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_NE(r.err.find(c.needle), std::string::npos) << c.args << " -> " << r.err;
    EXPECT_EQ(count_lines(r.err), 1) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "x.obj"));
}
