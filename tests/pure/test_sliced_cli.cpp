// `monge sw` (app/cli/cmd_sw.cpp, in monge_cli_headless) run in-process: the JSON contract, the
// readable line, and errors that name the files and options.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/cli/commands.hpp"
#include "app/io/point_file.hpp"
#include "solvers/sliced/sliced_wasserstein.hpp"
#include "base/errors.hpp"
#include "tests/common/temp_files.hpp"

using namespace monge;

namespace {

std::filesystem::path scratch() {
  return test::process_scratch_dir("sliced-cli");
}

std::string write_csv(const std::string& name, const std::vector<std::vector<double>>& rows) {
  const auto path = scratch() / name;
  std::ofstream f(path);
  for (const auto& r : rows) {
    for (std::size_t j = 0; j < r.size(); ++j) f << (j ? "," : "") << r[j];
    f << "\n";
  }
  return path.string();
}

std::string run_sw(const CommandArgs& args, int* code = nullptr) {
  ::testing::internal::CaptureStdout();
  int rc = -1;
  try {
    rc = cmd_sw(args);
  } catch (...) {
    ::testing::internal::GetCapturedStdout();
    throw;
  }
  if (code) *code = rc;
  return ::testing::internal::GetCapturedStdout();
}

std::string error_of(const CommandArgs& args) {
  try {
    run_sw(args);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(SwCommand, JsonContractIn1DIsTheExactDistance) {
  // 1D, uniform: X = {0, 1, 2}, Y = {3, 5, 7}: W_2^2 = (9 + 16 + 25) / 3, W_1 = (3 + 4 + 5) / 3.
  const std::string x = write_csv("x1.csv", {{0}, {1}, {2}}), y = write_csv("y1.csv", {{3}, {5}, {7}});
  int code = -1;
  const auto out = nlohmann::json::parse(run_sw({x, y, "--json"}, &code));
  EXPECT_EQ(code, 0);
  EXPECT_NEAR(out["value"].get<double>(), std::sqrt(50.0 / 3), 1e-6);
  EXPECT_EQ(out["stderr"].get<double>(), 0.0);
  EXPECT_EQ(out["projections"].get<int>(), 1);
  EXPECT_GE(out["seconds"].get<double>(), 0.0);
  for (const char* key : {"p", "directions", "estimator", "n", "m", "d", "seed", "value_pow"})
    EXPECT_TRUE(out.contains(key)) << key;
  const auto w1 = nlohmann::json::parse(run_sw({x, y, "--json", "--p", "1"}));
  EXPECT_NEAR(w1["value"].get<double>(), 4.0, 1e-6);
  // Weights: all of X's mass on 2, Y uniform: W_1 = (1 + 3 + 5) / 3.
  const std::string wx = write_csv("wx.csv", {{0}, {0}, {1}});
  const auto w = nlohmann::json::parse(run_sw({x, y, "--json", "--p", "1", "--weights-x", wx}));
  EXPECT_NEAR(w["value"].get<double>(), 3.0, 1e-6);
}

TEST(SwCommand, MatchesTheLibraryAndPrintsAReadableLine) {
  std::vector<std::vector<double>> a, b;
  for (int i = 0; i < 200; ++i) {
    a.push_back({std::cos(i * 0.1), std::sin(i * 0.37), 0.01 * i});
    b.push_back({2 + std::sin(i * 0.2), std::cos(i * 0.11), -0.02 * i});
  }
  const std::string x = write_csv("x3.csv", a), y = write_csv("y3.csv", b);
  const auto out = nlohmann::json::parse(
      run_sw({x, y, "--json", "--projections", "50", "--seed", "7", "--estimator", "ucv", "--directions", "orthogonal"}));
  SlicedOptions o;
  o.projections = 50;
  o.seed = 7;
  o.estimator = Estimator::UpperCV;
  o.directions = DirectionScheme::Orthogonal;
  SlicedWasserstein engine;
  const SlicedResult r = engine.evaluate(load_points(x), {}, load_points(y), {}, o);
  EXPECT_DOUBLE_EQ(out["value"].get<double>(), r.value);
  EXPECT_DOUBLE_EQ(out["stderr"].get<double>(), r.std_error);
  EXPECT_EQ(out["d"].get<int>(), 3);
  EXPECT_EQ(out["directions"], "orthogonal");
  const std::string line = run_sw({x, y, "--projections", "20"});
  EXPECT_EQ(line.rfind("SW_2 = ", 0), 0u) << line;
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1);
  for (const char* scheme : {"qmc", "max", "vmf"})
    EXPECT_GT(nlohmann::json::parse(run_sw({x, y, "--json", "--directions", scheme}))["value"].get<double>(), 0.0);
}

TEST(SwCommand, ErrorsNameTheFilesAndOptions) {
  const std::string x2 = write_csv("x2.csv", {{0, 0}, {1, 1}}), y3 = write_csv("y3d.csv", {{0, 0, 0}, {1, 1, 1}});
  const std::string e = error_of({x2, y3});
  EXPECT_NE(e.find("x2.csv"), std::string::npos) << e;
  EXPECT_NE(e.find("y3d.csv"), std::string::npos) << e;
  EXPECT_NE(e.find("dimension"), std::string::npos) << e;
  const std::string w = write_csv("w3.csv", {{1}, {1}, {1}});
  const std::string ew = error_of({x2, x2, "--weights-y", w});
  EXPECT_NE(ew.find("--weights-y"), std::string::npos) << ew;
  EXPECT_NE(ew.find("3 weights"), std::string::npos) << ew;
  EXPECT_NE(error_of({x2, x2, "--directions", "sobol"}).find("--directions"), std::string::npos);
  EXPECT_NE(error_of({x2, x2, "--estimator", "cv"}).find("--estimator"), std::string::npos);
  EXPECT_NE(error_of({x2, x2, "--p", "3"}).find("--p"), std::string::npos);
  EXPECT_NE(error_of({x2, (scratch() / "missing.csv").string()}).find("missing.csv"), std::string::npos);
  EXPECT_NE(error_of({x2, x2, "--directions", "max", "--estimator", "lcv"}).find("estimator"), std::string::npos);
  int code = -1;
  run_sw({"--help"}, &code);
  EXPECT_EQ(code, 0);
}
