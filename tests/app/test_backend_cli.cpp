// App tier: --backend on the headless commands. A bad name is refused naming the option; asking
// for CUDA where it cannot run (no device, or a build without nvcc) says so once on stderr and
// gives the CPU's results; the summaries say which backend ran.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "run_command.hpp"
#include "solvers/backend/backend.hpp"

using namespace monge::testing;

namespace {
const std::string kDefaultScene = std::string(MONGE_SOURCE_DIR) + "/assets/scenes/default.json";

int occurrences(const std::string& text, const std::string& what) {
  int n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}
}  // namespace

TEST(BackendCli, BadNameIsRefusedNamingTheOption) {
  for (const std::string& cmd : {"run " + kDefaultScene + " --steps 1", std::string("sw a.csv b.csv")}) {
    const auto r = run_monge(cmd + " --backend gpu");
    EXPECT_EQ(r.exit_code, 2) << cmd;
    EXPECT_NE(r.err.find("--backend: expected one of auto, cpu, cuda, got 'gpu'"), std::string::npos) << r.err;
  }
}

TEST(BackendCli, RunSaysWhichBackendRan) {
  const auto dir = scratch_dir("backend");
  const auto cpu = run_monge("run " + kDefaultScene + " --steps 3 --json --backend cpu --save " + (dir / "cpu.csv").string());
  ASSERT_EQ(cpu.exit_code, 0) << cpu.err;
  EXPECT_EQ(nlohmann::json::parse(cpu.out)["backend"], "CPU");
  EXPECT_EQ(occurrences(cpu.err, "CUDA unavailable"), 0) << "--backend cpu never mentions CUDA";

  const auto cuda = run_monge("run " + kDefaultScene + " --steps 3 --json --backend cuda --save " + (dir / "cuda.csv").string());
  ASSERT_EQ(cuda.exit_code, 0) << cuda.err;
  const std::string ran = nlohmann::json::parse(cuda.out)["backend"];
  if (monge::cuda_status().usable) {
    EXPECT_EQ(ran.rfind("CUDA (", 0), 0u) << ran;
  } else {
    EXPECT_EQ(ran, "CPU");
    EXPECT_EQ(occurrences(cuda.err, "monge: CUDA unavailable: "), 1) << "said once: " << cuda.err;
    EXPECT_EQ(slurp(dir / "cuda.csv"), slurp(dir / "cpu.csv")) << "the fallback is the CPU, bit for bit";
  }
}
