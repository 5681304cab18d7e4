// App tier: pipes and formats on the command line. Standard input ("-") in `sw` and `sinkhorn`
// gives the same numbers as the file it carries; `run --save -`, `--save-trajectory` and
// `sinkhorn --save-plan/--save-potentials` write what a file would hold, the summary on stderr;
// bad inputs exit 2 naming the file and what is wrong; `monge show` / `monge FILE` open the window
// on point files and meshes. Fixtures: tests/data/formats (make_formats.py: numpy, pandas,
// Open3D-style PLY).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "app/io/point_file.hpp"
#include "render/image.hpp"
#include "run_command.hpp"

using namespace monge::testing;
namespace fs = std::filesystem;

namespace {

const std::string kMonge = std::string(MONGE_BINARY_DIR) + "/monge";
const std::string kData = std::string(MONGE_TEST_DATA) + "/formats/";
const std::string kScene = std::string(MONGE_SOURCE_DIR) + "/assets/scenes/default.json";

// Runs `command` in a shell (pipes allowed), "MONGE" standing for the binary.
CommandResult run_shell(std::string command) {
  for (std::size_t at; (at = command.find("MONGE")) != std::string::npos;) command.replace(at, 5, kMonge);
  static int counter = 0;
  const fs::path dir = fs::temp_directory_path();
  const std::string tag = std::to_string(::getpid()) + "-pipe-" + std::to_string(counter++);
  const fs::path out = dir / ("monge-out-" + tag), err = dir / ("monge-err-" + tag);
  const int status = std::system(("(" + command + ") >" + out.string() + " 2>" + err.string()).c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  fs::remove(out);
  fs::remove(err);
  return r;
}

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

double json_number(const std::string& out, const char* key) { return nlohmann::json::parse(out)[key].get<double>(); }

}  // namespace

TEST(Pipes, StandardInputGivesTheNumbersOfTheFile) {
  // .npz member, pandas CSV and Open3D PLY through a pipe, sniffed by content.
  const std::string y = kData + "int_i4.npy";
  for (const auto& [piped, file] : std::vector<std::pair<std::string, std::string>>{
           {"savez_compressed.npz", "savez_compressed.npz:points"},
           {"pandas_index.csv", "pandas_index.csv"},
           {"open3d_cloud.ply", "open3d_cloud.ply"}}) {
    const std::string source = piped == "savez_compressed.npz" ? "-:points" : "-";
    const auto via_pipe = run_shell("cat " + kData + piped + " | MONGE sw " + source + " " + y + " --json --backend cpu");
    const auto via_file = run_shell("MONGE sw " + kData + file + " " + y + " --json --backend cpu");
    ASSERT_EQ(via_pipe.exit_code, 0) << piped << ": " << via_pipe.err;
    ASSERT_EQ(via_file.exit_code, 0) << file << ": " << via_file.err;
    EXPECT_EQ(json_number(via_pipe.out, "value"), json_number(via_file.out, "value")) << piped;
    EXPECT_GT(json_number(via_file.out, "value"), 1.0) << "X (i + j/8) and Y (3i + j) differ";
  }
  // Standard input is one stream: it cannot be both X and Y.
  const auto twice = run_shell("cat " + kData + "f4.npy | MONGE sw - - --backend cpu");
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("standard input was read already"), std::string::npos) << twice.err;
}

TEST(Pipes, RunWritesPointsAndTrajectoryToFilesOrStdout) {
  const fs::path dir = scratch_dir("pipes-run");
  const std::string run = "MONGE run " + kScene + " --steps 4 --backend cpu";
  ASSERT_EQ(run_shell(run + " --save " + (dir / "end.npy").string()).exit_code, 0);
  ASSERT_EQ(run_shell(run + " --save " + (dir / "end.csv").string()).exit_code, 0);
  const auto npy = run_shell(run + " --save - --format npy > " + (dir / "piped.npy").string());
  ASSERT_EQ(npy.exit_code, 0) << npy.err;
  EXPECT_NE(npy.err.find("steps to t ="), std::string::npos) << "the summary goes to stderr";
  EXPECT_EQ(bytes_of(dir / "piped.npy"), bytes_of(dir / "end.npy"));
  const auto csv = run_shell(run + " --save -");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out, bytes_of(dir / "end.csv"));

  // Frames at steps 0, 2, 4: (3, N, d) float32, the last frame the final positions.
  const auto traj = run_shell(run + " --every 2 --save-trajectory " + (dir / "traj.npy").string() + " --json");
  ASSERT_EQ(traj.exit_code, 0) << traj.err;
  EXPECT_EQ(nlohmann::json::parse(traj.out)["trajectory"]["frames"], 3);
  const monge::Points end = monge::load_points(dir / "end.npy");
  const std::string t = bytes_of(dir / "traj.npy");
  const std::size_t frame = static_cast<std::size_t>(end.size()) * sizeof(float);
  ASSERT_EQ(t.size() % 64, (3 * frame) % 64);
  const std::string header = t.substr(0, t.size() - 3 * frame);
  EXPECT_NE(header.find("'shape': (3, " + std::to_string(end.rows()) + ", " + std::to_string(end.cols()) + ")"), std::string::npos) << header;
  EXPECT_EQ(t.substr(t.size() - frame), std::string(reinterpret_cast<const char*>(end.data()), frame));
  const auto start = run_shell("MONGE run " + kScene + " --steps 0 --backend cpu --save " + (dir / "start.npy").string());
  ASSERT_EQ(start.exit_code, 0);
  const monge::Points first = monge::load_points(dir / "start.npy");
  EXPECT_EQ(t.substr(header.size(), frame), std::string(reinterpret_cast<const char*>(first.data()), frame));
  const auto piped_traj = run_shell(run + " --every 2 --save-trajectory - > " + (dir / "traj_piped.npy").string());
  ASSERT_EQ(piped_traj.exit_code, 0);
  EXPECT_EQ(bytes_of(dir / "traj_piped.npy"), t);

  for (const auto& [args, message] : std::vector<std::pair<std::string, std::string>>{
           {"--save x.png", "--save: x.png: expected a .csv or .npy file name"},
           {"--save x.csv --format npy", "--save: x.csv is named .csv but --format says npy"},
           {"--save - --save-trajectory -", "cannot both go to standard output"},
           {"--every 2", "--every: applies to --save-trajectory"}}) {
    const auto bad = run_shell(run + " " + args);
    EXPECT_EQ(bad.exit_code, 2) << args;
    EXPECT_NE(bad.err.find(message), std::string::npos) << args << ": " << bad.err;
  }
}

