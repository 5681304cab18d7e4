// App tier: the progress line of `monge run`, `sinkhorn`, `record` and `deform` on stderr:
// absent when stderr is not a terminal, forced by --progress (whole lines in a log, the summary
// on stdout untouched), rewritten in place and erased on a terminal.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "run_command.hpp"

using namespace monge::testing;

namespace {

std::string small_scene(const std::filesystem::path& dir) {
  const auto path = dir / "scene.json";
  write_text(path, R"({"dim": 2, "seed": 1, "source": {"kind": "gaussian", "count": 200},
    "target": {"kind": "gaussian", "count": 200, "mean": [2, 0]},
    "flow": {"kind": "sliced-wasserstein", "projections": 8, "step": 0.5}})");
  return path.string();
}

std::string small_clouds(const std::filesystem::path& dir) {
  write_text(dir / "x.csv", "0,0\n1,0\n0,1\n1,1\n0.5,0.5\n");
  write_text(dir / "y.csv", "2,0\n3,1\n2,1\n3,0\n");
  return (dir / "x.csv").string() + " " + (dir / "y.csv").string();
}

}  // namespace

TEST(ProgressCli, SilentWhenStderrIsNotATerminal) {
  const auto dir = scratch_dir("progress-silent");
  const auto run = run_monge("run " + small_scene(dir) + " --steps 20");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err.find("monge run:"), std::string::npos) << run.err;
  const auto sinkhorn = run_monge("sinkhorn " + small_clouds(dir) + " --eps 0.1 --backend cpu");
  ASSERT_EQ(sinkhorn.exit_code, 0) << sinkhorn.err;
  EXPECT_EQ(sinkhorn.err, "");
}

TEST(ProgressCli, ForcedProgressPrintsLinesAndLeavesJsonAlone) {
  const auto dir = scratch_dir("progress-forced");
  const auto run = run_monge("run " + small_scene(dir) + " --steps 20 --json --progress");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("monge run: step 20/20 (100%)"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find('\r'), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(run.out)["steps"], 20);

  const auto sinkhorn = run_monge("sinkhorn " + small_clouds(dir) + " --eps 0.1 --divergence --progress --backend cpu");
  ASSERT_EQ(sinkhorn.exit_code, 0) << sinkhorn.err;
  EXPECT_NE(sinkhorn.err.find("monge sinkhorn: iteration"), std::string::npos) << sinkhorn.err;
  EXPECT_NE(sinkhorn.err.find("solve 3 of 3"), std::string::npos) << sinkhorn.err;

  const auto record = run_monge("record " + small_scene(dir) + " -o " + (dir / "frames").string() +
                                " --size 64x48 --steps 3 --progress");
  ASSERT_EQ(record.exit_code, 0) << record.err;
  EXPECT_NE(record.err.find("monge record: frame 4/4 (100%)"), std::string::npos) << record.err;
}

TEST(ProgressCli, TerminalLineIsErasedBeforeTheSummary) {
  // `script` gives the command a terminal; its output (the terminal's) is the file typescript.
  const auto dir = scratch_dir("progress-tty");
  const auto typescript = dir / "typescript";
  const std::string command = std::string(MONGE_BINARY_DIR) + "/monge run " + small_scene(dir) + " --steps 300";
  const int status = std::system(("script -qec '" + command + "' " + typescript.string() + " >/dev/null").c_str());
  ASSERT_EQ(status, 0);
  const std::string tty = slurp(typescript);
  const auto first = tty.find("\rmonge run: step ");
  ASSERT_NE(first, std::string::npos) << tty;
  const auto erase = tty.rfind("\r\x1b[K");
  ASSERT_NE(erase, std::string::npos) << tty;
  EXPECT_NE(tty.find("300 steps to t = ", erase), std::string::npos) << tty;  // the summary comes after
}
