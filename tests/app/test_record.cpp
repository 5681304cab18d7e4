// App tier: `monge record`. Frame counts and sizes checked with ffprobe, identical frames across
// two recordings checked with ffmpeg's framemd5, and no partial file after a failure or cancel.
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include "render/image.hpp"
#include "run_command.hpp"

using namespace monge::testing;

namespace {
const std::string kScene = std::string(MONGE_SOURCE_DIR) + "/assets/scenes/default.json";

std::string shell(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  while (p && fgets(buf, sizeof buf, p)) out += buf;
  if (p) pclose(p);
  return out;
}

std::string probe(const std::filesystem::path& video) {
  return shell("ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=width,height,nb_read_frames -of csv=p=0 " +
               video.string());
}

// Per-frame hashes of the decoded video, without the header lines.
std::string frame_hashes(const std::filesystem::path& video) {
  std::string all = shell("ffmpeg -v error -i " + video.string() + " -f framemd5 - 2>/dev/null"), out;
  std::istringstream in(all);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') out += line + "\n";
  return out;
}

bool any_partial(const std::filesystem::path& dir) {
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().string().find(".part") != std::string::npos) return true;
  return false;
}
}  // namespace

TEST(Record, Mp4HasRequestedFramesAndSizeAndIsReproducible) {
  const auto dir = scratch_dir("record-mp4");
  const auto a = dir / "a.mp4", b = dir / "b.mp4";
  const std::string common = " --size 320x180 --fps 10 --steps 12 --stride 3";  // frames of steps 0,3,...,12: 5
  ASSERT_EQ(run_monge("record " + kScene + " -o " + a.string() + common, "env -u DISPLAY").exit_code, 0);
  ASSERT_EQ(run_monge("record " + kScene + " -o " + b.string() + common).exit_code, 0);
  EXPECT_EQ(probe(a), "320,180,5\n");
  const std::string ha = frame_hashes(a);
  EXPECT_EQ(std::count(ha.begin(), ha.end(), '\n'), 5);
  EXPECT_EQ(ha, frame_hashes(b)) << "the same scene and seed must give identical frames";
  EXPECT_FALSE(any_partial(dir));
}

TEST(Record, SecondsGiveFpsTimesSecondsFrames) {
  const auto dir = scratch_dir("record-seconds");
  const auto out = dir / "s.mp4";
  ASSERT_EQ(run_monge("record " + kScene + " -o " + out.string() + " --size 160x96 --fps 12 --seconds 0.5").exit_code, 0);
  EXPECT_EQ(probe(out), "160,96,6\n");
}

TEST(Record, GifAndPngSequence) {
  const auto dir = scratch_dir("record-gif");
  const auto gif = dir / "g.gif", seq = dir / "frames";
  ASSERT_EQ(run_monge("record " + kScene + " -o " + gif.string() + " --size 160x100 --steps 3").exit_code, 0);
  EXPECT_EQ(probe(gif), "160,100,4\n");
  ASSERT_EQ(run_monge("record " + kScene + " -o " + seq.string() + " --size 160x100 --steps 3 --ui").exit_code, 0);
  int pngs = 0;
  for (const auto& e : std::filesystem::directory_iterator(seq)) {
    ++pngs;
    const monge::Image im = monge::read_image(e.path());
    EXPECT_EQ(im.width, 160);
    EXPECT_EQ(im.height, 100);
  }
  EXPECT_EQ(pngs, 4);
  // Frame 0 is the initial state, frame 3 is after three steps: they differ.
  EXPECT_NE(monge::read_image(seq / "frame_00000.png").rgba, monge::read_image(seq / "frame_00003.png").rgba);
  EXPECT_FALSE(any_partial(dir));
}

