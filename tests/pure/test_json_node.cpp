// JsonNode (app/scene/json_node.hpp): checked reads whose errors name the file and JSON path.
#include <gtest/gtest.h>

#include "app/scene/json_node.hpp"
#include "base/errors.hpp"
#include "tests/common/input_errors.hpp"

using namespace monge;
using monge::test::error_of;
using nlohmann::json;

namespace {

const json kDoc = json::parse(R"({
  "n": 2.5, "i": 7, "big": 1e20, "s": "disk", "b": true, "nul": null,
  "v": [1, 2, 3], "m": [[1, 0], [0, 1]], "ragged": [[1, 0], [0]], "bad": [1, "x"],
  "obj": {"inner": {"list": [0, {"deep": "y"}]}}
})");

}  // namespace

TEST(JsonNode, ScalarsAndRanges) {
  const JsonNode root(kDoc, "f.json");
  EXPECT_EQ(root["n"].number(), 2.5);
  EXPECT_EQ(root["n"].number(0, 3), 2.5);
  EXPECT_EQ(error_of([&] { root["n"].number(3, 4); }), "f.json: n: must be in [3, 4], got 2.5");
  EXPECT_EQ(root["i"].integer(0, 10), 7);
  EXPECT_EQ(error_of([&] { root["n"].integer(0, 10); }), "f.json: n: expected an integer");
  EXPECT_EQ(error_of([&] { root["i"].integer(0, 5); }), "f.json: i: must be between 0 and 5, got 7");
  EXPECT_NE(error_of([&] { root["big"].integer(0, 1000); }).find("f.json: big: must be between 0 and 1000"), std::string::npos);
  EXPECT_EQ(error_of([&] { root["s"].number(); }), "f.json: s: expected a number, got a string");
  EXPECT_EQ(root["s"].string(), "disk");
  EXPECT_EQ(error_of([&] { root["i"].string(); }), "f.json: i: expected a string, got a number");
  EXPECT_EQ(root["b"].boolean(), true);
  EXPECT_EQ(error_of([&] { root["s"].boolean(); }), "f.json: s: expected true or false, got a string");
  EXPECT_EQ(root["s"].choice({"disk", "ring"}), "disk");
  EXPECT_EQ(error_of([&] { root["s"].choice({"ring", "ball"}); }),
            "f.json: s: unknown value \"disk\" (expected one of: ring, ball)");
}

TEST(JsonNode, MissingNullAndDefaults) {
  const JsonNode root(kDoc, "f.json");
  EXPECT_TRUE(root.has("n"));
  EXPECT_FALSE(root.has("nul"));  // null counts as absent
  EXPECT_FALSE(root.has("zzz"));
  EXPECT_EQ(error_of([&] { root["zzz"]; }), "f.json: zzz: missing field");
  EXPECT_EQ(error_of([&] { root["nul"]; }), "f.json: nul: missing field");
  EXPECT_EQ(root.number_or("zzz", 4.0), 4.0);
  EXPECT_EQ(root.number_or("nul", 4.0), 4.0);
  EXPECT_EQ(root.number_or("n", 4.0), 2.5);
  EXPECT_EQ(error_of([&] { root.number_or("n", 4.0, 3.0, 5.0); }), "f.json: n: must be in [3, 5], got 2.5");
  EXPECT_EQ(root.integer_or("zzz", 3, 0, 5), 3);
  EXPECT_EQ(root.string_or("zzz", "x"), "x");
  EXPECT_EQ(root.choice_or("zzz", "a", {"a", "b"}), "a");
  EXPECT_EQ(root.boolean_or("b", false), true);
  EXPECT_EQ(error_of([&] { root["n"]["x"]; }), "f.json: n: expected an object, got a number");
}

