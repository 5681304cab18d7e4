// The subcommand parser (app/cli/args.hpp): positionals, options, flags, defaults, and errors
// that name the option at fault.
#include <gtest/gtest.h>

#include "app/cli/args.hpp"
#include "base/errors.hpp"
#include "tests/common/input_errors.hpp"

using namespace monge;
using monge::test::error_of;

namespace {

Args make() {
  Args a("monge sw X Y [options]", "Sliced Wasserstein distance between two point files.");
  a.positional("X", "source points")
      .positional("Y", "target points", false)
      .option("--projections", "N", "number of directions", "100")
      .option("--eps", "E", "regularisation")
      .option("--size", "WxH", "image size", "640x480")
      .flag("--json", "print JSON");
  return a;
}

}  // namespace

TEST(Args, PositionalsOptionsFlagsAndDefaults) {
  Args a = make();
  ASSERT_TRUE(a.parse({"x.csv", "--projections", "50", "y.csv", "--json", "--eps=0.5"}));
  EXPECT_EQ(a.get("X"), "x.csv");
  EXPECT_EQ(a.get("Y"), "y.csv");
  EXPECT_EQ(a.integer("--projections", 1, 1000), 50);
  EXPECT_EQ(a.number("--eps", 0.0), 0.5);
  EXPECT_TRUE(a.has("--json"));
  EXPECT_FALSE(make().has("--json"));
  EXPECT_EQ(a.size("--size"), std::make_pair(640, 480));  // the default
  Args b = make();
  ASSERT_TRUE(b.parse({"x.csv"}));  // Y is optional
  EXPECT_FALSE(b.has("Y"));
  EXPECT_EQ(b.get("--projections"), "100");
  EXPECT_EQ(error_of([&] { b.get("--eps"); }), "--eps: required");
}

TEST(Args, NegativeNumbersAreValuesNotOptions) {
  Args a = make();
  ASSERT_TRUE(a.parse({"-1.5", "--eps", "-0.25"}));
  EXPECT_EQ(a.get("X"), "-1.5");
  EXPECT_EQ(a.number("--eps"), -0.25);
  EXPECT_EQ(error_of([&] { a.number("--eps", 0.0); }), "--eps: must be in [0, 1e+300], got -0.25");
}

TEST(Args, ErrorsNameTheOption) {
  EXPECT_EQ(error_of([] { make().parse({"x", "--bogus"}); }), "--bogus: unknown option (see --help)");
  EXPECT_EQ(error_of([] { make().parse({"x", "--eps"}); }), "--eps: missing value E");
  EXPECT_EQ(error_of([] { make().parse({"x", "--json=1"}); }), "--json: takes no value");
  EXPECT_EQ(error_of([] { make().parse({}); }), "missing argument X (see --help)");
  EXPECT_EQ(error_of([] { make().parse({"a", "b", "c"}); }), "unexpected argument 'c' (see --help)");
  Args a = make();
  ASSERT_TRUE(a.parse({"x", "--eps", "abc", "--projections", "1e3", "--size", "10x"}));
  EXPECT_EQ(error_of([&] { a.number("--eps"); }), "--eps: expected a number, got 'abc'");
  EXPECT_EQ(error_of([&] { a.integer("--projections", 1, 10); }), "--projections: expected an integer, got '1e3'");
  EXPECT_NE(error_of([&] { a.size("--size"); }).find("--size: expected WIDTHxHEIGHT"), std::string::npos);
  Args b = make();
  ASSERT_TRUE(b.parse({"x", "--projections", "5000", "--eps", "nan", "--size", "20000x10"}));
  EXPECT_EQ(error_of([&] { b.integer("--projections", 1, 1000); }), "--projections: must be between 1 and 1000, got 5000");
  EXPECT_EQ(error_of([&] { b.number("--eps"); }), "--eps: expected a number, got 'nan'");
  EXPECT_NE(error_of([&] { b.size("--size"); }).find("sides 1..16384"), std::string::npos);
}

TEST(Args, HelpListsEverythingAndStopsParsing) {
  Args a = make();
  const std::string h = a.help();
  EXPECT_EQ(h.rfind("usage: monge sw X Y [options]", 0), 0u);
  for (const char* s : {"--projections N", "number of directions (default 100)", "--eps E", "--json", "source points", "--help"})
    EXPECT_NE(h.find(s), std::string::npos) << s;
  testing::internal::CaptureStdout();
  const bool go_on = a.parse({"x", "--help"});
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_FALSE(go_on);
  EXPECT_EQ(out, h);
}
