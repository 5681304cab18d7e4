// Scene files (app/scene/scene.hpp): every shipped scene loads; each error names the file and
// the JSON path (or line:column for syntax errors); sampling is seeded and reproducible.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "app/io/point_file.hpp"
#include "app/scene/scene.hpp"
#include "base/errors.hpp"
#include "tests/common/input_errors.hpp"

using namespace monge;
using monge::test::error_of;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path scratch_dir() {
  const fs::path dir = fs::temp_directory_path() / ("monge_test_scene_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

fs::path write(const std::string& name, const std::string& text) {
  const fs::path p = scratch_dir() / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

Scene parse(const std::string& text, const fs::path& base = {}) { return parse_scene(json::parse(text), base, "s.json"); }

// A scene with `source` as its source measure.
std::string with_source(const std::string& source, int dim = 2) {
  return R"({"dim": )" + std::to_string(dim) + R"(, "seed": 4, "source": )" + source + "}";
}

}  // namespace

TEST(Scene, ShippedScenesLoad) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(MONGE_SOURCE_DIR) / "assets" / "scenes")) {
    if (entry.path().extension() != ".json") continue;
    ++count;
    SCOPED_TRACE(entry.path().string());
    const Scene s = load_scene(entry.path());
    EXPECT_FALSE(s.name.empty());
    EXPECT_GT(s.source.size(), 0);
    EXPECT_EQ(s.source.dim(), s.dim);
    EXPECT_TRUE(s.source.points.allFinite());
    if (s.target) {
      EXPECT_EQ(s.target->dim(), s.dim);
    }
    EXPECT_EQ(s.file, entry.path());
  }
  EXPECT_GE(count, 4);
  const Scene d = load_scene(fs::path(MONGE_SOURCE_DIR) / "assets/scenes/default.json");
  EXPECT_EQ(d.source.size(), 20000);
  EXPECT_EQ(d.flow["kind"], "sliced-wasserstein");
  ASSERT_TRUE(d.target.has_value());
  // Disk of radius 1 to a ring of radius 1.5, width 0.3.
  EXPECT_LE(d.source.points.rowwise().norm().maxCoeff(), 1.0f + 1e-5f);
  EXPECT_GE(d.target->points.rowwise().norm().minCoeff(), 1.35f - 1e-5f);
}

TEST(Scene, DefaultsAndStoredSpecs) {
  const Scene s = parse(R"({"source": {"kind": "gaussian"}})");
  EXPECT_EQ(s.name, "s");  // the file name without .json
  EXPECT_EQ(s.dim, 2);
  EXPECT_EQ(s.seed, 0u);
  EXPECT_EQ(s.source.size(), 5000);
  EXPECT_FALSE(s.target.has_value());
  EXPECT_TRUE(s.flow.is_null());
  EXPECT_TRUE(s.view.is_null());
  EXPECT_TRUE(s.target_spec.is_null());
  EXPECT_EQ(s.source_spec, json::parse(R"({"kind": "gaussian"})"));
  const Scene b = parse(R"({"dim": 3, "source": {"kind": "uniform", "shape": "ball", "count": 10}})");
  EXPECT_EQ(b.source.points.cols(), 3);
}

TEST(Scene, SameSeedSamePointsOtherSeedOtherPoints) {
  const std::string a = R"({"seed": 1, "source": {"kind": "uniform", "shape": "disk", "count": 500},
                            "target": {"kind": "uniform", "shape": "disk", "count": 500}})";
  const Scene s1 = parse(a), s2 = parse(a);
  EXPECT_EQ(s1.source.points, s2.source.points);
  EXPECT_EQ(s1.target->points, s2.target->points);
  // Source and target draw from different streams of the seed.
  EXPECT_NE(s1.source.points, s1.target->points);
  json other = json::parse(a);
  other["seed"] = 2;
  const Scene s3 = parse_scene(other, {}, "s.json");
  EXPECT_NE(s1.source.points, s3.source.points);
  // The source does not depend on whether there is a target.
  other["seed"] = 1;
  other.erase("target");
  EXPECT_EQ(parse_scene(other, {}, "s.json").source.points, s1.source.points);
}

