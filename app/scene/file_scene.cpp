#include "app/scene/file_scene.hpp"

#include <algorithm>
#include <cmath>

#include "app/io/input_bytes.hpp"
#include "app/io/point_file.hpp"
#include "base/errors.hpp"

namespace monge {
namespace {

// The measure spec that reads the same data back ("Save scene as"): the file, or for standard
// input (which cannot be read twice) the points themselves, and a mesh's faces with them.
nlohmann::json spec_of(const std::string& source, const PointShape& shape) {
  if (!is_stdin_path(source)) return {{"kind", shape.faces.empty() ? "file" : "mesh"}, {"path", source}};
  nlohmann::json points = nlohmann::json::array();
  for (Eigen::Index i = 0; i < shape.points.rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index c = 0; c < shape.points.cols(); ++c) row.push_back(shape.points(i, c));
    points.push_back(std::move(row));
  }
  if (shape.faces.empty()) return {{"kind", "points"}, {"points", std::move(points)}};
  nlohmann::json faces = nlohmann::json::array();
  for (std::size_t k = 0; k + 2 < shape.faces.size(); k += 3)
    faces.push_back({shape.faces[k], shape.faces[k + 1], shape.faces[k + 2]});
  return {{"kind", "mesh"}, {"vertices", std::move(points)}, {"faces", std::move(faces)}};
}

// One side of the scene: its points, its mesh if it has faces, its spec.
void read_side(const std::string& source, Measure& measure, std::optional<mesh::TriangleMesh>& mesh_out,
               nlohmann::json& spec) {
  PointShape shape = load_shape(source);
  const long long d = shape.points.cols();
  if (d != 2 && d != 3)
    throw InputError(shape.label + ": " + std::to_string(d) + " columns; show draws 2D and 3D points (N x 2 or N x 3)");
  spec = spec_of(source, shape);
  if (!shape.faces.empty()) mesh_out = mesh::TriangleMesh{shape.points, std::move(shape.faces)};
  measure.points = std::move(shape.points);
}

std::string file_name(const std::string& source) {
  return is_stdin_path(source) ? "stdin" : std::filesystem::path(source).filename().string();
}

}  // namespace

float quick_look_point_size(long long count) {
  const double size = 24.0 / std::pow(static_cast<double>(std::max(count, 1LL)), 0.25);
  return static_cast<float>(std::clamp(size, 1.5, 8.0));
}

Scene scene_from_files(const std::string& x, const std::optional<std::string>& y) {
  Scene scene;
  scene.file_label = is_stdin_path(x) ? "<stdin>" : x;
  read_side(x, scene.source, scene.source_mesh, scene.source_spec);
  scene.dim = static_cast<int>(scene.source.dim());
  scene.name = file_name(x);
  long long count = scene.source.size();
  if (y) {
    Measure target;
    read_side(*y, target, scene.target_mesh, scene.target_spec);
    if (target.dim() != scene.dim)
      throw InputError(*y + " has " + std::to_string(target.dim()) + " columns but " + x + " has " + std::to_string(scene.dim));
    count = std::max(count, static_cast<long long>(target.size()));
    scene.target = std::move(target);
    scene.name += " and " + file_name(*y);
  }
  scene.view = {{"mode", scene.dim == 3 ? "3d" : "2d"}, {"point_size", quick_look_point_size(count)}};
  return scene;
}

}  // namespace monge
