#pragma once
// How a scene is shown: the scene file's "view" object, as the GUI and `monge render` use it.
// This is the document; the live settings belong to the canvas and its layers
// (app/canvas/scene_canvas.hpp), which read them from here when a scene loads and write them back
// for "Save scene as". The flat keys below are the built-in layers'; a layer added later keeps
// its settings in an object of its own, "view": {"<layer name>": {...}} (`sections`).
//   {"mode": "2d"|"3d", "projection": "perspective"|"orthographic", "point_size": 3,
//    "size_in_world": false, "colormap": "viridis", "color_by": "x", "background": [r, g, b],
//    "show_target": true, "target_opacity": 0.35, "camera": {...}}
// Documented in docs/scenes.md.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "app/scene/json_node.hpp"
#include "render/camera.hpp"
#include "render/colormap.hpp"
#include "solvers/common/types.hpp"

namespace monge {

// What colours a particle: a coordinate of its *starting* position (so the transport stays
// visible as particles move), its index, its distance from the centroid at the start, or its
// current speed (computed by the view from consecutive states).
enum class ColorBy { X, Y, Z, Index, Radius, Speed };

struct ViewSettings {
  ViewMode mode = ViewMode::Planar2D;
  Projection projection = Projection::Perspective;
  float point_size = 3.0f;                 // pixels (or world units with size_in_world)
  bool size_in_world = false;
  Colormap colormap = Colormap::Viridis;
  ColorBy color_by = ColorBy::X;
  std::array<float, 3> background{0.08f, 0.09f, 0.11f};
  bool show_source = true;
  bool show_target = true;
  float target_opacity = 0.35f;
  std::array<float, 3> target_color{0.95f, 0.45f, 0.35f};
  std::optional<Camera> camera;            // from "camera"; absent: fit to the data
  // Density fields: a grid flow's density is always drawn; "density": "kde" also shows the
  // particles of a 2D scene as a kernel density estimate under them.
  bool particle_density = false;
  Colormap field_colormap = Colormap::Magma;
  std::optional<std::array<float, 2>> field_range;  // absent: "auto" (see DensityLayer)
  bool field_log = false;
  // Covariance ellipses (2 standard deviations) of flows that report mean and covariance, and of
  // their exact Gaussian solution when one exists.
  bool show_ellipses = true;
  // Meshes ("kind": "mesh" measures): shading, edges, colour by displacement from the start, the
  // deformation shown at time path_t in [0, 1] of the current map, and vertex trajectories.
  bool mesh_flat = false;
  bool mesh_wireframe = false;
  bool mesh_color_by_displacement = true;
  float path_t = 1.0f;
  bool show_paths = false;
  int trail_length = 0;                    // "trails": positions kept per particle trail (0: none)
  bool colorbar = false;                   // "colorbar": a colour bar for the particles' or mesh's colouring
  // "<name>": {...} objects of layers that keep their settings in a section of their own, checked
  // by the canvas (which knows the registered layers), with the file label for its messages.
  nlohmann::json sections = nlohmann::json::object();
  std::string file_label;
};

// Read a "view" object (null: defaults for `dim`). Throws InputError naming the JSON path.
ViewSettings parse_view(const JsonNode& view, int dim);
// The "view" object that parse_view reads back to the same settings (for "Save scene as").
nlohmann::json view_to_json(const ViewSettings& view, const Camera* camera);

std::string_view color_by_name(ColorBy c);
// One scalar per point of `start` (N by d) for the colormap, and its range (zeros for Speed, which
// needs the motion).
std::vector<float> color_scalars(const Points& start, ColorBy by, float& lo, float& hi);

}  // namespace monge
