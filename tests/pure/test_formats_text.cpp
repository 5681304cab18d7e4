// Text point files as their tools write them (tests/data/formats, made by make_formats.py):
// pandas' to_csv in its variants (index column, no index, index_label=False, TSV, text index,
// NaN, decimal comma), np.savetxt, R's write.csv, Excel's BOM and CRLF; the header rule (a header
// is a row with a token that is not a number: 1e400 is a number too large, an error naming its
// line, never a header); control bytes refused, file bytes escaped in messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/io/point_file.hpp"
#include "tests/common/format_tables.hpp"
#include "tests/common/input_errors.hpp"

using namespace monge;
using monge::test::kFormatsData;
using monge::test::table_a;

namespace {

Points csv(const std::string& text) { return parse_points(text, "t.csv", ".csv"); }

}  // namespace

TEST(FormatsText, PandasToCsvInEveryVariant) {
  for (const char* name : {"pandas_index.csv", "pandas_no_index.csv", "pandas_index_label_false.csv", "pandas_tab.tsv",
                           "pandas_text_index.csv"})
    EXPECT_EQ(load_points(kFormatsData / name), table_a()) << name;
  // Series.to_csv(): the header ",0" has an empty index field, then one column of values.
  EXPECT_EQ(load_weights(kFormatsData / "pandas_series_weights.csv"), (Weights(5) << 1, 2, 3, 4, 5).finished());
}

TEST(FormatsText, OtherWritersSavetxtRExcel) {
  for (const char* name : {"savetxt.txt", "r_write_csv.csv", "excel_bom.csv"}) EXPECT_EQ(load_points(kFormatsData / name), table_a()) << name;
}

TEST(FormatsText, PandasMistakesAreNamedWithTheirColumn) {
  // NaN: pandas writes an empty field; the message says which column and why it is empty.
  EXPECT_ERROR_CONTAINS(load_points(kFormatsData / "pandas_nan.csv"),
                        "pandas_nan.csv:4: column 3 ('y') is empty (a missing value; pandas writes NaN as an empty field)");
  EXPECT_ERROR_CONTAINS(load_points(kFormatsData / "pandas_decimal_comma.csv"),
                        "pandas_decimal_comma.csv:2: column 2 ('x') is not a number: '0,0' (a decimal comma?");
}

TEST(FormatsText, HeaderIsARowWithANonNumberToken) {
  // Issue 17: a first row holding 1e400 was taken as a header and silently dropped.
  EXPECT_ERROR_CONTAINS(load_points(kFormatsData / "overflow_first_row.csv"), "overflow_first_row.csv:1: column 1 is out of float32 range (1e400)");
  EXPECT_ERROR_CONTAINS(csv("x,y\n1,2\n1e400,3\n"), "t.csv:3: column 1 ('x') is out of float32 range (1e400)");
  EXPECT_ERROR_CONTAINS(csv("1e39 2\n"), "t.csv:1: column 1 is out of float32 range (1e39)");
  EXPECT_ERROR_CONTAINS(csv("nan,2\n"), "t.csv:1: column 1 is not finite (nan)");  // a number token: not a header
  EXPECT_EQ(load_points(kFormatsData / "underflow.csv"), (Points(2, 2) << 0, 1, 0, 2).finished());
  // A row of numbers with a hole is data with a missing value, not a header.
  EXPECT_ERROR_CONTAINS(csv("1,,2\n3,4,5\n"), "t.csv:1: column 2 is empty");
  // Headers: any word; an empty first field marks an index column, dropped whatever it holds.
  EXPECT_EQ(csv("x;y\n1;2\n"), (Points(1, 2) << 1, 2).finished());
  EXPECT_EQ(csv(",a,b\nrow1,1,2\nrow2,3,4\n"), (Points(2, 2) << 1, 2, 3, 4).finished());
  EXPECT_EQ(csv("\"\",\"a\"\n\"1\",5\n"), (Points(1, 1) << 5).finished());
  // Numbers only: no header, whatever the first row holds.
  EXPECT_EQ(csv("0,1\n2,3\n"), (Points(2, 2) << 0, 1, 2, 3).finished());
  // A second word row is an error in its column.
  EXPECT_ERROR_CONTAINS(csv("x,y\nu,v\n"), "t.csv:2: column 1 ('x') is not a number: 'u'");
}

TEST(FormatsText, LongNumbersAndBinaryBytesAreShownShortAndEscaped) {
  const std::string digits(400, '9');
  const std::string message = monge::test::error_of([&] { csv(digits + ",1\n"); });
  EXPECT_NE(message.find("t.csv:1: column 1 is out of float32 range (9999999999999999999999999999999999999999...)"),
            std::string::npos)
      << message;
  EXPECT_LT(message.size(), 120u);
  EXPECT_ERROR_CONTAINS(csv("1,2\n3,\x93\xff\xfe\n"), "t.csv:2: column 2 is not a number: '\\x93\\xff\\xfe'");
  EXPECT_ERROR_CONTAINS(csv("1,2\n3,4\x01\n"), "t.csv:2: not text: control byte '\\x01'");
  EXPECT_ERROR_CONTAINS(csv("1,2\n3,caf\xc3\xa9\n"), "column 2 is not a number: 'caf\xc3\xa9'");  // UTF-8 stays readable
}