TEST(Scene, EveryMeasureKind) {
  const fs::path dir = scratch_dir();
  write("pts/a.csv", "x,y\n0,0\n1,0\n0,1\n");
  write("pts/w.csv", "1\n2\n1\n");
  const Scene f = parse(R"({"source": {"kind": "file", "path": "pts/a.csv", "weights": "pts/w.csv"}})", dir);
  EXPECT_EQ(f.source.size(), 3);
  EXPECT_FLOAT_EQ(f.source.weights[1], 2.0f);
  const Scene p = parse(R"({"source": {"kind": "points", "points": [[0, 0], [2, 1]], "weights": [1, 3]}})");
  EXPECT_EQ(p.source.points, (Points(2, 2) << 0, 0, 2, 1).finished());
  EXPECT_NEAR(p.source.probabilities()[1], 0.75, 1e-12);
  const Scene img = parse(R"({"source": {"kind": "image", "path": ")" + std::string(MONGE_SOURCE_DIR) +
                          R"(/assets/images/star.png", "count": 3000, "center": [5, 0], "size": 1}})");
  EXPECT_EQ(img.source.size(), 3000);
  EXPECT_LE((img.source.points.col(0).array() - 5.0f).abs().maxCoeff(), 0.5f);
  const Scene mix = parse(with_source(R"({"kind": "gaussian-mixture", "count": 100,
      "components": [{"mean": [0, 0]}, {"weight": 2, "mean": [1, 1], "cov": [[1, 0], [0, 2]]}]})"));
  EXPECT_EQ(mix.source.size(), 100);
  for (const char* shape : {"square", "disk", "ring", "two-moons", "spiral"})
    EXPECT_EQ(parse(with_source(R"({"kind": "uniform", "count": 50, "shape": ")" + std::string(shape) + "\"}")).source.size(), 50) << shape;
  for (const char* shape : {"ball", "sphere", "torus"})
    EXPECT_EQ(parse(with_source(R"({"kind": "uniform", "count": 50, "shape": ")" + std::string(shape) + "\"}", 3)).source.dim(), 3) << shape;
  const Scene rect = parse(with_source(R"({"kind": "uniform", "shape": "square", "size": [4, 0.5], "center": [1, 1]})"));
  EXPECT_LE(rect.source.points.col(1).maxCoeff(), 1.25f + 1e-6f);
  EXPECT_GE(rect.source.points.col(0).minCoeff(), -1.0f - 1e-6f);
}

