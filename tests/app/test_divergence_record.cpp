// App tier: the divergence flows through the binary. The split scene "forward vs reverse KL vs JS
// vs SW" recorded headless into an MP4 (checked with ffprobe) and a GIF, `monge run --json` with
// the diagnostics docs/divergence.md lists, and a bad flow field as a one-line error (exit 2).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "run_command.hpp"

using namespace monge::testing;

namespace {
const std::string kScenes = std::string(MONGE_SOURCE_DIR) + "/assets/scenes/";

std::string probe(const std::filesystem::path& video) {
  std::string out;
  FILE* p = popen(("ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=width,height,nb_read_frames "
                   "-of csv=p=0 " + video.string()).c_str(), "r");
  char buf[256];
  while (p && fgets(buf, sizeof buf, p)) out += buf;
  if (p) pclose(p);
  return out;
}

std::vector<std::string> diagnostic_names(const std::string& json_text) {
  std::vector<std::string> names;
  const nlohmann::json summary = nlohmann::json::parse(json_text);
  for (const auto& [k, v] : summary["diagnostics"].items()) names.push_back(k);
  return names;
}
}  // namespace

TEST(DivergenceRecord, SplitSceneRecordsEveryColumnHeadless) {
  const auto dir = scratch_dir("divergence-split");
  const auto mp4 = dir / "split.mp4", gif = dir / "split.gif";
  const std::string scene = kScenes + "divergence-split.json";
  const CommandResult r = run_monge("record " + scene + " -o " + mp4.string() + " --size 320x160 --fps 10 --steps 6",
                                    "env -u DISPLAY");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(probe(mp4), "320,160,7\n");  // steps 0..6
  ASSERT_EQ(run_monge("record " + scene + " -o " + gif.string() + " --size 240x120 --steps 2").exit_code, 0);
  EXPECT_EQ(probe(gif), "240,120,3\n");
  for (const auto& e : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(e.path().string().find(".part"), std::string::npos) << "no partial file left";
}

TEST(DivergenceRecord, RunJsonPrintsTheDiagnostics) {
  CommandResult r = run_monge("run " + kScenes + "divergence-split.json --steps 3 --json --backend cpu");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(diagnostic_names(r.out), (std::vector<std::string>{"js", "kl_forward", "kl_reverse", "loss", "mode_0", "mode_1"}));
  EXPECT_EQ(nlohmann::json::parse(r.out)["flow"], "divergence-fit");
  r = run_monge("run " + kScenes + "monge-gap-gaussians.json --steps 3 --json --backend cpu");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(diagnostic_names(r.out), (std::vector<std::string>{"fitting", "loss", "map_error", "monge_gap"}));
  EXPECT_EQ(nlohmann::json::parse(r.out)["flow"], "monge-gap");
}

TEST(DivergenceRecord, BadFlowFieldIsOneLineExitTwo) {
  const auto dir = scratch_dir("divergence-bad");
  write_text(dir / "bad.json", R"({"source": {"kind": "gaussian", "count": 50},
    "flow": {"kind": "divergence-fit", "divergence": "kl", "target": {"modes": 2}}})");
  const CommandResult r = run_monge("run " + (dir / "bad.json").string() + " --steps 1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("flow.divergence: unknown value \"kl\""), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}
