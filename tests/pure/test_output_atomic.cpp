// Writers under a full disk (an in-process file size limit, tests/common/file_size_limit.hpp):
// every output kind that needs no GL context fails with OutputError "cannot write PATH: File too
// large" and leaves its folder as it was. Also the pieces: check_output_path, write_new_file,
// OutputFolder, the encoder log's reason, and the timeline's exports and memory budget.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "app/io/point_file.hpp"
#include "app/io/series_csv.hpp"
#include "app/scene/scene_writer.hpp"
#include "app/scene/timeline.hpp"
#include "base/atomic_file.hpp"
#include "base/errors.hpp"
#include "base/memory.hpp"
#include "render/encoder_process.hpp"
#include "render/image.hpp"
#include "render/video_writer.hpp"
#include "solvers/mesh/builtin_meshes.hpp"
#include "solvers/mesh/mesh_io.hpp"
#include "tests/common/file_size_limit.hpp"
#include "tests/common/input_errors.hpp"

using namespace monge;
namespace fs = std::filesystem;
using monge::test::error_of;
using monge::test::FileSizeLimit;

namespace {

class TempDir {
 public:
  explicit TempDir(const std::string& tag)
      : path_(fs::temp_directory_path() / ("monge_test_output_" + tag + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  // Names of everything in the folder, recursively ("a", "sub/b").
  std::set<std::string> listing() const {
    std::set<std::string> names;
    for (const auto& e : fs::recursive_directory_iterator(path_)) names.insert(fs::relative(e.path(), path_).string());
    return names;
  }

 private:
  fs::path path_;
};

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// A noisy RGBA image: its PNG is about as large as its pixels (nothing to compress).
Image noise_image(int w, int h, unsigned seed) {
  Image im{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h * 4)};
  for (auto& v : im.rgba) v = static_cast<std::uint8_t>((seed = seed * 1103515245u + 12345u) >> 16);
  return im;
}

#define EXPECT_CONTAINS(text, part) EXPECT_NE(std::string(text).find(part), std::string::npos) << (text)

constexpr std::size_t kLimit = 8192;  // bytes a file may have while the "disk" is full

}  // namespace

TEST(OutputChecks, MissingFolderReadOnlyFolderAndFolderAsFile) {
  TempDir dir("checks");
  EXPECT_EQ(error_of([&] { check_output_path(dir.path() / "missing" / "x.png"); }),
            "cannot write " + (dir.path() / "missing" / "x.png").string() + ": No such file or directory");
  EXPECT_EQ(error_of([&] { check_output_path(dir.path()); }), "cannot write " + dir.path().string() + ": Is a directory");
  std::ofstream(dir.path() / "file") << "x";
  EXPECT_EQ(error_of([&] { check_output_path(dir.path() / "file" / "x.png"); }),
            "cannot write " + (dir.path() / "file" / "x.png").string() + ": Not a directory");
  EXPECT_EQ(error_of([&] { check_output_path(dir.path() / "fine.png"); }), "");
  // render -o onto a folder said "cannot write ...: Success" (issue 17): now the reason.
  EXPECT_EQ(error_of([&] { write_png(dir.path(), noise_image(4, 4, 1)); }),
            "cannot write " + dir.path().string() + ": Is a directory");
}

TEST(OutputChecks, NewFileFailureLeavesNothing) {
  TempDir dir("newfile");
  const std::string big(3 * kLimit, 'x');
  {
    FileSizeLimit full(kLimit);
    ASSERT_TRUE(full.ok());
    EXPECT_EQ(error_of([&] { write_new_file(dir.path() / "f", big, "shown.txt"); }), "cannot write shown.txt: File too large");
  }
  EXPECT_TRUE(dir.listing().empty());
  write_new_file(dir.path() / "f", "abc", "shown.txt");
  EXPECT_EQ(slurp(dir.path() / "f"), "abc");
  EXPECT_CONTAINS(error_of([&] { write_new_file(dir.path() / "f", "again", "shown.txt"); }), "File exists");  // never overwrites
}

TEST(OutputFolderTest, AllOrNothing) {
  TempDir dir("folder");
  const fs::path out = dir.path() / "new" / "plots";
  {
    OutputFolder folder(out);
    folder.write("a.csv", "1\n");
    folder.write("b.csv", "2\n");
    EXPECT_TRUE(fs::is_directory(out));
    // Not committed: the files and both folders it created go.
  }
  EXPECT_TRUE(dir.listing().empty());
  {
    OutputFolder folder(out);
    folder.write("a.csv", "1\n");
    const auto files = folder.commit();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0], out / "a.csv");
  }
  EXPECT_EQ(dir.listing(), (std::set<std::string>{"new", "new/plots", "new/plots/a.csv"}));
  // A failed export into an existing folder keeps what was there, and adds nothing.
  {
    OutputFolder folder(out);
    folder.write("a.csv", "changed\n");
    FileSizeLimit full(kLimit);
    EXPECT_EQ(error_of([&] { folder.write("b.png", std::string(2 * kLimit, 'x')); }),
              "cannot write " + (out / "b.png").string() + ": File too large");
  }
  EXPECT_EQ(dir.listing(), (std::set<std::string>{"new", "new/plots", "new/plots/a.csv"}));
  EXPECT_EQ(slurp(out / "a.csv"), "1\n");
}

