#pragma once
// main() of the GPU benchmarks (bench/gpu_*.cpp): Google Benchmark's, plus what scripts/gpu-check
// relies on. Google Benchmark reports a case that called SkipWithError and still exits 0, so
//   - with MONGE_REQUIRE_CUDA=1 the program fails at once, saying why, where CUDA cannot run;
//   - a run in which any case reported an error exits 1.
// Without MONGE_REQUIRE_CUDA, on a machine without a GPU, the CUDA cases report
// "skipped: <reason>" and the CPU cases still run.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <vector>

#include "solvers/backend/backend.hpp"

namespace monge {

// Console output as usual, counting the cases that reported an error.
class ErrorCountingReporter : public benchmark::ConsoleReporter {
 public:
  int errors = 0;
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) errors += run.error_occurred ? 1 : 0;
    ConsoleReporter::ReportRuns(runs);
  }
};

inline int run_gpu_benchmarks(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (cuda_required() && !cuda_status().usable) {
    std::fprintf(stderr, "%s: MONGE_REQUIRE_CUDA=1 but CUDA cannot run: %s\n", argv[0], cuda_status().reason.c_str());
    return 1;
  }
  ErrorCountingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  const bool skips_allowed = !cuda_required() && !cuda_status().usable;
  if (reporter.errors > 0 && !skips_allowed) {
    std::fprintf(stderr, "%s: %d case(s) reported an error\n", argv[0], reporter.errors);
    return 1;
  }
  return 0;
}

}  // namespace monge

#define MONGE_GPU_BENCHMARK_MAIN() \
  int main(int argc, char** argv) { return monge::run_gpu_benchmarks(argc, argv); }
