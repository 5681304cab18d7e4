// quote_bytes / escape_bytes (base/quoted_bytes.hpp): file bytes in one-line messages.
#include <gtest/gtest.h>

#include "base/quoted_bytes.hpp"

using namespace monge;

TEST(QuotedBytes, EscapesWhatIsNotPrintableText) {
  EXPECT_EQ(quote_bytes("abc"), "'abc'");
  EXPECT_EQ(quote_bytes(std::string_view("\x93NUMPY\x01\x00v\x00{'", 12)), "'\\x93NUMPY\\x01\\0v\\0{\\''");
  EXPECT_EQ(quote_bytes("a\tb\r\nc\\d\x7f"), "'a\\tb\\r\\nc\\\\d\\x7f'");
  // Well-formed UTF-8 stays readable; broken sequences, overlong forms and surrogates do not.
  EXPECT_EQ(quote_bytes("donn\xc3\xa9" "es \xe2\x82\xac \xf0\x9f\x98\x80"), "'donn\xc3\xa9" "es \xe2\x82\xac \xf0\x9f\x98\x80'");
  EXPECT_EQ(quote_bytes("\xc3(\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80"), "'\\xc3(\\xc0\\xaf\\xed\\xa0\\x80\\xf4\\x90\\x80\\x80'");
  EXPECT_EQ(escape_bytes("it's\x01"), "it's\\x01");
}

TEST(QuotedBytes, CutsShortWithoutSplittingACharacter) {
  EXPECT_EQ(quote_bytes(std::string(100, 'x'), 5), "'xxxxx'...");
  EXPECT_EQ(quote_bytes("abcd\xc3\xa9", 5), "'abcd'...");    // the 2-byte e-acute would be cut: left out
  EXPECT_EQ(quote_bytes("abcd\xc3\xa9", 6), "'abcd\xc3\xa9'");
  EXPECT_EQ(quote_bytes(std::string(1000, '\xff')).size(), 2 + 40 * 4 + 3u);  // 40 escapes and "..."
}

TEST(QuotedBytes, PrintableEscapesOnlyWhatATerminalWouldMisread) {
  // A JSON path holding "\u0001\u001b[31m" (an ANSI colour sequence) and an invalid byte; the
  // backslashes and quotes of escapes already made stay as they are, so twice changes nothing.
  const std::string message = "s.json: source.path: a\x01\x1b[31m\xff.csv: 'x\\x93'";
  EXPECT_EQ(printable(message), "s.json: source.path: a\\x01\\x1b[31m\\xff.csv: 'x\\x93'");
  EXPECT_EQ(printable(printable(message)), printable(message));
  EXPECT_EQ(printable("caf\xc3\xa9"), "caf\xc3\xa9");
}
