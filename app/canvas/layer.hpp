#pragma once
// A layer: one kind of thing drawn in a scene (the particles, the target cloud, trails, a mesh, a
// density field, ellipses, arrows, transport-plan lines, captions), in the spirit of Polyscope's
// structures and quantities. A layer owns everything about its kind: the data it keeps from the
// flow's states, its GL resources, its settings (read from and written to the scene file's
// "view" object), its ImGui section, and (optionally) what lies under a pixel.
//
// Which layers a scene gets is decided once, when it loads, by the factories of the registry
// (layer_registry.hpp) from what the scene and its flow's first state carry. SceneCanvas then
// calls every layer in registry order: nothing outside a layer knows what it draws.
//
// Sections: the per-frame contexts (DrawContext, OverlayContext), LayerSetup (what a factory
// sees), and the Layer interface.
#include <glm/glm.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/scene/scene.hpp"
#include "app/scene/view_settings.hpp"
#include "render/camera.hpp"
#include "solvers/common/flow.hpp"

struct ImDrawList;
struct ImFont;

namespace monge {

class PointRenderer;
class LineRenderer;
class MeshRenderer;
class FieldRenderer;

// GL programs shared by the layers of one canvas, made on first use (each compiles shaders).
class SharedRenderers {
 public:
  SharedRenderers();
  ~SharedRenderers();
  PointRenderer& points();
  LineRenderer& lines();
  MeshRenderer& meshes();
  FieldRenderer& fields();

 private:
  std::unique_ptr<PointRenderer> points_;
  std::unique_ptr<LineRenderer> lines_;
  std::unique_ptr<MeshRenderer> meshes_;
  std::unique_ptr<FieldRenderer> fields_;
};

// The settings every layer may draw with that belong to the whole picture, not one layer.
struct CanvasStyle {
  float point_size = 3.0f;      // pixels (or world units with size_in_world)
  bool size_in_world = false;
};

// What a layer draws into: the bound framebuffer's current region, of vp's size.
struct DrawContext {
  const Camera& camera;
  Viewport vp;
  SharedRenderers& renderers;
  CanvasStyle style;
  float pixel_scale = 1.0f;     // a screenshot at 2x the window's size draws pixel sizes at 2x
  bool cpu_splat = false;       // large 2D clouds may be drawn on the CPU (the window on a software rasteriser)
};

// Where a canvas's overlays go in a frame: its pane (a column of a split view, or all of it), in
// ImGui units; captions belong to the whole frame and are drawn by one pane only.
struct OverlayArea {
  float left = 0, width = 0;    // the pane
  float frame_width = 0, height = 0;
  bool captions = true;         // this pane draws the scene's captions (the first column)
};

// Text and 2D marks over a finished frame (captions, colour bars), in ImGui units.
struct OverlayContext {
  ImDrawList* under = nullptr;  // marks under any panel (colour bars)
  ImDrawList* over = nullptr;   // marks over everything (captions)
  OverlayArea area;
  double time = 0.0;            // the flow time shown
  ImFont* font = nullptr;       // the frame's text font (text_font.hpp), rasterised at font_px
  float font_px = 13.0f;        // frame_text_pixels of the frame's height: text scales with the frame
  float* colorbar_right = nullptr;  // where the next colour bar ends (add_colorbar moves it left)
};

// A point found under a pixel (picking).
struct Pick {
  std::string layer;            // which layer answered
  int index = -1;               // which point or vertex
  glm::vec3 position{0.0f};     // where it is now
  float depth = 0.0f;           // distance from the eye (3D) or 0 (2D): the nearest pick wins
};

class Layer;

// What a factory sees when a scene loads.
struct LayerSetup {
  const Scene& scene;
  const FlowState& first_state;                   // after the flow's initialize()
  const std::vector<std::unique_ptr<Layer>>& made;  // layers made so far, in registry order
};

class Layer {
 public:
  virtual ~Layer() = default;
  // Shown as the layer's panel header and used to find it (e.g. "particles", "target").
  virtual std::string name() const = 0;

  // A new state to show (live, or a stored frame when scrubbing).
  virtual void set_state(const FlowState& /*state*/) {}
  // The latest step's diagnostics (empty for stored frames).
  virtual void set_diagnostics(const Diagnostics& /*diagnostics*/) {}
  // Bytes the last set_state sent to the GPU (the status bar's upload figure).
  virtual std::size_t uploaded_bytes() const { return 0; }
  // Grow [lo, hi] to hold what this layer draws ("fit").
  virtual void extend_bounds(glm::vec3& /*lo*/, glm::vec3& /*hi*/) const {}
  // Draw into the bound framebuffer region; called only while enabled().
  virtual void draw(const DrawContext& context) = 0;
  // Marks over the finished frame (colour bars, captions); called only while enabled().
  virtual void draw_overlay(const OverlayContext& /*context*/) {}
  // Its ImGui controls, inside the layer's section of the panel; true if a setting changed.
  virtual bool build_ui() { return false; }
  // What lies under window pixel (x, y) (y down), within `radius_px`, if anything.
  virtual std::optional<Pick> pick(const DrawContext& /*context*/, glm::vec2 /*pixel*/, float /*radius_px*/) const {
    return std::nullopt;
  }
  // What the inspection panel shows of a picked point: (label, value) rows, e.g. {"start", "(0.1, 2)"}.
  virtual std::vector<std::pair<std::string, std::string>> describe(int /*index*/) const { return {}; }

  // Settings from the scene file's "view" object, and back (for "Save scene as"). The built-in
  // layers read the flat keys of docs/scenes.md (ViewSettings fields); layers added later keep
  // theirs in a section of their own (ViewSettings::sections[name]).
  virtual void load_settings(const ViewSettings& /*view*/) {}
  virtual void store_settings(ViewSettings& /*view*/) const {}

  // Whether the panel lists this layer (a layer with nothing to show yet may stay out of it).
  virtual bool listed() const { return true; }

  bool enabled() const { return enabled_; }
  void set_enabled(bool on) { enabled_ = on; }

 protected:
  bool enabled_ = true;
};

}  // namespace monge
