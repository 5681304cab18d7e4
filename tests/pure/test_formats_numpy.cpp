// NumPy files as NumPy writes them (tests/data/formats, made by make_formats.py with np.save,
// np.savez and np.savez_compressed): every float and integer dtype in either byte order, .npz
// archives stored and deflated with "file.npz:NAME", and the damaged variants, each refused with a
// message that names the file and what is wrong.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/io/point_file.hpp"
#include "app/io/zip_archive.hpp"
#include "tests/common/format_tables.hpp"
#include "tests/common/input_errors.hpp"

using namespace monge;
using monge::test::kFormatsData;
using monge::test::table_a;
using monge::test::table_b;

namespace {

std::string path_of(const std::string& name) { return (kFormatsData / name).string(); }

std::string bytes_of(const std::string& name) {
  std::ifstream in(kFormatsData / name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST(FormatsNumpy, EveryFloatDtypeAndLayout) {
  for (const char* name : {"f2.npy", "f4.npy", "f8_big_endian.npy", "f8_fortran.npy"})
    EXPECT_EQ(load_points(kFormatsData / name), table_a()) << name;
}

TEST(FormatsNumpy, EveryIntegerDtypeInBothByteOrders) {
  for (const char* name : {"int_i1.npy", "int_i2.npy", "int_i4.npy", "int_be_i8.npy", "int_u1.npy", "int_u2.npy",
                           "int_be_u4.npy", "int_u8.npy"})
    EXPECT_EQ(load_points(kFormatsData / name), table_b()) << name;
  Points even(5, 3);
  for (int k = 0; k < 15; ++k) even(k / 3, k % 3) = k % 2 == 0 ? 1.0f : 0.0f;
  EXPECT_EQ(load_points(kFormatsData / "bool.npy"), even);
  EXPECT_EQ(load_weights(kFormatsData / "weights_1d_i4.npy"), (Weights(5) << 1, 2, 3, 4, 5).finished());
}

TEST(FormatsNumpy, RefusedDtypesAndShapesSayWhy) {
  EXPECT_ERROR_CONTAINS(load_points(kFormatsData / "longdouble.npy"), "longdouble.npy: unsupported dtype '<f16' (float128 is not portable");
  EXPECT_ERROR_CONTAINS(load_points(kFormatsData / "complex.npy"), "complex.npy: unsupported dtype '<c8' (complex numbers");
  EXPECT_ERROR_CONTAINS(load_points(kFormatsData / "structured.npy"), "structured.npy: unsupported dtype: a structured array");
  EXPECT_ERROR_CONTAINS(load_points(kFormatsData / "scalar.npy"), "scalar.npy: a 0-dimensional array");
  EXPECT_ERROR_CONTAINS(load_points(kFormatsData / "trajectory.npy"), "got 3 dimensions (2, 5, 3); one frame of a trajectory is a[k]");
}

TEST(FormatsNumpy, NpzStoredAndDeflatedWithNamedArrays) {
  for (const char* archive : {"savez.npz", "savez_compressed.npz"}) {
    EXPECT_EQ(load_points(path_of(archive) + ":points"), table_a()) << archive;
    EXPECT_EQ(load_weights(path_of(archive) + ":weights"), (Weights(5) << 1, 2, 3, 4, 5).finished()) << archive;
    // Two arrays and no name: the message lists them and says how to pick one.
    EXPECT_ERROR_CONTAINS(load_points(kFormatsData / archive), "holds 2 arrays ('points', 'weights'): pick one as");
    EXPECT_ERROR_CONTAINS(load_points(path_of(archive) + ":nope"), "no array 'nope' (it holds 'points', 'weights')");
  }
  EXPECT_EQ(load_points(kFormatsData / "single.npz"), table_a());  // one array needs no name
  EXPECT_EQ(load_points(path_of("single.npz") + ":arr_0"), table_a());
  // Errors inside a member name it as file.npz:NAME.
  EXPECT_ERROR_CONTAINS(load_weights(path_of("savez.npz") + ":points"), "savez.npz:points: row 0: a weights file has one column, got 3");
  EXPECT_ERROR_CONTAINS(load_points(path_of("f4.npy") + ":x"), "f4.npy");
}

TEST(FormatsNumpy, DamagedArchivesAreNamedNeverMisread) {
  EXPECT_ERROR_CONTAINS(load_points(path_of("truncated.npz") + ":points"),
                        "truncated.npz: damaged .npz (zip) archive: no end-of-archive record");
  EXPECT_ERROR_CONTAINS(load_points(path_of("damaged_crc.npz") + ":points"), "damaged_crc.npz: member 'points.npy' is damaged: CRC-32 mismatch");
  EXPECT_ERROR_CONTAINS(load_points(path_of("damaged_deflate.npz") + ":points"), "damaged_deflate.npz: member 'points.npy' is damaged");
  // The other member of the damaged archives still reads.
  EXPECT_EQ(load_weights(path_of("damaged_crc.npz") + ":weights"), (Weights(5) << 1, 2, 3, 4, 5).finished());
}

TEST(FormatsNumpy, MagicAndExtensionMustAgree) {
  // Issue 17: a .npy with a damaged magic was parsed as CSV. It is an error, bytes escaped.
  EXPECT_ERROR_CONTAINS(load_points(kFormatsData / "damaged_magic.npy"),
                        "damaged_magic.npy: not a .npy file: it starts with '\\x93NUMPZ\\x01\\0v\\0{\\''");
  EXPECT_ERROR_CONTAINS(load_points(kFormatsData / "damaged_magic.dat"), "damaged_magic.dat: starts with '\\x93NUMPZ");
  EXPECT_ERROR_CONTAINS(load_points(kFormatsData / "npy_named.csv"), "npy_named.csv: is a .npy file (it starts with '\\x93NUMPY");
  EXPECT_ERROR_CONTAINS(load_points(kFormatsData / "savez.npz"), "savez.npz: holds 2 arrays");
  // Content decides where the name does not tell (standard input, ".dat").
  EXPECT_EQ(parse_points(bytes_of("f4.npy"), "<stdin>", ""), table_a());
  EXPECT_EQ(parse_points(bytes_of("savez_compressed.npz"), "<stdin>", "", "points"), table_a());
  EXPECT_ERROR_CONTAINS(parse_points(bytes_of("savez.npz"), "x.npy", ".npy"), "x.npy: is a .npz file (it starts with 'PK\\x03\\x04");
}

TEST(FormatsNumpy, ZipWriterRoundTripsThroughTheReader) {
  const std::vector<std::pair<std::string, std::string>> members = {{"f.npy", "abc"}, {"g.npy", std::string(1000, '\0')}};
  const std::string zip = zip_stored(members);
  const auto listed = zip_members(zip, "w.npz");
  ASSERT_EQ(listed.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(listed[k].name, members[k].first);
    EXPECT_EQ(zip_member_data(zip, listed[k], "w.npz"), members[k].second);
  }
  // Every prefix of an archive is refused cleanly (the end record is at the end).
  for (std::size_t keep = 0; keep < zip.size(); keep += 7)
    EXPECT_NE(monge::test::error_of([&] { zip_members(zip.substr(0, keep), "cut.npz"); }), "") << keep;
}