namespace {
// Pixels of columns [x0, x1) of an RGBA image, row by row.
std::vector<std::uint8_t> columns(const monge::Image& im, int x0, int x1) {
  std::vector<std::uint8_t> out;
  for (int y = 0; y < im.height; ++y)
    for (int x = x0; x < x1; ++x)
      for (int c = 0; c < 4; ++c) out.push_back(im.rgba[(static_cast<std::size_t>(y) * im.width + x) * 4 + c]);
  return out;
}

// Largest per-channel difference between two equal-length pixel lists.
int max_difference(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
  int worst = a.size() == b.size() ? 0 : 255;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) worst = std::max(worst, std::abs(int(a[i]) - int(b[i])));
  return worst;
}
}  // namespace

TEST(Record, SplitViewRecordsEveryVariantSideBySideInOneVideo) {
  const auto dir = scratch_dir("record-split");
  // Two identical variants: the two halves of every frame must match (away from the divider).
  const auto twins = dir / "twins.json";
  {
    std::ofstream out(twins);
    out << R"({"dim": 2, "seed": 3,
      "source": {"kind": "uniform", "shape": "disk", "count": 2000},
      "target": {"kind": "uniform", "shape": "ring", "count": 2000, "radius": 1.5, "width": 0.3},
      "flow": {"kind": "sliced-wasserstein", "projections": 16, "step": 1.0},
      "compare": [{"label": "same", "flow": {"projections": 16}}, {"label": "same", "flow": {"projections": 16}}]})";
  }
  const auto seq = dir / "twins";
  ASSERT_EQ(run_monge("record " + twins.string() + " -o " + seq.string() + " --size 320x160 --steps 2").exit_code, 0);
  const monge::Image last = monge::read_image(seq / "frame_00002.png");
  ASSERT_EQ(last.width, 320);
  // llvmpipe's anti-aliased sprite edges can differ by a few levels at another x offset.
  EXPECT_LE(max_difference(columns(last, 2, 158), columns(last, 162, 318)), 8);
  EXPECT_NE(columns(last, 2, 158), columns(monge::read_image(seq / "frame_00000.png"), 2, 158)) << "the flow must move";

  // The gallery's four estimators: one MP4 with the requested frames; the columns differ.
  const std::string scene = std::string(MONGE_SOURCE_DIR) + "/assets/scenes/sw-estimators-split.json";
  const auto video = dir / "four.mp4", frames = dir / "four";
  ASSERT_EQ(run_monge("record " + scene + " -o " + video.string() + " --size 480x160 --steps 4").exit_code, 0);
  EXPECT_EQ(probe(video), "480,160,5\n");
  ASSERT_EQ(run_monge("record " + scene + " -o " + frames.string() + " --size 480x160 --steps 4").exit_code, 0);
  const monge::Image four = monge::read_image(frames / "frame_00004.png");
  EXPECT_GT(max_difference(columns(four, 4, 116), columns(four, 124, 236)), 64) << "plain and LCV-SW differ after 4 steps";
  EXPECT_FALSE(any_partial(dir));
}

TEST(Record, FailingEncoderLeavesNoPartialFile) {
  const auto dir = scratch_dir("record-fail");
  const auto bin = dir / "bin";
  std::filesystem::create_directories(bin);
  // An ffmpeg that reads a little and dies, like one hitting a full disk.
  write_text(bin / "ffmpeg", "#!/bin/sh\nhead -c 1000 >/dev/null\necho 'No space left on device' >&2\nexit 1\n");
  std::filesystem::permissions(bin / "ffmpeg", std::filesystem::perms::owner_all);
  const auto out = dir / "fail.mp4";
  const auto r = run_monge("record " + kScene + " -o " + out.string() + " --size 160x100 --steps 20", "env PATH=" + bin.string() + ":/usr/bin:/bin");
  EXPECT_EQ(r.exit_code, 3) << r.err;  // an output that could not be written (README)
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(any_partial(dir));
}

TEST(Record, MissingFfmpegSaysWhatToDo) {
  const auto dir = scratch_dir("record-noffmpeg");
  const auto r = run_monge("record " + kScene + " -o " + (dir / "x.mp4").string() + " --steps 2", "env PATH=/nonexistent");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("ffmpeg not found"), std::string::npos) << r.err;
  EXPECT_FALSE(any_partial(dir));
}