TEST(Pipes, SinkhornSavesPlanAndPotentials) {
  const fs::path dir = scratch_dir("pipes-sinkhorn");
  const std::string x = kData + "points_2d.npy", y = kData + "pandas_series_weights.csv";  // 5 x 2 and 5 x 1: refused
  EXPECT_EQ(run_shell("MONGE sinkhorn " + x + " " + y + " --eps 1").exit_code, 2);
  const std::string solve = "MONGE sinkhorn " + x + " " + kData + "savez.npz:points --eps 1 --backend cpu";
  EXPECT_NE(run_shell(solve).err.find("dimension mismatch"), std::string::npos);
  const std::string ok = "MONGE sinkhorn " + kData + "f4.npy " + kData + "int_u1.npy --eps 5 --backend cpu --json";
  const auto r = run_shell(ok + " --save-plan " + (dir / "P.npy").string() + " --save-potentials " + (dir / "fg.npz").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json summary = nlohmann::json::parse(r.out);
  // P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps): rows sum to a_i = 1/5, and <P, C> is the reported cost.
  const monge::Points P = monge::load_points(dir / "P.npy");
  const monge::Points X = monge::load_points(kData + "f4.npy"), Y = monge::load_points(kData + "int_u1.npy");
  const monge::Points f = monge::load_points((dir / "fg.npz").string() + ":f"), g = monge::load_points((dir / "fg.npz").string() + ":g");
  ASSERT_EQ(P.rows(), 5);
  ASSERT_EQ(P.cols(), 5);
  ASSERT_EQ(f.rows(), 5);
  ASSERT_EQ(g.rows(), 5);
  double cost = 0;
  for (int i = 0; i < 5; ++i) {
    EXPECT_NEAR(P.row(i).cast<double>().sum(), 0.2, 1e-6) << i;
    for (int j = 0; j < 5; ++j) {
      const double c = (X.row(i) - Y.row(j)).cast<double>().squaredNorm();
      cost += P(i, j) * c;
      EXPECT_NEAR(P(i, j), 0.04 * std::exp((f(i, 0) + g(j, 0) - c) / 5.0), 1e-5 * P(i, j) + 1e-12) << i << "," << j;
    }
  }
  EXPECT_NEAR(cost, summary["cost"].get<double>(), 1e-5 * summary["cost"].get<double>());
  // The same plan through a pipe, the summary on stderr.
  const auto piped = run_shell(ok + " --save-plan - > " + (dir / "P_piped.npy").string());
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(bytes_of(dir / "P_piped.npy"), bytes_of(dir / "P.npy"));
  EXPECT_NE(piped.err.find("\"cost\""), std::string::npos);
  const auto bad = run_shell(ok + " --save-plan P.csv");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--save-plan: P.csv: expected a .npy file name"), std::string::npos) << bad.err;
}

TEST(Pipes, BadInputsExitTwoNamingFileAndFault) {
  const std::string y = kData + "f4.npy";
  for (const auto& [x, message] : std::vector<std::pair<std::string, std::string>>{
           {"truncated.npz:points", "truncated.npz: damaged .npz (zip) archive: no end-of-archive record"},
           {"savez.npz:nope", "savez.npz: no array 'nope' (it holds 'points', 'weights')"},
           {"damaged_crc.npz:points", "damaged_crc.npz: member 'points.npy' is damaged: CRC-32 mismatch"},
           {"pandas_nan.csv", "pandas_nan.csv:4: column 3 ('y') is empty (a missing value; pandas writes NaN as an empty field)"},
           {"damaged_magic.npy", "damaged_magic.npy: not a .npy file: it starts with '\\x93NUMPZ"},
           {"overflow_first_row.csv", "overflow_first_row.csv:1: column 1 is out of float32 range (1e400)"},
           {"open3d_cloud_truncated.ply", "open3d_cloud_truncated.ply: header claims 5 vertex elements"}}) {
    const auto r = run_shell("MONGE sw " + kData + x + " " + y + " --backend cpu");
    EXPECT_EQ(r.exit_code, 2) << x;
    EXPECT_NE(r.err.find(message), std::string::npos) << x << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  // A scene with `1e400` (issue 17): exit 2, file:line:column, no library text.
  const fs::path dir = scratch_dir("pipes-json");
  write_text(dir / "big.json", "{\"source\": {\"kind\": \"gaussian\",\n \"count\": 1e400}}");
  const auto big = run_shell("MONGE run " + (dir / "big.json").string() + " --steps 1");
  EXPECT_EQ(big.exit_code, 2);
  EXPECT_NE(big.err.find("big.json:2:11: number '1e400' is out of range"), std::string::npos) << big.err;
  EXPECT_EQ(big.err.find("json.exception"), std::string::npos) << big.err;
}

TEST(Pipes, ShowOpensTheWindowOnPointFilesAndMeshes) {
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no DISPLAY: run under xvfb-run (scripts/test does)";
  const fs::path dir = scratch_dir("pipes-show");
  // Clouds to look at: the starting points of a 2D and a 3D scene (20 000 and 10 000 points).
  const std::string scenes = std::string(MONGE_SOURCE_DIR) + "/assets/scenes/";
  ASSERT_EQ(run_shell("MONGE run " + scenes + "default.json --steps 0 --save " + (dir / "flat.npy").string()).exit_code, 0);
  ASSERT_EQ(run_shell("MONGE run " + scenes + "ball-and-gaussian.json --steps 0 --save " + (dir / "ball.csv").string()).exit_code, 0);
  const std::string window = " --size 1024x640 --frames 5 --screenshot ";
  // `monge FILE [Y]`, `monge show -` (standard input), and a mesh drawn as a surface.
  const auto clouds = run_shell("MONGE " + (dir / "ball.csv").string() + " " + kData + "open3d_cloud.ply" + window +
                                (dir / "clouds.png").string() + " --save-scene " + (dir / "clouds.json").string());
  ASSERT_EQ(clouds.exit_code, 0) << clouds.err;
  const auto piped = run_shell("cat " + (dir / "flat.npy").string() + " | MONGE show -" + window + (dir / "piped.png").string());
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  const auto mesh = run_shell("MONGE show " + kData + "tetrahedron.obj" + window + (dir / "mesh.png").string());
  ASSERT_EQ(mesh.exit_code, 0) << mesh.err;
  // A mesh through a pipe keeps its faces in the saved scene (standard input cannot be read again).
  const auto piped_mesh = run_shell("cat " + kData + "tetrahedron.obj | MONGE show - --size 320x200 --frames 2 --save-scene " +
                                    (dir / "piped-mesh.json").string());
  ASSERT_EQ(piped_mesh.exit_code, 0) << piped_mesh.err;
  const auto saved = nlohmann::json::parse(slurp(dir / "piped-mesh.json"));
  EXPECT_EQ(saved["source"]["kind"], "mesh");
  EXPECT_EQ(saved["source"]["faces"].size(), 4u);
  EXPECT_EQ(saved["source"]["vertices"].size(), 4u);
  const auto mesh_again = run_shell("env -u DISPLAY MONGE render " + (dir / "piped-mesh.json").string() + " -o " +
                                    (dir / "mesh-again.png").string() + " --size 320x200");
  EXPECT_EQ(mesh_again.exit_code, 0) << mesh_again.err;
  for (const char* png : {"clouds.png", "piped.png", "mesh.png"}) {
    const monge::Image im = monge::read_image(dir / png);
    std::set<std::uint32_t> colours;  // the viewport right of the panel
    for (int y = im.height / 8; y < im.height - im.height / 8; ++y)
      for (int x = im.width * 2 / 5; x < im.width; ++x) {
        const auto* p = &im.rgba[4 * (static_cast<std::size_t>(y) * im.width + x)];
        colours.insert(p[0] >> 3 | (p[1] >> 3) << 5 | (p[2] >> 3) << 10);
      }
    EXPECT_GT(colours.size(), 20u) << png << ": the viewport looks empty";
  }
  // The saved scene reads back (file measures: CSV and PLY cloud).
  const auto again = run_shell("env -u DISPLAY MONGE render " + (dir / "clouds.json").string() + " -o " + (dir / "again.png").string() +
                               " --size 320x200");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  // Errors exit 2 before any window opens.
  const auto bad = run_shell("MONGE show " + kData + "pandas_series_weights.csv");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("1 columns; show draws 2D and 3D points"), std::string::npos) << bad.err;
  const auto missing = run_shell("MONGE " + (dir / "missing.csv").string());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("missing.csv: cannot open"), std::string::npos) << missing.err;
}
