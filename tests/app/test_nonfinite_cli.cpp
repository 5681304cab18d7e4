// App tier, issue 17's inputs as a hostile user gave them: points at +-3e38 and +-1e20 for `sw`
// and `sinkhorn`, and 10^7 projections of 1000-dimensional points. Each is refused up front (exit
// 2, one line naming the file or option, the bound or the memory estimate), never "null",
// "inf", "nan", std::bad_alloc or a minute-long loop.
#include <gtest/gtest.h>

#include <chrono>

#include "run_command.hpp"

using namespace monge::testing;

namespace {

std::size_t count_lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

void expect_refused(const CommandResult& r, const std::string& needle) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  EXPECT_EQ(count_lines(r.err), 1u) << r.err;
  EXPECT_EQ(r.out, "");  // no JSON with null, no "inf +- nan"
}

}  // namespace

TEST(NonFiniteCli, HugeCoordinatesAreRefusedWithTheBound) {
  const auto dir = scratch_dir("nonfinite-cli");
  write_text(dir / "far38.csv", "3e38,3e38\n-3e38,-3e38\n1,2\n");
  write_text(dir / "far20.csv", "1e20,1e20\n-1e20,-1e20\n1,2\n");
  write_text(dir / "y.csv", "0,0\n1,1\n2,0\n");
  const std::string y = " " + (dir / "y.csv").string() + " --backend cpu --json";
  const std::string bound = ": point 0, coordinate 0 is ";
  const std::string why = "coordinates must be finite and at most 1e12 in magnitude";
  for (const char* file : {"far38.csv", "far20.csv"}) {
    const std::string x = (dir / file).string();
    SCOPED_TRACE(file);
    const auto start = std::chrono::steady_clock::now();
    expect_refused(run_monge("sw " + x + y), x + bound);
    expect_refused(run_monge("sinkhorn " + x + y + " --eps 0.1"), why);
    // +-3e38 ran 90 s and died in std::bad_alloc.
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 20.0);
  }
  // At the bound: finite numbers in the JSON.
  write_text(dir / "near.csv", "1e12,0\n0,1\n");
  const auto r = run_monge("sw " + (dir / "near.csv").string() + y);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("null"), std::string::npos) << r.out;
}

TEST(NonFiniteCli, ProjectionsBeyondTheMachinesMemoryAreRefusedWithTheEstimate) {
  // --projections 10000000 with 1000-dimensional points died in std::bad_alloc (exit 1, raw
  // text). The child's address space is capped at 8 GiB so that the refusal does not depend on
  // the machine running the test (the estimate, 40.3 GB: the directions alone are 40 GB, exceeds both).
  const auto dir = scratch_dir("projections-cli");
  std::string row;
  for (int k = 0; k < 1000; ++k) row += (k ? "," : "") + std::to_string(k % 7);
  write_text(dir / "x.csv", row + "\n" + row + "\n");
  write_text(dir / "y.csv", row + "\n");
  const auto r = run_monge("sw " + (dir / "x.csv").string() + " " + (dir / "y.csv").string() +
                               " --projections 10000000 --backend cpu",
                           "ulimit -v 8388608;");
  expect_refused(r, "monge: projections: 10000000 directions x d = 1000 needs 40.3 GB of memory; this machine has ");
}