TEST(Record, CancelRemovesThePartialOutput) {
  const auto dir = scratch_dir("record-cancel");
  const auto out = dir / "long.mp4";
  const std::string cmd = std::string(MONGE_BINARY_DIR) + "/monge record " + kScene + " -o " + out.string() +
                          " --size 320x180 --steps 100000 >/dev/null 2>" + (dir / "err.txt").string() + " </dev/null & echo $!";
  const int pid = std::stoi(shell(cmd));
  // Wait until the recording has started writing, then interrupt it as Ctrl-C would.
  for (int i = 0; i < 100 && !any_partial(dir); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ::kill(pid, SIGINT);
  for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const bool stopped = ::kill(pid, 0) != 0;
  if (!stopped) ::kill(pid, SIGKILL);
  EXPECT_TRUE(stopped) << "monge did not stop on SIGINT";
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(any_partial(dir));
  EXPECT_NE(slurp(dir / "err.txt").find("cancelled"), std::string::npos);
}

TEST(Record, BadArgumentsExitTwo) {
  EXPECT_EQ(run_monge("record " + kScene + " -o /tmp/x.mp4").exit_code, 2);                          // no length
  EXPECT_EQ(run_monge("record " + kScene + " -o /tmp/x.mp4 --steps 3 --size 321x180").exit_code, 2);  // odd size
  EXPECT_EQ(run_monge("record " + kScene + " -o /tmp/x.mp4 --steps 3 --fps 0").exit_code, 2);
}

TEST(SaveScene, SavedGuiStateReloadsToTheSamePointsAndFrames) {
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no DISPLAY: run under xvfb-run (scripts/test does)";
  const auto dir = scratch_dir("save-scene");
  const auto b = dir / "b.json", c = dir / "c.json";
  ASSERT_EQ(run_monge(kScene + " --size 640x400 --frames 3 --save-scene " + b.string()).exit_code, 0);
  ASSERT_EQ(run_monge(b.string() + " --size 640x400 --frames 3 --save-scene " + c.string()).exit_code, 0);
  EXPECT_EQ(slurp(b), slurp(c)) << "save, load and save again must give the same file";
  // Same measures and flow: `monge run` gives the same points from the original and the saved scene.
  ASSERT_EQ(run_monge("run " + kScene + " --steps 4 --save " + (dir / "a.csv").string()).exit_code, 0);
  ASSERT_EQ(run_monge("run " + b.string() + " --steps 4 --save " + (dir / "b.csv").string()).exit_code, 0);
  EXPECT_EQ(slurp(dir / "a.csv"), slurp(dir / "b.csv"));
  // Same view and camera: recordings of the two saved files have identical frames.
  const std::string opts = " --size 320x200 --steps 4 --fps 10";
  ASSERT_EQ(run_monge("record " + b.string() + " -o " + (dir / "b.mp4").string() + opts).exit_code, 0);
  ASSERT_EQ(run_monge("record " + c.string() + " -o " + (dir / "c.mp4").string() + opts).exit_code, 0);
  EXPECT_EQ(frame_hashes(dir / "b.mp4"), frame_hashes(dir / "c.mp4"));
}

namespace {
// The first frame of `file` decoded to straight RGBA (ffmpeg; `decoder` forces one, e.g. libvpx-vp9,
// whose decoder reads WebM's alpha plane where ffmpeg's native VP9 decoder drops it).
std::string first_frame_rgba(const std::filesystem::path& file, const std::string& decoder = "") {
  const std::filesystem::path raw = file.string() + ".rgba";
  shell("ffmpeg -v error -y " + (decoder.empty() ? "" : "-c:v " + decoder + " ") + "-i " + file.string() +
        " -frames:v 1 -f rawvideo -pix_fmt rgba " + raw.string());
  std::ifstream in(raw, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Fractions of pixels that are fully transparent (alpha <= 2) and fully opaque (alpha >= 253).
std::pair<double, double> alpha_fractions(const std::string& rgba) {
  long long clear = 0, opaque = 0;
  for (std::size_t i = 3; i < rgba.size(); i += 4) {
    const auto a = static_cast<unsigned char>(rgba[i]);
    clear += a <= 2;
    opaque += a >= 253;
  }
  const double n = static_cast<double>(rgba.size() / 4);
  return {clear / n, opaque / n};
}
}  // namespace

TEST(Record, TransparentRecordingsKeepTheirAlpha) {
  // Slides: the default scene (a disk and a ring on an empty background) recorded with
  // --transparent into WebM (VP9 + alpha), ProRes 4444 and PNG frames. The streams must carry
  // alpha (ffprobe), and a decoded frame must hold both see-through background pixels and the
  // opaque particles (alpha 0 and 255 in the same frame).
  const auto dir = scratch_dir("record-alpha");
  const std::string common = " --size 160x120 --steps 2 --transparent";
  const auto webm = dir / "a.webm", mov = dir / "a.mov", pngs = dir / "frames", plain = dir / "plain.mov";
  ASSERT_EQ(run_monge("record " + kScene + " -o " + webm.string() + common).exit_code, 0);
  ASSERT_EQ(run_monge("record " + kScene + " -o " + mov.string() + common).exit_code, 0);
  ASSERT_EQ(run_monge("record " + kScene + " -o " + pngs.string() + common).exit_code, 0);
  ASSERT_EQ(run_monge("record " + kScene + " -o " + plain.string() + " --size 160x120 --steps 2").exit_code, 0);
  const std::string fields = "ffprobe -v error -select_streams v:0 -show_entries stream=codec_name,pix_fmt:stream_tags=alpha_mode -of csv=p=0 ";
  EXPECT_EQ(shell(fields + webm.string()), "vp9,yuv420p,1\n");  // VP9's alpha: a second plane, alpha_mode 1
  EXPECT_EQ(shell(fields + mov.string()).rfind("prores,yuva444p", 0), 0u) << shell(fields + mov.string());
  EXPECT_EQ(shell(fields + plain.string()).rfind("prores,yuv444p", 0), 0u) << shell(fields + plain.string());
  EXPECT_EQ(shell(fields + (pngs / "frame_00000.png").string()), "png,rgba\n");
  const std::vector<std::pair<std::string, std::string>> frames = {{"webm", first_frame_rgba(webm, "libvpx-vp9")},
                                                                    {"mov", first_frame_rgba(mov)},
                                                                    {"png", first_frame_rgba(pngs / "frame_00000.png")}};
  for (const auto& [name, rgba] : frames) {
    ASSERT_EQ(rgba.size(), 160u * 120u * 4u) << name;
    const auto [clear, opaque] = alpha_fractions(rgba);
    EXPECT_GT(clear, 0.2) << name << ": the background must be see-through";
    EXPECT_GT(opaque, 0.05) << name << ": the particles must stay opaque";
    EXPECT_LE(static_cast<unsigned char>(rgba[3]), 2) << name << ": corner pixel";
  }
  const auto [clear, opaque] = alpha_fractions(first_frame_rgba(plain));
  EXPECT_EQ(clear, 0.0);
  EXPECT_EQ(opaque, 1.0);
  // MP4 and GIF have no alpha: refused up front, naming the option and what to use instead.
  const CommandResult mp4 = run_monge("record " + kScene + " -o " + (dir / "a.mp4").string() + common);
  EXPECT_EQ(mp4.exit_code, 2);
  EXPECT_NE(mp4.err.find("--transparent: " + (dir / "a.mp4").string() + " cannot keep an alpha channel"), std::string::npos)
      << mp4.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "a.mp4"));
  EXPECT_FALSE(any_partial(dir));
}
