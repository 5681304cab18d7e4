// Point and weight files (app/io/point_file.hpp): CSV variants, .npy files written by NumPy
// itself (tests/data/io, made by tests/data/generate_io.py), round trips, and every error naming
// the file and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <unistd.h>

#include "app/io/point_file.hpp"
#include "base/errors.hpp"
#include "tests/common/input_errors.hpp"

using namespace monge;
using monge::test::error_of;
namespace fs = std::filesystem;

namespace {

const fs::path kData = fs::path(MONGE_TEST_DATA) / "io";

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("monge_test_point_file_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

fs::path write(const std::string& name, const std::string& text) {
  const fs::path p = scratch(name);
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

// The fixtures' values: a[i, j] = i + j / 8.
Points expected_table() {
  Points a(5, 3);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 3; ++j) a(i, j) = static_cast<float>(i + j / 8.0);
  return a;
}

}  // namespace

TEST(PointFile, CsvWithCommentsHeaderAndMixedSeparators) {
  EXPECT_EQ(load_points(kData / "header_comments.csv"), expected_table());
  EXPECT_EQ(load_points(write("semi.csv", "1;2\n3;4\n")), (Points(2, 2) << 1, 2, 3, 4).finished());
  EXPECT_EQ(load_points(write("crlf.csv", "x y\r\n+1 -2e-1\r\n\r\n3 4")), (Points(2, 2) << 1, -0.2f, 3, 4).finished());
  EXPECT_EQ(load_points(write("one.csv", "5\n6\n")).cols(), 1);
}

TEST(PointFile, NpyFromNumpyInEveryLayout) {
  const Points a = expected_table();
  for (const char* name : {"c_f4.npy", "c_f8.npy", "fortran_f8.npy", "v2_f4.npy"})
    EXPECT_EQ(load_points(kData / name), a) << name;
  const Weights w = load_weights(kData / "weights_1d.npy");
  EXPECT_EQ(w, (Weights(5) << 1, 2, 3, 4, 5).finished());
  EXPECT_EQ(load_weights(kData / "weights_col.npy"), w);
  EXPECT_EQ(load_points(kData / "weights_1d.npy").cols(), 1);
}

TEST(PointFile, IntegerAndBigEndianNpyAreRead) {
  // int64 [[0, 1], [2, 3], [4, 5]] and the fixtures' table as big-endian float64.
  EXPECT_EQ(load_points(kData / "int64.npy"), (Points(3, 2) << 0, 1, 2, 3, 4, 5).finished());
  EXPECT_EQ(load_points(kData / "big_endian.npy"), expected_table());
}

TEST(PointFile, MalformedNpyIsNamed) {
  EXPECT_ERROR_CONTAINS(load_points(kData / "three_d.npy"), "got 3 dimensions");
  EXPECT_ERROR_CONTAINS(load_points(kData / "nan.npy"), "nan.npy: element [1, 2] is not finite");
  EXPECT_ERROR_CONTAINS(load_points(kData / "truncated.npy"), "truncated.npy: truncated");
  // A header promising more points than kMaxPoints is refused before any allocation.
  std::string bytes;
  {
    std::ifstream in(kData / "c_f4.npy", std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const auto at = bytes.find("(5, 3)");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 6, "(900000000, 3)");
  bytes[8] = static_cast<char>(static_cast<unsigned char>(bytes[8]) + 8);  // header length grew by 8
  EXPECT_ERROR_CONTAINS(load_points(write("huge.npy", bytes)), "more than the 50000000 allowed");
}

TEST(PointFile, CsvErrorsNameFileAndLine) {
  EXPECT_ERROR_CONTAINS(load_points(kData / "wrong_columns.csv"), "wrong_columns.csv:4: expected 3 columns, got 2");
  EXPECT_ERROR_CONTAINS(load_points(kData / "nan.csv"), "nan.csv:2: column 2 is not finite (nan)");
  EXPECT_ERROR_CONTAINS(load_points(write("inf.csv", "0,0\n1,-inf\n")), "inf.csv:2: column 2 is not finite");
  EXPECT_ERROR_CONTAINS(load_points(write("big.csv", "0,0\n1,1e39\n")), "big.csv:2: column 2 is out of float32 range");
  EXPECT_ERROR_CONTAINS(load_points(write("word.csv", "x,y\n0,0\n1,abc\n")), "word.csv:3: column 2 ('y') is not a number: 'abc'");
  EXPECT_ERROR_CONTAINS(load_points(write("twoheaders.csv", "x,y\nu,v\n0,0\n")), "twoheaders.csv:2: column 1 ('x') is not a number: 'u'");
  EXPECT_ERROR_CONTAINS(load_points(write("hole.csv", "0,,1\n")), "hole.csv:1: column 2 is empty");
  EXPECT_ERROR_CONTAINS(load_points(write("empty.csv", "")), "empty.csv: empty file");
  EXPECT_ERROR_CONTAINS(load_points(kData / "comments_only.csv"), "comments_only.csv: no points");
  EXPECT_ERROR_CONTAINS(load_points(write("header_only.csv", "x,y\n")), "header_only.csv: no points");
  EXPECT_ERROR_CONTAINS(load_points(scratch("does_not_exist.csv")), "does_not_exist.csv: cannot open");
  EXPECT_ERROR_CONTAINS(load_points(fs::path(MONGE_TEST_DATA)), "is a folder");
}

TEST(PointFile, WeightsAreOneNonNegativeColumnWithPositiveSum) {
  EXPECT_EQ(load_weights(write("w.csv", "# w\n1\n2.5\n0\n")), (Weights(3) << 1, 2.5f, 0).finished());
  EXPECT_ERROR_CONTAINS(load_weights(write("neg.csv", "1\n\n-2\n")), "neg.csv:3: weights must be >= 0");
  EXPECT_ERROR_CONTAINS(load_weights(write("zero.csv", "0\n0\n")), "zero.csv: the weights sum to zero");
  EXPECT_ERROR_CONTAINS(load_weights(kData / "c_f4.npy"), "c_f4.npy: row 0: a weights file has one column, got 3");
}

TEST(PointFile, RoundTripsAreExact) {
  // Awkward floats: shortest round-trip text must give back the very same bits.
  std::mt19937 gen(7);
  std::uniform_real_distribution<float> u(-1000.0f, 1000.0f);
  Points p(200, 3);
  for (Eigen::Index i = 0; i < p.size(); ++i) p.data()[i] = u(gen);
  p(0, 0) = 0.1f;
  p(0, 1) = std::numeric_limits<float>::max();
  p(0, 2) = -std::numeric_limits<float>::denorm_min();
  p(1, 0) = 1e-30f;
  const fs::path csv = scratch("round.csv"), npy = scratch("round.npy");
  save_points_csv(csv, p);
  save_points_npy(npy, p);
  EXPECT_EQ(load_points(csv), p);
  EXPECT_EQ(load_points(npy), p);
  // The .npy header is padded so the data starts at a multiple of 64, as NumPy writes it.
  EXPECT_EQ((fs::file_size(npy) - static_cast<std::uintmax_t>(p.size()) * 4) % 64, 0u);
  // No header or comment in the CSV: one line per point.
  std::ifstream in(csv);
  int lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  EXPECT_EQ(lines, 200);
  EXPECT_ERROR_CONTAINS(save_points_csv(scratch("no_such_dir") / "x.csv", p), "cannot write");
}
