// The timeline: snapshots under a memory cap (thinned, never dropped at the ends), truncation
// for resuming, and the trajectory/diagnostics exports.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/scene/timeline.hpp"
#include "tests/common/temp_files.hpp"

using namespace monge;

namespace {
FlowState state_at(std::uint64_t step, int n = 100) {
  FlowState s;
  s.step = step;
  s.time = 0.1 * static_cast<double>(step);
  s.points = Points::Constant(n, 2, static_cast<float>(step));
  return s;
}
std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}
}  // namespace

TEST(Timeline, KeepsEveryStepUnderTheCap) {
  Timeline t;
  for (std::uint64_t k = 0; k <= 50; ++k) t.push(state_at(k), {{"sw", 1.0 / (k + 1)}});
  ASSERT_EQ(t.size(), 51u);
  EXPECT_EQ(t.spacing(), 1u);
  EXPECT_EQ(t.frame(17).state.step, 17u);
  EXPECT_EQ(t.frame(17).state.points(3, 1), 17.0f);
  EXPECT_EQ(t.index_of_step(33), 33u);
}

TEST(Timeline, ThinsUnderTheCapKeepingFirstAndNewestAndEvenCoverage) {
  const std::size_t per_frame = 100 * 2 * sizeof(float) + sizeof(TimelineFrame);
  Timeline t(per_frame * 40);  // room for about 40 frames
  for (std::uint64_t k = 0; k <= 1000; ++k) {
    t.push(state_at(k), {});
    ASSERT_LE(t.bytes(), t.cap() + per_frame) << "at step " << k;
  }
  EXPECT_LE(t.size(), 41u);
  EXPECT_GE(t.size(), 10u);
  EXPECT_EQ(t.frame(0).state.step, 0u);
  EXPECT_EQ(t.frame(t.size() - 1).state.step, 1000u);
  EXPECT_GT(t.spacing(), 1u);
  // Steps increase, with gaps no larger than the spacing (except up to the newest frame).
  for (std::size_t i = 1; i + 1 < t.size(); ++i) {
    EXPECT_GT(t.frame(i).state.step, t.frame(i - 1).state.step);
    EXPECT_LE(t.frame(i).state.step - t.frame(i - 1).state.step, t.spacing());
  }
}

TEST(Timeline, TruncateAfterDropsLaterFrames) {
  Timeline t;
  for (std::uint64_t k = 0; k < 10; ++k) t.push(state_at(k), {});
  const std::size_t before = t.bytes();
  t.truncate_after(4);
  EXPECT_EQ(t.size(), 5u);
  EXPECT_EQ(t.frame(4).state.step, 4u);
  EXPECT_LT(t.bytes(), before);
  t.push(state_at(5), {});
  EXPECT_EQ(t.size(), 6u);
}

TEST(Timeline, ExportsTrajectoryAsCsvAndNpyAndDiagnosticsAsCsv) {
  Timeline t;
  for (std::uint64_t k = 0; k < 3; ++k) t.push(state_at(k, 4), {{"sw", 0.5 * static_cast<double>(k)}, {"displacement", 1.0}});
  const auto dir = test::process_scratch_dir("timeline");
  t.export_positions(dir / "p.csv");
  const std::string csv = slurp(dir / "p.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "step,time,particle,x0,x1");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 3 * 4);
  EXPECT_NE(csv.find("\n2,0.2,3,2,2\n"), std::string::npos);

  t.export_positions(dir / "p.npy");
  const std::string npy = slurp(dir / "p.npy");
  ASSERT_EQ(npy.substr(0, 6), "\x93NUMPY");
  const std::size_t header_len = static_cast<unsigned char>(npy[8]) | static_cast<unsigned char>(npy[9]) << 8;
  EXPECT_EQ((10 + header_len) % 64, 0u);
  EXPECT_NE(npy.find("'shape': (3, 4, 2)"), std::string::npos);
  ASSERT_EQ(npy.size(), 10 + header_len + 3 * 4 * 2 * sizeof(float));
  float last;
  std::memcpy(&last, npy.data() + npy.size() - 4, 4);
  EXPECT_EQ(last, 2.0f);

  t.export_diagnostics_csv(dir / "d.csv");
  EXPECT_EQ(slurp(dir / "d.csv"), "step,time,sw,displacement\n0,0,0,1\n1,0.1,0.5,1\n2,0.2,1,1\n");
  std::filesystem::remove_all(dir);
}

TEST(Timeline, ExportToMissingFolderThrows) {
  Timeline t;
  t.push(state_at(0), {});
  EXPECT_THROW(t.export_positions("/nonexistent-folder/p.csv"), std::runtime_error);
  EXPECT_THROW(t.export_diagnostics_csv("/nonexistent-folder/d.csv"), std::runtime_error);
}
