#include "app/scene/view_settings.hpp"

#include <algorithm>
#include <cmath>

namespace monge {
namespace {

const std::vector<std::string> kColorBy = {"x", "y", "z", "index", "radius", "speed"};

std::array<float, 3> rgb(const JsonNode& node) {
  const std::vector<double> v = node.vector(3);
  for (std::size_t i = 0; i < 3; ++i)
    if (v[i] < 0.0 || v[i] > 1.0) node.at(i).fail("colour components must be in [0, 1]");
  return {static_cast<float>(v[0]), static_cast<float>(v[1]), static_cast<float>(v[2])};
}

Camera parse_camera(const JsonNode& node, ViewMode mode) {
  Camera c;
  c.mode = mode;
  node.only_keys({"center", "half_height", "target", "yaw", "pitch", "distance", "fov"});
  if (node.has("center")) {
    const auto v = node["center"].vector(2);
    c.center = {static_cast<float>(v[0]), static_cast<float>(v[1])};
  }
  c.half_height = static_cast<float>(node.number_or("half_height", c.half_height, 1e-6, 1e6));
  if (node.has("target")) {
    const auto v = node["target"].vector(3);
    c.target = {static_cast<float>(v[0]), static_cast<float>(v[1]), static_cast<float>(v[2])};
  }
  c.yaw = static_cast<float>(node.number_or("yaw", c.yaw, -100.0, 100.0));
  c.pitch = static_cast<float>(node.number_or("pitch", c.pitch, -1.55, 1.55));
  c.distance = static_cast<float>(node.number_or("distance", c.distance, 1e-4, 1e6));
  c.fov_y = static_cast<float>(node.number_or("fov", c.fov_y * 180.0 / M_PI, 5.0, 150.0) * M_PI / 180.0);
  return c;
}

}  // namespace

std::string_view color_by_name(ColorBy c) { return kColorBy[static_cast<int>(c)]; }

ViewSettings parse_view(const JsonNode& view, int dim) {
  ViewSettings s;
  s.file_label = view.file();
  s.mode = dim >= 3 ? ViewMode::Orbit3D : ViewMode::Planar2D;
  if (view.json().is_null()) return s;
  std::vector<std::string> keys = {"mode", "projection", "point_size", "size_in_world", "colormap", "color_by",
                                   "background", "show_source", "show_target", "target_opacity", "target_color",
                                   "camera", "density", "field_colormap", "field_range", "field_log", "ellipses",
                                   "mesh_shading", "wireframe", "mesh_color", "t", "paths", "trails", "colorbar"};
  // Any other object is a layer's own section, checked by the canvas against its registry.
  const std::size_t flat = keys.size();
  if (view.json().is_object())
    for (const auto& [key, value] : view.json().items())
      if (value.is_object() && std::find(keys.begin(), keys.begin() + flat, key) == keys.begin() + flat) keys.push_back(key);
  view.only_keys(keys);
  for (std::size_t k = flat; k < keys.size(); ++k) s.sections[keys[k]] = view.json()[keys[k]];
  if (view.has("mode")) s.mode = view["mode"].choice({"2d", "3d"}) == "3d" ? ViewMode::Orbit3D : ViewMode::Planar2D;
  if (view.has("projection"))
    s.projection = view["projection"].choice({"perspective", "orthographic"}) == "orthographic"
                       ? Projection::Orthographic : Projection::Perspective;
  s.size_in_world = view.boolean_or("size_in_world", s.size_in_world);
  s.point_size = static_cast<float>(view.number_or("point_size", s.point_size, 1e-6, s.size_in_world ? 1e6 : 256.0));
  if (view.has("colormap")) s.colormap = colormap_from_name(view["colormap"].choice(colormap_names()));
  if (view.has("color_by")) {
    const std::string c = view["color_by"].choice(kColorBy);
    s.color_by = static_cast<ColorBy>(std::find(kColorBy.begin(), kColorBy.end(), c) - kColorBy.begin());
  }
  if (view.has("background")) s.background = rgb(view["background"]);
  if (view.has("target_color")) s.target_color = rgb(view["target_color"]);
  s.show_source = view.boolean_or("show_source", s.show_source);
  s.show_target = view.boolean_or("show_target", s.show_target);
  s.target_opacity = static_cast<float>(view.number_or("target_opacity", s.target_opacity, 0.0, 1.0));
  if (view.has("camera")) s.camera = parse_camera(view["camera"], s.mode);
  if (view.has("density")) s.particle_density = view["density"].choice({"none", "kde"}) == "kde";
  if (view.has("field_colormap"))
    s.field_colormap = colormap_from_name(view["field_colormap"].choice(colormap_names()));
  if (view.has("field_range") && !(view["field_range"].json().is_string() && view["field_range"].json() == "auto")) {
    const auto r = view["field_range"].vector(2);
    if (!(r[0] < r[1])) view["field_range"].fail("expected \"auto\" or [lo, hi] with lo < hi");
    s.field_range = std::array<float, 2>{static_cast<float>(r[0]), static_cast<float>(r[1])};
  }
  s.field_log = view.boolean_or("field_log", s.field_log);
  if (s.field_log && s.field_range && (*s.field_range)[0] <= 0) view["field_range"].fail("a log scale needs lo > 0");
  s.show_ellipses = view.boolean_or("ellipses", s.show_ellipses);
  if (view.has("mesh_shading")) s.mesh_flat = view["mesh_shading"].choice({"smooth", "flat"}) == "flat";
  s.mesh_wireframe = view.boolean_or("wireframe", s.mesh_wireframe);
  if (view.has("mesh_color")) s.mesh_color_by_displacement = view["mesh_color"].choice({"displacement", "plain"}) == "displacement";
  s.path_t = static_cast<float>(view.number_or("t", s.path_t, 0.0, 1.0));
  s.show_paths = view.boolean_or("paths", s.show_paths);
  s.trail_length = static_cast<int>(view.integer_or("trails", s.trail_length, 0, 1000));
  s.colorbar = view.boolean_or("colorbar", s.colorbar);
  return s;
}

nlohmann::json view_to_json(const ViewSettings& s, const Camera* camera) {
  nlohmann::json j = {
      {"mode", s.mode == ViewMode::Orbit3D ? "3d" : "2d"},
      {"projection", s.projection == Projection::Orthographic ? "orthographic" : "perspective"},
      {"point_size", s.point_size},
      {"size_in_world", s.size_in_world},
      {"colormap", std::string(colormap_name(s.colormap))},
      {"color_by", std::string(color_by_name(s.color_by))},
      {"background", s.background},
      {"show_source", s.show_source},
      {"show_target", s.show_target},
      {"target_opacity", s.target_opacity},
      {"target_color", s.target_color},
      {"density", s.particle_density ? "kde" : "none"},
      {"field_colormap", std::string(colormap_name(s.field_colormap))},
      {"field_log", s.field_log},
      {"ellipses", s.show_ellipses},
      {"mesh_shading", s.mesh_flat ? "flat" : "smooth"},
      {"wireframe", s.mesh_wireframe},
      {"mesh_color", s.mesh_color_by_displacement ? "displacement" : "plain"},
      {"t", s.path_t},
      {"paths", s.show_paths},
      {"trails", s.trail_length},
      {"colorbar", s.colorbar},
  };
  for (const auto& [name, section] : s.sections.items()) j[name] = section;
  if (s.field_range) j["field_range"] = *s.field_range;
  else j["field_range"] = "auto";
  if (camera) {
    j["camera"] = {{"center", {camera->center.x, camera->center.y}},
                   {"half_height", camera->half_height},
                   {"target", {camera->target.x, camera->target.y, camera->target.z}},
                   {"yaw", camera->yaw},
                   {"pitch", camera->pitch},
                   {"distance", camera->distance},
                   {"fov", camera->fov_y * 180.0 / M_PI}};
  }
  return j;
}

std::vector<float> color_scalars(const Points& start, ColorBy by, float& lo, float& hi) {
  const int n = static_cast<int>(start.rows()), d = static_cast<int>(start.cols());
  std::vector<float> s(n);
  Eigen::RowVectorXf centroid = n > 0 ? Eigen::RowVectorXf(start.colwise().mean()) : Eigen::RowVectorXf::Zero(d);
  for (int i = 0; i < n; ++i) {
    switch (by) {
      case ColorBy::X: s[i] = d > 0 ? start(i, 0) : 0.0f; break;
      case ColorBy::Y: s[i] = d > 1 ? start(i, 1) : 0.0f; break;
      case ColorBy::Z: s[i] = d > 2 ? start(i, 2) : 0.0f; break;
      case ColorBy::Index: s[i] = static_cast<float>(i); break;
      case ColorBy::Radius: s[i] = (start.row(i) - centroid).norm(); break;
      case ColorBy::Speed: s[i] = 0.0f; break;
    }
  }
  lo = 0.0f;
  hi = 1.0f;
  if (n > 0) {
    const auto [a, b] = std::minmax_element(s.begin(), s.end());
    lo = *a;
    hi = *b > *a ? *b : *a + 1.0f;
  }
  return s;
}

}  // namespace monge
