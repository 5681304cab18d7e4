// Plot data as CSV (app/io/series_csv.hpp): header, one row per step, gaps for shorter series,
// "nan" for non-finite values, quoted labels, and no partial file on a failed write.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "app/io/series_csv.hpp"
#include "tests/common/temp_files.hpp"

using namespace monge;

TEST(SeriesCsv, RowsPerStepGapsNanAndQuotedLabels) {
  const auto dir = std::filesystem::temp_directory_path() / ("monge_series_csv_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "p.csv";
  write_series_csv(path, "step", {{"sw", {0.5f, 0.25f, NAN}}, {"eps = 0.1, fast", {1.0f}}});
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "step,sw,\"eps = 0.1, fast\"\n0,0.5,1\n1,0.25,\n2,nan,\n");
  EXPECT_FALSE(monge::test::has_temporary_files(dir));
  EXPECT_THROW(write_series_csv(dir / "missing" / "q.csv", "step", {{"a", {1.0f}}}), std::runtime_error);
  EXPECT_FALSE(monge::test::has_temporary_files(dir));
  std::filesystem::remove_all(dir);
}
