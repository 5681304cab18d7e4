// `monge sinkhorn` (app/cli/cmd_sinkhorn.cpp, in monge_cli_headless) run in-process: the JSON
// fields of the tiled online mode, --no-truncate, --dense-memory and its errors.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/cli/commands.hpp"
#include "base/errors.hpp"
#include "tests/common/input_errors.hpp"
#include "tests/common/temp_files.hpp"

using namespace monge;

namespace {

std::string write_cloud(const std::string& name, int n, double shift) {
  const auto path = test::process_scratch_dir("entropic-cli") / name;
  std::ofstream f(path);
  for (int i = 0; i < n; ++i) f << shift + std::fmod(0.618034 * i, 1.0) << "," << std::fmod(0.754878 * i, 1.0) << "\n";
  return path.string();
}

nlohmann::json run_json(CommandArgs args) {
  args.insert(args.end(), {"--json", "--backend", "cpu"});
  ::testing::internal::CaptureStdout();
  try {
    EXPECT_EQ(cmd_sinkhorn(args), 0);
  } catch (...) {
    ::testing::internal::GetCapturedStdout();
    throw;
  }
  return nlohmann::json::parse(::testing::internal::GetCapturedStdout());
}

}  // namespace

TEST(SinkhornCommand, TiledModeReportsItsTruncation) {
  const std::string x = write_cloud("x.csv", 300, 0), y = write_cloud("y.csv", 250, 0.1);
  const auto cut = run_json({x, y, "--eps", "0.002", "--tol", "1e-4"});
  EXPECT_EQ(cut["mode"], "online");
  EXPECT_TRUE(cut["tiled"].get<bool>());
  EXPECT_TRUE(cut["converged"].get<bool>());
  const auto& t = cut["truncation"];
  EXPECT_LT(t["kept_fraction"].get<double>(), 1.0);
  EXPECT_LE(t["dropped_mass"].get<double>(), 1e-4 / 20);
  for (const char* key : {"dropped_cost", "objective_bound"}) EXPECT_GE(t[key].get<double>(), 0.0) << key;
  EXPECT_GT(cut["kernel_entries"].get<long long>(), 0);
  EXPECT_EQ(cut["clusters"].size(), 2u);
  EXPECT_TRUE(cut.contains("coarse_iterations"));
  EXPECT_TRUE(cut["simd"].is_string());
  EXPECT_GT(cut["dense_memory_mb"].get<double>(), 0.0);
  const auto full = run_json({x, y, "--eps", "0.002", "--tol", "1e-4", "--no-truncate"});
  EXPECT_EQ(full["truncation"]["kept_fraction"].get<double>(), 1.0);
  EXPECT_EQ(full["truncation"]["dropped_mass"].get<double>(), 0.0);
  EXPECT_NEAR(full["objective"].get<double>(), cut["objective"].get<double>(), 4e-4);
  // At tol 1e-9 the stored kernel serves (it fits); with no memory for it, the online mode.
  EXPECT_EQ(run_json({x, y, "--eps", "0.01", "--tol", "1e-9"})["mode"], "dense");
  const auto small = run_json({x, y, "--eps", "0.01", "--tol", "1e-9", "--dense-memory", "0"});
  EXPECT_EQ(small["mode"], "online");
  EXPECT_EQ(small["dense_memory_mb"].get<double>(), 0.0);
}

TEST(SinkhornCommand, DenseMemoryErrorsNameTheOption) {
  const std::string x = write_cloud("x.csv", 30, 0), y = write_cloud("y.csv", 20, 0.1);
  EXPECT_ERROR_CONTAINS(run_json({x, y, "--eps", "0.05", "--method", "sns", "--dense-memory", "0"}), "--dense-memory");
  EXPECT_ERROR_CONTAINS(run_json({x, y, "--eps", "0.05", "--dense-memory", "-5"}), "--dense-memory");
  EXPECT_ERROR_CONTAINS(run_json({x, y, "--eps", "0.05", "--dense-memory", "lots"}), "--dense-memory");
}