TEST(OutputFullDisk, EveryInProcessWriterFailsWholeWithTheReason) {
  TempDir dir("full");
  const fs::path d = dir.path();
  Points many(20000, 3);
  many.setRandom();
  const mesh::TriangleMesh big_mesh = mesh::icosphere(4);
  nlohmann::json scene = {{"dim", 2}, {"name", std::string(3 * kLimit, 'n')}};
  FileSizeLimit full(kLimit);
  ASSERT_TRUE(full.ok());
  const std::pair<std::string, std::function<void()>> writers[] = {
      {"a.png", [&] { write_png(d / "a.png", noise_image(128, 128, 2)); }},
      {"p.csv", [&] { save_points_csv(d / "p.csv", many); }},
      {"p.npy", [&] { save_points_npy(d / "p.npy", many); }},
      {"s.csv", [&] { write_series_csv(d / "s.csv", "step", {{"sw", std::vector<float>(5000, 1.5f)}}); }},
      {"m.ply", [&] { mesh::save_mesh(big_mesh, (d / "m.ply").string()); }},
      {"m.obj", [&] { mesh::save_mesh(big_mesh, (d / "m.obj").string()); }},
      {"scene.json", [&] { save_scene(d / "scene.json", scene); }},
  };
  for (const auto& [name, write] : writers)
    EXPECT_EQ(error_of(write), "cannot write " + (d / name).string() + ": File too large") << name;
  EXPECT_TRUE(dir.listing().empty());
}