TEST(Scene, FieldErrorsNameTheJsonPath) {
  EXPECT_ERROR_CONTAINS(parse(R"({"dim": 2})"), "s.json: source: missing field");
  EXPECT_ERROR_CONTAINS(parse(R"({"sead": 1, "source": {"kind": "gaussian"}})"), "s.json: sead: unknown field");
  EXPECT_ERROR_CONTAINS(parse(R"([1, 2])"), "s.json: expected an object");
  EXPECT_ERROR_CONTAINS(parse(with_source(R"({"kind": "gauss"})")), "source.kind: unknown value \"gauss\"");
  EXPECT_ERROR_CONTAINS(parse(with_source(R"({"kind": "gaussian", "count": 1000000000})")), "source.count: must be between 1 and 50000000");
  EXPECT_ERROR_CONTAINS(parse(with_source(R"({"kind": "gaussian", "count": 2.5})")), "source.count: expected an integer");
  EXPECT_ERROR_CONTAINS(parse(with_source(R"({"kind": "gaussian", "cov": [[1, 2], [2, 1]]})")), "s.json: source.cov: not symmetric positive definite");
  EXPECT_ERROR_CONTAINS(parse(with_source(R"({"kind": "gaussian", "cov": [[1, 0], [0]]})")), "source.cov[1]: expected 2 numbers, got 1");
  EXPECT_ERROR_CONTAINS(parse(with_source(R"({"kind": "gaussian", "mean": [0, 0]})", 3)), "source.mean: expected 3 numbers, got 2");
  EXPECT_ERROR_CONTAINS(parse(with_source(R"({"kind": "uniform", "shape": "disk"})", 3)), "source.shape: \"disk\" is a 2D shape but the scene's dim is 3");
  EXPECT_ERROR_CONTAINS(parse(with_source(R"({"kind": "uniform", "shape": "torus"})", 2)), "source.shape: \"torus\" is a 3D shape");
  EXPECT_ERROR_CONTAINS(parse(with_source(R"({"kind": "uniform", "shape": "disk", "radiuss": 1})")), "source.radiuss: unknown field");
  EXPECT_ERROR_CONTAINS(parse(with_source(R"({"kind": "uniform", "shape": "disk", "radius": -1})")), "source.radius: must be in");
  EXPECT_ERROR_CONTAINS(parse(with_source(R"({"kind": "uniform", "shape": "ring", "radius": 1, "width": 3})")), "source.width: must be at most 2 * radius");
  EXPECT_ERROR_CONTAINS(parse(with_source(R"({"kind": "uniform", "shape": "torus", "minor_radius": 2})", 3)), "source.minor_radius: must be below major_radius");
  EXPECT_ERROR_CONTAINS(parse(with_source(R"({"kind": "gaussian-mixture", "components": [{"mean": [0, 0], "cov": [[1, 0], [0, -1]]}]})")),
                        "source.components[0].cov: not symmetric positive definite");
  EXPECT_ERROR_CONTAINS(parse(with_source(R"({"kind": "points", "points": [[0, 0], [1]]})")), "source.points[1]: expected 2 numbers, got 1");
  EXPECT_ERROR_CONTAINS(parse(with_source(R"({"kind": "image", "path": "x.png"})", 3)), "source.kind: image measures are 2D");
  EXPECT_ERROR_CONTAINS(parse(R"({"source": {"kind": "gaussian"}, "target": 3})"), "target: expected a measure object");
  EXPECT_ERROR_CONTAINS(parse(R"({"source": {"kind": "gaussian"}, "target": {"kind": "gaussian", "count": 0}})"), "target.count: must be between 1");
  EXPECT_ERROR_CONTAINS(parse(R"({"dim": 4, "source": {"kind": "gaussian"}})"), "s.json: dim: must be between 2 and 3");
  EXPECT_ERROR_CONTAINS(parse(R"({"seed": -1, "source": {"kind": "gaussian"}})"), "seed: must be between 0");
  EXPECT_ERROR_CONTAINS(parse(R"({"flow": [1], "source": {"kind": "gaussian"}})"), "s.json: flow: expected an object");
  EXPECT_ERROR_CONTAINS(parse(R"({"view": "big", "source": {"kind": "gaussian"}})"), "s.json: view: expected an object");
  EXPECT_ERROR_CONTAINS(parse(R"({"view": {"color_by": "w"}, "source": {"kind": "gaussian"}})"), "view.color_by: unknown value \"w\"");
  EXPECT_ERROR_CONTAINS(parse(R"({"captions": [{"at": 1}], "source": {"kind": "gaussian"}})"), "captions[0].text: missing field");
  EXPECT_ERROR_CONTAINS(parse(R"({"captions": [{"at": 2, "until": 1, "text": "x"}], "source": {"kind": "gaussian"}})"), "captions[0].until: must be in");
}

TEST(Scene, CompareVariantsPatchTheFlowAndNameTheirErrors) {
  const std::string flow = R"("flow": {"kind": "sliced-wasserstein", "projections": 8, "estimator": "plain"}, )";
  const Scene s = parse("{" + flow + R"("source": {"kind": "gaussian", "count": 1},
      "compare": [{"label": "a", "flow": {"estimator": "lcv"}}, {"label": "b", "flow": {"projections": 32}}]})");
  ASSERT_EQ(s.compare.size(), 2u);
  const Scene a = variant_scene(s, s.compare[0]), b = variant_scene(s, s.compare[1]);
  EXPECT_EQ(a.flow["estimator"], "lcv");
  EXPECT_EQ(a.flow["projections"], 8);
  EXPECT_EQ(b.flow["estimator"], "plain");
  EXPECT_EQ(b.flow["projections"], 32);
  EXPECT_TRUE(a.compare.empty());
  EXPECT_EQ(a.source.points, s.source.points) << "every variant starts from the same measures";
  const std::string src = R"("source": {"kind": "gaussian", "count": 1}, )";
  EXPECT_ERROR_CONTAINS(parse("{" + src + R"("compare": [{"label": "a", "flow": {}}, {"label": "b", "flow": {}}]})"),
                        "s.json: compare: needs a \"flow\"");
  EXPECT_ERROR_CONTAINS(parse("{" + flow + src + R"("compare": [{"label": "a", "flow": {}}]})"), "compare: expected 2 to 6 variants, got 1");
  EXPECT_ERROR_CONTAINS(parse("{" + flow + src + R"("compare": [{"label": "a", "flow": {}}, {"flow": {}}]})"), "compare[1].label: missing field");
  EXPECT_ERROR_CONTAINS(parse("{" + flow + src + R"("compare": [{"label": "a", "flow": 1}, {"label": "b", "flow": {}}]})"),
                        "compare[0].flow: expected an object");
  EXPECT_ERROR_CONTAINS(parse("{" + flow + src + R"("compare": [{"label": "a", "flow": {"kind": "x"}}, {"label": "b", "flow": {}}]})"),
                        "compare[0].flow.kind: a variant keeps the scene's flow kind");
}

