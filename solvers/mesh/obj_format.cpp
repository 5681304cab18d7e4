// Wavefront OBJ: the reader (v and f statements, everything else skipped) and the writer.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "base/errors.hpp"
#include "base/quoted_bytes.hpp"
#include "solvers/mesh/mesh_io.hpp"
#include "solvers/mesh/number_text.hpp"

namespace monge::mesh {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Splits a line into whitespace-separated tokens, dropping a trailing '#' comment.
std::vector<std::string_view> tokens_of(std::string_view line) {
  const std::size_t hash = line.find('#');
  if (hash != std::string_view::npos) line = line.substr(0, hash);
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_space(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_space(line[i])) ++i;
    if (i > start) tokens.push_back(line.substr(start, i - start));
  }
  return tokens;
}

}  // namespace

TriangleMesh parse_obj(std::string_view bytes, const std::string& name, Faces required) {
  std::vector<float> coordinates;
  std::vector<std::int32_t> faces;
  std::vector<long long> face_lines;  // source line of each triangle, for the final range check
  long long vertex_count = 0;
  long long line_number = 0;
  std::size_t position = 0;
  while (position < bytes.size()) {
    std::size_t newline = bytes.find('\n', position);
    if (newline == std::string_view::npos) newline = bytes.size();
    const std::string_view line = bytes.substr(position, newline - position);
    position = newline + 1;
    ++line_number;
    const std::vector<std::string_view> tokens = tokens_of(line);
    if (tokens.empty()) continue;
    const std::string where = name + ":" + std::to_string(line_number) + ": ";

    if (tokens[0] == "v") {
      if (tokens.size() < 4) throw InputError(where + "v: expected 3 coordinates");
      for (int k = 1; k <= 3; ++k) {
        double value = 0;
        if (!parse_number(tokens[static_cast<std::size_t>(k)], value)) {
          throw InputError(where + "v: " + quote_bytes(tokens[static_cast<std::size_t>(k)]) + " is not a number");
        }
        float single = 0;
        if (!to_finite_float(value, single)) throw InputError(where + "v: non-finite coordinate " + std::string(tokens[static_cast<std::size_t>(k)]));
        coordinates.push_back(single);
      }
      if (++vertex_count > std::numeric_limits<std::int32_t>::max()) throw InputError(where + "too many vertices");
    } else if (tokens[0] == "f") {
      if (tokens.size() < 4) {
        throw InputError(where + "f: a face needs at least 3 vertices, got " + std::to_string(tokens.size() - 1));
      }
      std::vector<std::int32_t> corners;
      for (std::size_t k = 1; k < tokens.size(); ++k) {
        // "i", "i/t", "i//n" or "i/t/n": only the vertex index matters here.
        const std::string_view token = tokens[k];
        const std::string_view vertex_part = token.substr(0, token.find('/'));
        long long index = 0;
        if (!parse_integer(vertex_part, index) || index == 0) {
          throw InputError(where + "f: bad vertex index " + quote_bytes(token));
        }
        // Negative indices count back from the last vertex read so far.
        const long long resolved = index > 0 ? index - 1 : vertex_count + index;
        if (resolved < 0 || resolved > std::numeric_limits<std::int32_t>::max()) {
          throw InputError(where + "f: vertex index " + std::to_string(index) + " out of range (" +
                           std::to_string(vertex_count) + " vertices so far)");
        }
        corners.push_back(static_cast<std::int32_t>(resolved));
      }
      // Fan triangulation of the polygon (exact for convex polygons, which is what exporters write).
      for (std::size_t k = 1; k + 1 < corners.size(); ++k) {
        faces.insert(faces.end(), {corners[0], corners[k], corners[k + 1]});
        face_lines.push_back(line_number);
      }
    }
    // Everything else (vt, vn, vp, g, o, s, usemtl, mtllib, l, p, ...) carries no geometry we use.
  }

  TriangleMesh mesh;
  mesh.vertices.resize(static_cast<Eigen::Index>(vertex_count), 3);
  for (long long i = 0; i < vertex_count; ++i) {
    for (int k = 0; k < 3; ++k) mesh.vertices(static_cast<Eigen::Index>(i), k) = coordinates[static_cast<std::size_t>(3 * i + k)];
  }
  // Positive indices may refer to vertices defined later in the file; check them now.
  for (std::size_t t = 0; t < face_lines.size(); ++t) {
    for (int k = 0; k < 3; ++k) {
      const std::int32_t index = faces[3 * t + static_cast<std::size_t>(k)];
      if (index >= vertex_count) {
        throw InputError(name + ":" + std::to_string(face_lines[t]) + ": f: vertex index " + std::to_string(index + 1) +
                         " out of range (" + std::to_string(vertex_count) + " vertices)");
      }
    }
  }
  mesh.faces = std::move(faces);
  if (mesh.face_count() == 0 && required == Faces::Required) throw InputError(name + ": no faces (an OBJ mesh needs 'f' lines)");
  validate_mesh(mesh, name, required);
  return mesh;
}

std::string format_obj(const TriangleMesh& mesh) {
  std::string out = "# written by monge: " + std::to_string(mesh.vertex_count()) + " vertices, " +
                    std::to_string(mesh.face_count()) + " triangles\n";
  out.reserve(out.size() + static_cast<std::size_t>(mesh.vertex_count()) * 36 + mesh.faces.size() * 8);
  for (int i = 0; i < mesh.vertex_count(); ++i) {
    out += 'v';
    for (int k = 0; k < 3; ++k) {
      out += ' ';
      append_number(out, mesh.vertices(i, k));
    }
    out += '\n';
  }
  for (int f = 0; f < mesh.face_count(); ++f) {
    out += 'f';
    for (int k = 0; k < 3; ++k) {
      out += ' ';
      append_number(out, static_cast<long long>(mesh.faces[3 * static_cast<std::size_t>(f) + static_cast<std::size_t>(k)]) + 1);
    }
    out += '\n';
  }
  return out;
}

}  // namespace monge::mesh