TEST(OutputFullDisk, TimelineExportsFailWhole) {
  TempDir dir("timeline");
  Timeline t;
  for (std::uint64_t k = 0; k < 20; ++k) {
    FlowState s;
    s.step = k;
    s.points = Points::Constant(500, 2, static_cast<float>(k) + 0.123456f);
    t.push(s, {{"sw", 1.0 / (k + 1)}});
  }
  {
    FileSizeLimit full(200);
    ASSERT_TRUE(full.ok());
    for (const char* name : {"p.csv", "p.npy", "d.csv"}) {
      const fs::path p = dir.path() / name;
      const std::string message =
          error_of([&] { std::string(name) == "d.csv" ? t.export_diagnostics_csv(p) : t.export_positions(p); });
      EXPECT_EQ(message, "cannot write " + p.string() + ": File too large");
    }
  }
  EXPECT_TRUE(dir.listing().empty());
  t.export_positions(dir.path() / "p.csv");
  const std::string csv = slurp(dir.path() / "p.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 20 * 500);
  EXPECT_NE(csv.find("\n19,0,499,19.1234"), std::string::npos) << csv.substr(csv.size() - 200);
}

TEST(TimelineBudget, ScalesWithTheSceneWithinBounds) {
  FlowState s;
  s.points.resize(20000, 2);  // the default scene: 160 kB a frame
  const std::size_t frame = 20000 * 2 * sizeof(float);
  const std::size_t budget = Timeline::budget_bytes(s);
  EXPECT_GE(budget, Timeline::kBudgetFrames * frame);
  EXPECT_LE(budget, Timeline::kBudgetFrames * (frame + 1024));
  EXPECT_LT(budget, std::size_t(50) << 20) << "the default scene's timeline stays under 50 MB";
  s.points.resize(10, 2);
  EXPECT_EQ(Timeline::budget_bytes(s), std::min(Timeline::kMinBudgetBytes, machine_memory_bytes() / 8));
  s.points.resize(5'000'000, 3);
  EXPECT_EQ(Timeline::budget_bytes(s), std::min(Timeline::kMaxBudgetBytes, machine_memory_bytes() / 8));
  s.points.resize(1000, 3);
  s.path.assign(9, Points(1000, 3));  // an ODE flow's path counts too
  EXPECT_GE(Timeline::budget_bytes(s), Timeline::kBudgetFrames * 10 * 1000 * 3 * sizeof(float));
}

TEST(TimelineBudget, AutomaticCapKeepsHalfToAllOfTheBudgetFrames) {
  FlowState s;
  s.points = Points::Zero(20000, 2);
  Timeline t;
  EXPECT_TRUE(t.automatic_cap());
  for (std::uint64_t k = 0; k < 3000; ++k) {
    s.step = k;
    t.push(s, {{"sw", 1.0}});
  }
  EXPECT_EQ(t.cap(), Timeline::budget_bytes(s));
  EXPECT_LE(t.bytes(), t.cap());
  EXPECT_GE(t.size(), Timeline::kBudgetFrames / 2 - 8);
  EXPECT_LE(t.size(), Timeline::kBudgetFrames + 1);
  EXPECT_EQ(t.frame(0).state.step, 0u);
  EXPECT_EQ(t.frame(t.size() - 1).state.step, 2999u);
  // An explicit cap replaces the automatic one, also after clear().
  t.set_cap(std::size_t(8) << 20);
  EXPECT_FALSE(t.automatic_cap());
  t.clear();
  t.push(s, {});
  EXPECT_EQ(t.cap(), std::size_t(8) << 20);
}

TEST(EncoderLog, FindsTheOsReason) {
  EXPECT_EQ(os_error_in_log("[mp4 @ 0x5] Error writing trailer of x.mp4: No space left on device\n"), ENOSPC);
  EXPECT_EQ(os_error_in_log("av_interleaved_write_frame(): File too large\n"), EFBIG);
  EXPECT_EQ(os_error_in_log("x.gif: Read-only file system\n"), EROFS);
  EXPECT_EQ(os_error_in_log("Unknown encoder 'libx264'\n"), 0);
  EXPECT_EQ(last_line("first\nsecond line\n\n"), "second line");
  EXPECT_EQ(last_line("only"), "only");
  EXPECT_EQ(last_line(""), "");
}

namespace {
bool have_ffmpeg() { return std::system("ffmpeg -version >/dev/null 2>&1") == 0; }
}  // namespace

TEST(VideoWriterFullDisk, EachFormatFailsWithTheReasonAndLeavesNothing) {
  TempDir dir("video");
  // Fresh noise in every frame: no encoder can compress 30 of them below the limit.
  std::vector<std::string> outputs = {"frames"};
  if (have_ffmpeg()) outputs.insert(outputs.end(), {"v.mp4", "v.gif"});
  else std::printf("ffmpeg is not installed: only the PNG sequence is checked\n");
  for (const std::string& name : outputs) {
    const fs::path out = dir.path() / name;
    const std::string message = error_of([&] {
      FileSizeLimit full(kLimit);  // before ffmpeg starts: it inherits the limit
      VideoWriter writer(out, 96, 64, 10.0);
      for (int k = 0; k < 30; ++k) writer.write(noise_image(96, 64, 100 + k));
      writer.finish();
    });
    EXPECT_EQ(message.rfind("cannot write " + out.string() + ": File too large", 0), 0u) << name << ": " << message;
    EXPECT_TRUE(dir.listing().empty()) << name << ": " << (dir.listing().empty() ? "" : *dir.listing().begin());
  }
}

TEST(VideoWriterFullDisk, WritesWholeWhenThereIsRoom) {
  TempDir dir("video-ok");
  const Image frame = noise_image(64, 48, 4);
  VideoWriter writer(dir.path() / "frames", 64, 48, 10.0);
  for (int k = 0; k < 3; ++k) writer.write(frame);
  writer.finish();
  EXPECT_EQ(dir.listing(), (std::set<std::string>{"frames", "frames/frame_00000.png", "frames/frame_00001.png",
                                                  "frames/frame_00002.png"}));
  EXPECT_EQ(read_image(dir.path() / "frames" / "frame_00002.png").width, 64);
  // A second sequence replaces the first; a folder with other files is refused before recording.
  {
    VideoWriter again(dir.path() / "frames", 64, 48, 10.0);
    again.write(frame);
    again.finish();
  }
  EXPECT_EQ(dir.listing(), (std::set<std::string>{"frames", "frames/frame_00000.png"}));
  std::ofstream(dir.path() / "frames" / "notes.txt") << "mine";
  EXPECT_CONTAINS(error_of([&] { VideoWriter(dir.path() / "frames", 64, 48, 10.0); }),
                  "holds other files than frame_*.png (notes.txt)");
  EXPECT_EQ(error_of([&] { VideoWriter(dir.path() / "no" / "x.mp4", 64, 48, 10.0); }),
            "cannot write " + (dir.path() / "no" / "x.mp4").string() + ": No such file or directory");
}

TEST(VideoWriterFullDisk, AnEncoderThatExitsZeroOnAnIncompleteFileIsCaught) {
  // ffmpeg's GIF muxer exits 0 when its trailer cannot be written, and under a file size limit
  // its log can be lost too: the file is checked. A stand-in encoder writes a cut file and exits 0.
  TempDir dir("video-cut");
  const fs::path bin = dir.path() / "bin";
  fs::create_directories(bin);
  {
    std::ofstream script(bin / "ffmpeg");
    // The output is the last argument; GIF: header without trailer; MP4: a box claiming 4 kB.
    script << "#!/bin/sh\ncat >/dev/null\nfor last; do :; done\n"
              "case \"$last\" in *.gif.*) printf 'GIF89a....' >\"$last\";; *) printf '\\000\\000\\020\\000moov' >\"$last\";; esac\n";
  }
  fs::permissions(bin / "ffmpeg", fs::perms::owner_all);
  const std::string old_path = std::getenv("PATH") ? std::getenv("PATH") : "";
  setenv("PATH", (bin.string() + ":" + old_path).c_str(), 1);
  for (const auto& [name, why] : {std::pair<std::string, std::string>{"v.gif", "no GIF trailer"},
                                  {"v.mp4", "a truncated MP4 box (moov)"}}) {
    const fs::path out = dir.path() / name;
    EXPECT_EQ(error_of([&] {
                VideoWriter writer(out, 16, 16, 10.0);
                writer.write(noise_image(16, 16, 5));
                writer.finish();
              }),
              "cannot write " + out.string() + ": the encoder's file is incomplete (" + why + ")");
  }
  setenv("PATH", old_path.c_str(), 1);
  EXPECT_EQ(dir.listing(), (std::set<std::string>{"bin", "bin/ffmpeg"}));
}