TEST(Scene, CaptionsAreSortedByTime) {
  const Scene s = parse(R"({"source": {"kind": "gaussian", "count": 1},
      "captions": [{"at": 3, "text": "b"}, {"at": 1, "until": 2, "text": "a"}]})");
  ASSERT_EQ(s.captions.size(), 2u);
  EXPECT_EQ(s.captions[0].text, "a");
  EXPECT_EQ(s.captions[0].until, 2.0);
  EXPECT_EQ(s.captions[1].until, -1.0);
}

TEST(Scene, FileMeasureErrorsNameBothFiles) {
  const fs::path dir = scratch_dir();
  write("bad/nan.csv", "0,0\nnan,1\n");
  write("bad/three.csv", "0,0,0\n1,1,1\n");
  write("bad/w.csv", "1\n1\n1\n");
  write("bad/bad.png", "not a png");
  EXPECT_ERROR_CONTAINS(parse(R"({"source": {"kind": "file", "path": "bad/nan.csv"}})", dir), "s.json: source.path: ");
  EXPECT_ERROR_CONTAINS(parse(R"({"source": {"kind": "file", "path": "bad/nan.csv"}})", dir), "nan.csv:2: column 1 is not finite");
  EXPECT_ERROR_CONTAINS(parse(R"({"source": {"kind": "file", "path": "bad/three.csv"}})", dir), "three.csv has 3 columns but the scene's dim is 2");
  EXPECT_ERROR_CONTAINS(parse(R"({"source": {"kind": "file", "path": "bad/missing.csv"}})", dir), "missing.csv: cannot open");
  EXPECT_ERROR_CONTAINS(parse(R"({"source": {"kind": "file", "path": "bad/nan.csv", "weights": "bad/w.csv"}})", dir), "nan.csv:2");
  write("bad/two.csv", "0,0\n1,1\n");
  EXPECT_ERROR_CONTAINS(parse(R"({"source": {"kind": "file", "path": "bad/two.csv", "weights": "bad/w.csv"}})", dir),
                        "source.weights: " + (dir / "bad/w.csv").string() + " has 3 weights for 2 points");
  EXPECT_ERROR_CONTAINS(parse(R"({"source": {"kind": "image", "path": "bad/bad.png"}})", dir), "source.path: ");
  EXPECT_ERROR_CONTAINS(parse(R"({"source": {"kind": "image", "path": "bad/bad.png"}})", dir), "bad.png: not a PNG or JPEG image");
  EXPECT_ERROR_CONTAINS(parse(R"({"source": {"kind": "image", "path": "bad/none.png"}})", dir), "none.png: cannot open (No such file or directory)");
}

TEST(Scene, LoadReportsSyntaxErrorLineAndColumnAndMissingFile) {
  const fs::path p = write("syntax.json", "{\n  \"dim\": 2,\n  \"seed\" 3\n}\n");
  const std::string msg = error_of([&] { load_scene(p); });
  EXPECT_NE(msg.find(p.string() + ":3:10: syntax error"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("[json.exception"), std::string::npos) << msg;
  EXPECT_ERROR_CONTAINS(load_scene(write("empty.json", "")), "empty.json:1:1: ");
  EXPECT_ERROR_CONTAINS(load_scene(scratch_dir() / "nope.json"), "nope.json: cannot open scene file");
  EXPECT_ERROR_CONTAINS(load_scene(scratch_dir()), "is a folder");
  // Comments are allowed; relative paths resolve against the scene's folder, not the cwd.
  write("rel/pts.csv", "0,0\n1,1\n");
  const Scene s = load_scene(write("rel/scene.json", "// a comment\n{\"source\": {\"kind\": \"file\", \"path\": \"pts.csv\"}}\n"));
  EXPECT_EQ(s.source.size(), 2);
  EXPECT_EQ(s.name, "scene");
  // Field errors from a file name the file.
  EXPECT_ERROR_CONTAINS(load_scene(write("f.json", R"({"source": {"kind": "gaussian", "count": -3}})")),
                        (scratch_dir() / "f.json").string() + ": source.count: must be between 1");
}
