#pragma once
// The bodies of the fuzz targets, one function per parser, shared by the libFuzzer executables
// (fuzz_<name>.cpp) and by tests/pure/test_fuzz_regressions.cpp, which replays the committed
// corpora and every input that ever crashed a target through the very same code under g++'s
// ASan/UBSan pass. Rule: an input either parses or throws InputError; any other exception
// escapes (libFuzzer reports it as a crash, the pure test as a failure).
//
// Index: scene, csv, npy, npz, obj, ply, image, args; the table of targets.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/cli/args.hpp"
#include "app/io/image_file.hpp"
#include "app/io/point_file.hpp"
#include "app/io/zip_archive.hpp"
#include "app/scene/json_node.hpp"
#include "app/scene/scene.hpp"
#include "base/errors.hpp"
#include "solvers/mesh/mesh_io.hpp"

namespace monge::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Runs `parse`; InputError is an expected answer to a bad input.
template <class F>
void expect_parse_or_input_error(F&& parse) {
  try {
    parse();
  } catch (const InputError&) {
  }
}

// ---- scene --------------------------------------------------------------------------------------
// JSON text with comments, then every field checked and the measures sampled. Paths resolve
// against a folder that does not exist, so file, image and mesh measures fail to open (their
// parsers have targets of their own). Sizes are lowered first: sampling counts above 256 to 256,
// built-in mesh parameters ("builtin:icosphere?subdivisions=8") to 2 digits and subdivisions to 3,
// so that an input costs microseconds, not the seconds of 50 million points or 1.3 million
// triangles (10 s under ASan: the first fuzz finding, a timeout at the documented top of the
// range, not a defect). The checks are the same at any size.
inline void lower_builtin_sizes(std::string& spec) {
  for (std::size_t eq = spec.find('='); eq != std::string::npos; eq = spec.find('=', eq + 1)) {
    std::size_t end = eq + 1;
    while (end < spec.size() && spec[end] >= '0' && spec[end] <= '9') ++end;
    const bool subdivisions = eq >= 12 && spec.compare(eq - 12, 12, "subdivisions") == 0;
    const std::size_t digits = subdivisions ? 1 : 2;
    if (end - eq - 1 > digits || (subdivisions && end > eq + 1 && spec[eq + 1] > '3'))
      spec.replace(eq + 1, end - eq - 1, subdivisions ? "3" : "64");
  }
}

inline void lower_sizes(nlohmann::json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "count" && it.value().is_number() && it.value().get<double>() > 256) it.value() = 256;
      lower_sizes(it.value());
    }
  } else if (j.is_array()) {
    for (auto& element : j) lower_sizes(element);
  } else if (j.is_string() && j.get_ref<const std::string&>().rfind("builtin:", 0) == 0) {
    lower_builtin_sizes(j.get_ref<std::string&>());
  }
}

inline void scene(std::string_view text) {
  expect_parse_or_input_error([&] {
    nlohmann::json json = parse_json_text(text, "fuzz.json");
    lower_sizes(json);
    const Scene s = parse_scene(json, "/nonexistent-monge-fuzz", "fuzz.json");
    for (const auto& variant : s.compare) variant_scene(s, variant);
  });
}

// ---- point files ------------------------------------------------------------------------------------
inline void csv(std::string_view bytes) {
  expect_parse_or_input_error([&] { parse_points(bytes, "fuzz.csv", ".csv"); });
  // No extension: the content decides (CSV, or OBJ when it starts with a vertex).
  expect_parse_or_input_error([&] { parse_points(bytes, "<stdin>", ""); });
}

inline void npy(std::string_view bytes) {
  expect_parse_or_input_error([&] { parse_points(bytes, "fuzz.npy", ".npy"); });
}

// The zip reader (central directory, zip64, inflate, CRC) and the arrays inside.
inline void npz(std::string_view bytes) {
  expect_parse_or_input_error([&] {
    for (const ZipMember& m : zip_members(bytes, "fuzz.npz"))
      expect_parse_or_input_error([&] { zip_member_data(bytes, m, "fuzz.npz"); });
  });
  expect_parse_or_input_error([&] { parse_points(bytes, "fuzz.npz", ".npz"); });
  expect_parse_or_input_error([&] { parse_points(bytes, "fuzz.npz", ".npz", "points"); });
}

// ---- meshes: as meshes (faces required) and as point clouds -------------------------------------------
inline void obj(std::string_view bytes) {
  for (const auto faces : {mesh::Faces::Required, mesh::Faces::Optional})
    expect_parse_or_input_error([&] { mesh::parse_obj(bytes, "fuzz.obj", faces); });
}

inline void ply(std::string_view bytes) {
  for (const auto faces : {mesh::Faces::Required, mesh::Faces::Optional})
    expect_parse_or_input_error([&] { mesh::parse_ply(bytes, "fuzz.ply", faces); });
}

// ---- images: the libpng / libjpeg-turbo decoders behind image measures ---------------------------------
inline void image(std::string_view bytes) {
  expect_parse_or_input_error([&] { decode_gray_image(bytes, "fuzz.png"); });
}

// ---- the command-line parser --------------------------------------------------------------------------
// The input is argv, NUL-separated, parsed against a declaration like the commands' (positionals,
// options with and without defaults, flags), every value then read as the commands read them.
inline void args(std::string_view bytes) {
  std::vector<std::string> argv;
  for (std::size_t start = 0; start <= bytes.size();) {
    const std::size_t end = std::min(bytes.find('\0', start), bytes.size());
    argv.emplace_back(bytes.substr(start, end - start));
    start = end + 1;
  }
  // --help prints the usage and stops: nothing to fuzz, and it would flood the output.
  for (const auto& a : argv)
    if (a == "--help" || a == "-h") return;
  Args parsed("monge fuzz X [Y] [options]", "the fuzz target's declaration");
  parsed.positional("X", "first")
      .positional("Y", "second", false)
      .option("--p", "P", "a number with a default", "2")
      .option("--seed", "S", "an integer", "0")
      .option("--size", "WxH", "a size", "640x480")
      .option("--out", "FILE", "no default")
      .flag("--json", "a flag");
  expect_parse_or_input_error([&] {
    parsed.parse(argv);
    for (const char* name : {"X", "Y", "--p", "--seed", "--size", "--out", "--json"}) {
      expect_parse_or_input_error([&] { parsed.get(name); });
      expect_parse_or_input_error([&] { parsed.number(name, -1e9, 1e9); });
      expect_parse_or_input_error([&] { parsed.integer(name, 0, 1'000'000); });
      expect_parse_or_input_error([&] { parsed.size(name); });
    }
  });
}

// ---- the table --------------------------------------------------------------------------------------
struct Target {
  const char* name;  // tests/fuzz/corpus/<name>, tests/fuzz/regressions/<name>
  void (*run)(std::string_view);
};

inline const std::vector<Target>& targets() {
  static const std::vector<Target> table = {{"scene", scene}, {"csv", csv},     {"npy", npy},     {"npz", npz},
                                            {"obj", obj},     {"ply", ply},     {"image", image}, {"args", args}};
  return table;
}

}  // namespace monge::fuzz
