// App tier: the monge binary's command-line contract: exit codes (0 ok, 2 bad input, 1 no
// display) and one-line messages that name the file, line or JSON path.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <fstream>
#include <set>

#include "render/image.hpp"
#include "run_command.hpp"

using namespace monge::testing;

namespace {
const std::string kDefaultScene = std::string(MONGE_SOURCE_DIR) + "/assets/scenes/default.json";

int count_lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}
}  // namespace

TEST(Cli, VersionAndHelp) {
  const auto v = run_monge("--version");
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind("monge ", 0), 0u);
  const auto h = run_monge("help");
  EXPECT_EQ(h.exit_code, 0);
  for (const char* cmd : {"render", "run", "record", "sw", "sinkhorn"}) {
    EXPECT_NE(h.out.find(cmd), std::string::npos) << cmd;
    const auto c = run_monge(std::string(cmd) + " --help");
    EXPECT_EQ(c.exit_code, 0) << cmd;
    EXPECT_NE(c.out.find("usage: monge " + std::string(cmd)), std::string::npos) << cmd;
    EXPECT_EQ(run_monge(std::string("help ") + cmd).out, c.out);
  }
}

TEST(Cli, UnknownCommandAndOptionExitTwo) {
  const auto a = run_monge("frobnicate");
  EXPECT_EQ(a.exit_code, 2);
  EXPECT_NE(a.err.find("frobnicate"), std::string::npos);
  const auto b = run_monge("render " + kDefaultScene + " -o /tmp/x.png --bogus");
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.err.find("--bogus"), std::string::npos);
  EXPECT_EQ(count_lines(b.err), 1);
}

TEST(Cli, MissingSceneFileNamesIt) {
  const auto r = run_monge("render /nonexistent/scene.json -o /tmp/x.png");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/scene.json"), std::string::npos);
  EXPECT_EQ(count_lines(r.err), 1);
}

TEST(Cli, BadSceneFieldNamesJsonPath) {
  const auto dir = scratch_dir("badfield");
  write_text(dir / "bad.json",
             R"({"name": "bad", "dim": 2, "seed": 1,
                 "source": {"kind": "gaussian", "count": 100, "mean": [0, 0], "cov": [[1, 0], [0]]}})");
  const auto r = run_monge("render " + (dir / "bad.json").string() + " -o " + (dir / "x.png").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("source.cov"), std::string::npos) << r.err;
  EXPECT_EQ(count_lines(r.err), 1);
  EXPECT_FALSE(std::filesystem::exists(dir / "x.png"));
}

TEST(Cli, AbsurdCountIsRefusedQuickly) {
  const auto dir = scratch_dir("absurd");
  write_text(dir / "huge.json",
             R"({"name": "huge", "dim": 2, "seed": 1,
                 "source": {"kind": "uniform", "shape": "disk", "count": 1000000000}})");
  const auto r = run_monge("run " + (dir / "huge.json").string() + " --steps 1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("source.count"), std::string::npos) << r.err;
}

TEST(Cli, MalformedCsvNamesFileAndLine) {
  const auto dir = scratch_dir("csv");
  write_text(dir / "x.csv", "# two columns\n0,0\n1,1\n2,2\n");
  write_text(dir / "y.csv", "0,0\n1,1\n2\n");
  const auto r = run_monge("sw " + (dir / "x.csv").string() + " " + (dir / "y.csv").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("y.csv:3"), std::string::npos) << r.err;
  write_text(dir / "nan.csv", "0,0\nnan,1\n");
  const auto n = run_monge("sw " + (dir / "x.csv").string() + " " + (dir / "nan.csv").string());
  EXPECT_EQ(n.exit_code, 2);
  EXPECT_NE(n.err.find("nan.csv:2"), std::string::npos) << n.err;
  write_text(dir / "empty.csv", "");
  const auto e = run_monge("sw " + (dir / "x.csv").string() + " " + (dir / "empty.csv").string());
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_NE(e.err.find("empty.csv"), std::string::npos) << e.err;
}

TEST(Cli, RenderHeadlessWritesThePicture) {
  const auto dir = scratch_dir("render");
  const auto png = dir / "x.png";
  const auto r = run_monge("render " + kDefaultScene + " -o " + png.string() + " --size 320x200", "env -u DISPLAY");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const monge::Image im = monge::read_image(png);
  EXPECT_EQ(im.width, 320);
  EXPECT_EQ(im.height, 200);
  // Not a blank frame: many distinct colours (the colormapped source and the target).
  std::set<std::uint32_t> colours;
  for (std::size_t i = 0; i < im.rgba.size(); i += 4)
    colours.insert(im.rgba[i] | im.rgba[i + 1] << 8 | im.rgba[i + 2] << 16);
  EXPECT_GT(colours.size(), 50u);
}

TEST(Cli, GuiWithoutDisplaySaysSoInOneLine) {
  const auto r = run_monge("", "env -u DISPLAY -u WAYLAND_DISPLAY");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no display"), std::string::npos);
  EXPECT_NE(r.err.find("monge render"), std::string::npos);
  EXPECT_EQ(count_lines(r.err), 1);
}

TEST(Cli, RunSavesPointsAndPrintsJsonSummary) {
  const auto dir = scratch_dir("run");
  const auto csv = dir / "out.csv";
  const auto r = run_monge("run " + kDefaultScene + " --steps 3 --save " + csv.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["steps"], 3);
  EXPECT_GT(summary["points"].get<int>(), 0);
  const std::string text = slurp(csv);
  EXPECT_EQ(count_lines(text), summary["points"].get<int>());
  const auto again = run_monge("run " + kDefaultScene + " --steps 3 --save " + (dir / "again.csv").string());
  ASSERT_EQ(again.exit_code, 0);
  EXPECT_EQ(slurp(dir / "again.csv"), text) << "same scene and seed must give the same points";
  const auto both = run_monge("run " + kDefaultScene + " --steps 3 --until 1");
  EXPECT_EQ(both.exit_code, 2);
}

TEST(Cli, RunExportsEachDiagnosticAsPngAndCsv) {
  const auto dir = scratch_dir("run-plots");
  const auto r = run_monge("run " + kDefaultScene + " --steps 6 --json --plots " + (dir / "plots").string(), "env -u DISPLAY");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The SW flow reports sw, sw_stderr and displacement: a PNG and a CSV each.
  for (const char* name : {"sw", "sw_stderr", "displacement"}) {
    const auto csv = dir / "plots" / (std::string(name) + ".csv");
    const auto png = dir / "plots" / (std::string(name) + ".png");
    ASSERT_TRUE(std::filesystem::exists(csv)) << csv;
    std::ifstream in(csv);
    std::string header, line;
    std::getline(in, header);
    EXPECT_EQ(header, std::string("step,") + name);
    int rows = 0;
    while (std::getline(in, line)) ++rows;
    EXPECT_EQ(rows, 6) << "one row per step";
    const monge::Image im = monge::read_image(png);
    EXPECT_EQ(im.width, 960);
    EXPECT_EQ(im.height, 540);
  }
  // The curve is drawn: some pixels carry the first series' colour (31, 119, 180).
  const monge::Image sw = monge::read_image(dir / "plots" / "sw.png");
  int blue = 0;
  for (std::size_t k = 0; k + 3 < sw.rgba.size(); k += 4)
    blue += std::abs(sw.rgba[k] - 31) < 20 && std::abs(sw.rgba[k + 1] - 119) < 20 && std::abs(sw.rgba[k + 2] - 180) < 20;
  EXPECT_GT(blue, 200);
  EXPECT_NE(r.out.find("\"plots\""), std::string::npos);
}