TEST(JsonNode, ArraysMatricesAndNestedPaths) {
  const JsonNode root(kDoc, "f.json");
  EXPECT_EQ(root["v"].vector(), (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(root["v"].vector(3).size(), 3u);
  EXPECT_EQ(error_of([&] { root["v"].vector(2); }), "f.json: v: expected 2 numbers, got 3");
  EXPECT_EQ(error_of([&] { root["bad"].vector(); }), "f.json: bad[1]: expected a number, got a string");
  EXPECT_EQ(error_of([&] { root["n"].vector(); }), "f.json: n: expected an array, got a number");
  EXPECT_EQ(root["m"].matrix(2, 2), Eigen::MatrixXd::Identity(2, 2));
  EXPECT_EQ(error_of([&] { root["m"].matrix(3, 3); }), "f.json: m: expected a 3x3 matrix, got 2 rows");
  EXPECT_EQ(error_of([&] { root["ragged"].matrix(2, 2); }), "f.json: ragged[1]: expected 2 numbers, got 1");
  EXPECT_EQ(error_of([&] { root["v"].at(3); }), "f.json: v: index 3 out of range");
  EXPECT_EQ(root["obj"]["inner"]["list"].at(1)["deep"].string(), "y");
  EXPECT_EQ(error_of([&] { root["obj"]["inner"]["list"].at(1)["deep"].number(); }),
            "f.json: obj.inner.list[1].deep: expected a number, got a string");
  EXPECT_EQ(root["obj"]["inner"].path(), "obj.inner");
}

TEST(JsonNode, OnlyKeysRejectsTypos) {
  const json doc = json::parse(R"({"kind": "disk", "radiuss": 1})");
  const JsonNode node(doc, "f.json", "source");
  EXPECT_EQ(error_of([&] { node.only_keys({"kind", "radius"}); }),
            "f.json: source.radiuss: unknown field (expected one of: kind, radius)");
  EXPECT_EQ(error_of([&] { node.only_keys({"kind", "radiuss"}); }), "");
  const json arr = json::array();
  EXPECT_EQ(error_of([&] { JsonNode(arr, "f.json", "view").only_keys({"a"}); }), "f.json: view: expected an object, got an array");
}

TEST(JsonNode, FailWithoutFileOrPath) {
  const json doc = 1;
  EXPECT_EQ(error_of([&] { JsonNode(doc, "").fail("oops"); }), "oops");
  EXPECT_EQ(error_of([&] { JsonNode(doc, "f.json").fail("oops"); }), "f.json: oops");
  EXPECT_EQ(error_of([&] { JsonNode(doc, "", "a.b").fail("oops"); }), "a.b: oops");
}

// Issue 17: `1e400` exited 1 with the library's raw "[json.exception.out_of_range.406] ..." and no
// file name, in the CLI and in the GUI's error dialog (both read scenes through parse_json_text).
TEST(JsonText, NumberOverflowNamesFileLineAndColumn) {
  EXPECT_EQ(error_of([] { parse_json_text("{\"source\": {\"kind\": \"gaussian\", \"count\": 1e400}}", "s.json"); }),
            "s.json:1:42: number '1e400' is out of range (beyond about 1.8e308)");
  EXPECT_EQ(error_of([] { parse_json_text("{\n  \"a\": [1,\n  -2e999]}", "t.json"); }),
            "t.json:3:3: number '-2e999' is out of range (beyond about 1.8e308)");
  // A 400-digit integer overflows too; the token is cut short in the message.
  const std::string digits(400, '7');
  const std::string message = error_of([&] { parse_json_text("[" + digits + "]", "d.json"); });
  EXPECT_EQ(message.rfind("d.json:1:2: number '7777777777", 0), 0u) << message;
  EXPECT_LT(message.size(), 120u);
}

TEST(JsonText, SyntaxErrorsShowTheBytesEscaped) {
  EXPECT_EQ(error_of([] { parse_json_text("{\"a\": tru}", "s.json"); }),
            "s.json:1:10: syntax error while parsing value - invalid literal; last read: '\"a\": tru}'");
  const std::string binary = error_of([] { parse_json_text("{\"a\": \"\x93\xff\"}", "b.json"); });
  EXPECT_NE(binary.find("last read: '\"\\x93'"), std::string::npos) << binary;
  for (const unsigned char c : binary) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << binary;
  // Keys with control characters (valid JSON escapes) are escaped in JSON paths.
  const json doc = parse_json_text("{\"a\\u0001b\": 1}", "k.json");
  EXPECT_EQ(error_of([&] { JsonNode(doc, "k.json").only_keys({"x"}); }), "k.json: a\\x01b: unknown field (expected one of: x)");
}

TEST(JsonText, NestingIsBounded) {
  // Deeper documents would overflow the stack of nlohmann's recursive copies and dumps.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(error_of([&] { parse_json_text(deep, "deep.json"); }), "deep.json: nesting deeper than 256 levels");
  const std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_EQ(error_of([&] { parse_json_text(ok, "ok.json"); }), "");
  EXPECT_EQ(parse_json_text("// a comment\n{\"a\": 1 /* another */}", "c.json")["a"], 1);
}
