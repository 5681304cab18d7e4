#include "app/canvas/scene_view.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "app/scene/density_estimate.hpp"
#include "render/gl/frame.hpp"

namespace monge {
namespace {

// Below this many points GL's cost on llvmpipe is close to the splat's fixed cost (clearing,
// uploading and compositing a window-sized layer): 20k points, 24 ms a frame through GL against
// 30 ms splatted; 100k points, 62 ms against 32 ms.
constexpr int kCpuSplatMinPoints = 50000;

void extend_bounds(const Points& p, glm::vec3& lo, glm::vec3& hi) {
  const int d = std::min<int>(static_cast<int>(p.cols()), 3);
  for (int i = 0; i < p.rows(); ++i)
    for (int k = 0; k < d; ++k) {
      lo[k] = std::min(lo[k], p(i, k));
      hi[k] = std::max(hi[k], p(i, k));
    }
}

glm::vec3 point3(const Points& p, int i) {
  glm::vec3 v(0.0f);
  for (int k = 0; k < std::min<int>(static_cast<int>(p.cols()), 3); ++k) v[k] = p(i, k);
  return v;
}

// Points of the ellipse {x : (x - m)^T C^-1 (x - m) = 4} as line segments.
void append_ellipse(const GaussianEllipse& e, const glm::vec4& color, bool dashed, std::vector<LineVertex>& out) {
  // Eigen-decomposition of the symmetric 2x2 covariance.
  const float a = e.cov[0], b = e.cov[1], c = e.cov[2];
  const float mid = 0.5f * (a + c), rad = std::sqrt(0.25f * (a - c) * (a - c) + b * b);
  const float l1 = std::max(mid + rad, 0.0f), l2 = std::max(mid - rad, 0.0f);
  const float angle = 0.5f * std::atan2(2.0f * b, a - c);
  const glm::vec2 u(std::cos(angle), std::sin(angle)), v(-u.y, u.x);
  constexpr int kSegments = 96;
  for (int k = 0; k < kSegments; k += dashed ? 2 : 1) {
    for (int end = 0; end < 2; ++end) {
      const float t = 2.0f * static_cast<float>(M_PI) * static_cast<float>(k + end) / kSegments;
      const glm::vec2 p = glm::vec2(e.mean[0], e.mean[1]) + 2.0f * std::sqrt(l1) * std::cos(t) * u +
                          2.0f * std::sqrt(l2) * std::sin(t) * v;
      out.push_back({glm::vec3(p, 0.0f), color});
    }
  }
}

// The ellipse of diagnostics named prefix + "mean_x", ..., if all five are present.
std::optional<GaussianEllipse> ellipse_from(const Diagnostics& diagnostics, const std::string& prefix) {
  GaussianEllipse e;
  const char* names[5] = {"mean_x", "mean_y", "cov_xx", "cov_xy", "cov_yy"};
  float* slots[5] = {&e.mean[0], &e.mean[1], &e.cov[0], &e.cov[1], &e.cov[2]};
  int found = 0;
  for (int k = 0; k < 5; ++k)
    for (const auto& [name, value] : diagnostics)
      if (name == prefix + names[k] && std::isfinite(value)) {
        *slots[k] = static_cast<float>(value);
        ++found;
        break;
      }
  if (found < 5) return std::nullopt;
  return e;
}

}  // namespace

SceneView::SceneView()
    : points_(std::make_unique<PointRenderer>()),
      lines_(std::make_unique<LineRenderer>()),
      source_(std::make_unique<PointBuffer>()),
      target_(std::make_unique<PointBuffer>()),
      target_layer_(std::make_unique<PointLayer>()) {}

SceneView::~SceneView() = default;

void SceneView::set_scene(const Scene& scene, const ViewSettings& view) {
  lo_ = glm::vec3(std::numeric_limits<float>::max());
  hi_ = glm::vec3(-std::numeric_limits<float>::max());
  extend_bounds(scene.source.points, lo_, hi_);
  if (scene.target) {
    extend_bounds(scene.target->points, lo_, hi_);
    target_->set_positions(scene.target->points.data(), scene.target->size(), scene.target->dim());
  } else {
    target_->set_positions(nullptr, 0, std::max(scene.dim, 1));
  }
  if (scene.dim < 3) lo_.z = hi_.z = 0.0f;
  if (scene.source.size() == 0) lo_ = glm::vec3(-1.0f), hi_ = glm::vec3(1.0f);
  set_color_by(scene, view.color_by);
  source_->set_positions(scene.source.points.data(), scene.source.size(), scene.source.dim());
  overlay_.clear();
  trail_.clear();
  trail_head_ = trail_filled_ = 0;
  dim_ = scene.dim;
  grid_ = DensityGrid();
  grid_from_flow_ = false;
  grid_dirty_ = false;
  field_max_ = 0.0f;
  legend_.reset();
  empirical_.reset();
  exact_.reset();
  current_ = scene.dim == 2 ? scene.source.points : Points();
  grid_dirty_ = true;
  path_.clear();
  source_mesh_.reset();
  target_mesh_.reset();
  if (scene.source_mesh || scene.target_mesh) {
    if (!mesh_renderer_) mesh_renderer_ = std::make_unique<MeshRenderer>();
    auto upload = [](const mesh::TriangleMesh& m) {
      auto buffer = std::make_unique<MeshBuffer>();
      buffer->set_mesh(m.vertices.data(), m.vertex_count(), m.faces.data(), m.face_count());
      return buffer;
    };
    if (scene.source_mesh) {
      source_mesh_ = upload(*scene.source_mesh);
      mesh_start_ = scene.source_mesh->vertices;
      mesh_now_ = mesh_start_;
    }
    if (scene.target_mesh) target_mesh_ = upload(*scene.target_mesh);
  }
}

void SceneView::set_color_by(const Scene& scene, ColorBy by) {
  scalars_ = color_scalars(scene.source.points, by, scalar_range_.x, scalar_range_.y);
  source_->set_scalars(scalars_.data(), static_cast<int>(scalars_.size()));
}

void SceneView::set_state(const FlowState& state) {
  source_->reset_upload_counter();
  if (state.points.rows() > 0) {
    source_->set_positions(state.points.data(), static_cast<int>(state.points.rows()), static_cast<int>(state.points.cols()));
    if (trail_length_ > 0) append_trail(state.points);
    if (dim_ == 2) {
      current_ = state.points;  // same size every frame: no allocation after the first
      grid_dirty_ = true;
    }
  }
  if (source_mesh_ && state.points.rows() == mesh_start_.rows()) {
    mesh_now_ = state.points;
    if (!state.path.empty()) path_ = state.path;
  }
  if (!state.grid.empty()) {
    if (!grid_from_flow_) {  // the first grid: "fit" frames the whole grid, not just the particles
      lo_ = glm::min(lo_, glm::vec3(state.grid.x0, state.grid.y0, 0.0f));
      hi_ = glm::max(hi_, glm::vec3(state.grid.x1, state.grid.y1, 0.0f));
    }
    grid_ = state.grid;
    grid_from_flow_ = true;
    grid_dirty_ = true;
  }
  last_upload_bytes_ = source_->uploaded_bytes();
}

void SceneView::set_diagnostics(const Diagnostics& diagnostics) {
  empirical_ = ellipse_from(diagnostics, "");
  exact_ = ellipse_from(diagnostics, "exact_");
}

void SceneView::set_trails(int length, int max_particles) {
  if (length == trail_length_ && max_particles == trail_particles_) return;
  trail_length_ = std::max(length, 0);
  trail_particles_ = std::max(max_particles, 0);
  trail_.clear();
  trail_head_ = trail_filled_ = 0;
}

void SceneView::append_trail(const Points& points) {
  const int n = std::min<int>(static_cast<int>(points.rows()), trail_particles_);
  if (trail_.size() != static_cast<std::size_t>(trail_length_)) trail_.assign(trail_length_, std::vector<glm::vec3>(n));
  auto& slot = trail_[trail_head_];
  slot.resize(n);
  for (int i = 0; i < n; ++i) slot[i] = point3(points, i);
  trail_head_ = (trail_head_ + 1) % trail_.size();
  trail_filled_ = std::min(trail_filled_ + 1, trail_.size());
}

void SceneView::bounds(glm::vec3& lo, glm::vec3& hi) const {
  lo = lo_;
  hi = hi_;
}

void SceneView::draw_field(const Camera& camera, const Viewport& vp, const ViewSettings& view) {
  const bool was_kde = kde_wanted_;
  kde_wanted_ = view.particle_density && !grid_from_flow_ && current_.rows() > 0;
  if (kde_wanted_ != was_kde) grid_dirty_ = true;
  if (!grid_from_flow_ && !kde_wanted_) {
    legend_.reset();
    return;
  }
  if (grid_dirty_) {
    if (kde_wanted_) kde_grid(current_, KdeOptions(), grid_);
    if (grid_.empty()) return;
    if (!field_renderer_) field_renderer_ = std::make_unique<FieldRenderer>();
    if (!field_) field_ = std::make_unique<FieldTexture>();
    const glm::vec4 bounds(grid_.x0, grid_.y0, grid_.x1, grid_.y1);
    if (field_->nx() == grid_.nx && field_->ny() == grid_.ny && field_->bounds() == bounds &&
        field_->has_obstacles() == !grid_.obstacle.empty())
      field_->update_values(grid_.values.data());
    else
      field_->set_grid(grid_);
    for (float v : grid_.values)
      if (std::isfinite(v)) field_max_ = std::max(field_max_, v);
    grid_dirty_ = false;
  }
  if (!field_) return;
  // "auto": from 0 (or 1e-3 of the peak on a log scale) to the largest density seen since the
  // scene started, so that a colour means the same density in every frame of a recording.
  FieldStyle style;
  style.colormap = view.field_colormap;
  style.log_scale = view.field_log;
  const float peak = field_max_ > 0 ? field_max_ : 1.0f;
  style.range = view.field_range ? glm::vec2((*view.field_range)[0], (*view.field_range)[1])
                                 : glm::vec2(view.field_log ? peak * 1e-3f : 0.0f, peak);
  style.hide_below = view.field_log;
  style.threshold = style.range.x;
  if (kde_wanted_) style.opacity = 0.85f;
  field_renderer_->draw(*field_, style, camera, vp);
  legend_ = FieldLegend{style.colormap, style.range.x, style.range.y, style.log_scale,
                        kde_wanted_ ? "particle density (KDE)" : "density"};
}

void SceneView::draw_ellipses(const Camera& camera, const Viewport& vp) {
  ellipse_lines_.clear();
  // Only where an exact solution exists: the computed ellipse (yellow) under the exact one (white,
  // dashed), both at 2 standard deviations.
  if (!exact_) return;
  if (empirical_) append_ellipse(*empirical_, glm::vec4(1.0f, 0.85f, 0.2f, 0.95f), false, ellipse_lines_);
  append_ellipse(*exact_, glm::vec4(1.0f, 1.0f, 1.0f, 0.95f), true, ellipse_lines_);
  if (!ellipse_lines_.empty()) lines_->draw(ellipse_lines_, camera, vp);
}

void SceneView::positions_at(float t, Points& out) const {
  if (path_.size() < 2) {
    out = mesh_now_;
    return;
  }
  const float u = std::clamp(t, 0.0f, 1.0f) * static_cast<float>(path_.size() - 1);
  const std::size_t k = std::min(static_cast<std::size_t>(u), path_.size() - 2);
  const float f = u - static_cast<float>(k);
  out = (1.0f - f) * path_[k] + f * path_[k + 1];
}

void SceneView::draw_meshes(const Camera& camera, const Viewport& vp, const ViewSettings& view) {
  MeshStyle style;
  style.shading = view.mesh_flat ? MeshShading::Flat : MeshShading::Smooth;
  style.wireframe = view.mesh_wireframe;
  if (source_mesh_ && view.show_source) {
    Points shown;
    positions_at(view.path_t, shown);
    source_mesh_->update_positions(shown.data());
    if (view.mesh_color_by_displacement) {
      displacement_.resize(shown.rows());
      float most = 0.0f;
      for (int i = 0; i < shown.rows(); ++i) {
        displacement_[i] = (shown.row(i) - mesh_start_.row(i)).norm();
        most = std::max(most, displacement_[i]);
      }
      source_mesh_->set_scalars(displacement_.data(), static_cast<int>(displacement_.size()));
      style.use_scalar = true;
      style.colormap = view.colormap;
      style.scalar_range = glm::vec2(0.0f, std::max(most, 1e-6f));
    }
    mesh_renderer_->draw(*source_mesh_, style, camera, vp);
    if (view.show_paths && path_.size() > 1) {
      // Every vertex's path through the RK4 nodes, for up to ~1500 vertices.
      path_lines_.clear();
      const int n = static_cast<int>(mesh_start_.rows()), stride = std::max(1, n / 1500);
      for (int i = 0; i < n; i += stride)
        for (std::size_t k = 0; k + 1 < path_.size(); ++k) {
          const glm::vec4 c(1.0f, 0.9f, 0.3f, 0.35f + 0.5f * static_cast<float>(k) / static_cast<float>(path_.size()));
          path_lines_.push_back({point3(path_[k], i), c});
          path_lines_.push_back({point3(path_[k + 1], i), c});
        }
      lines_->draw(path_lines_, camera, vp);
    }
  }
  if (target_mesh_ && view.show_target) {  // translucent, after the opaque source
    MeshStyle target = style;
    target.use_scalar = false;
    target.wireframe = false;
    target.color = glm::vec3(view.target_color[0], view.target_color[1], view.target_color[2]);
    target.opacity = std::max(view.target_opacity, 0.05f);
    mesh_renderer_->draw(*target_mesh_, target, camera, vp);
  }
}

void SceneView::draw(const Camera& camera, const Viewport& vp, const ViewSettings& view, bool transparent) {
  frame::clear(view.background, transparent ? 0.0f : 1.0f);
  if (dim_ == 2) draw_field(camera, vp, view);
  if (source_mesh_ || target_mesh_) {
    if (!target_mesh_ && view.show_target && target_->count() > 0) {  // e.g. a mesh flowing onto points
      PointStyle style;
      style.size = view.point_size;
      style.size_in_world = view.size_in_world;
      style.use_scalar = false;
      style.color = glm::vec4(view.target_color[0], view.target_color[1], view.target_color[2], view.target_opacity);
      points_->draw(*target_, style, camera, vp);
    }
    draw_meshes(camera, vp, view);
    if (!overlay_.empty()) lines_->draw(overlay_, camera, vp);
    return;
  }

  if (view.show_target && target_->count() > 0) {
    PointStyle style;
    style.size = view.point_size;
    style.size_in_world = view.size_in_world;
    style.use_scalar = false;
    style.color = glm::vec4(view.target_color[0], view.target_color[1], view.target_color[2], view.target_opacity);
    // The target does not move: drawn once, then composited from its layer while the view stands.
    target_layer_->draw(*points_, *target_, style, camera, vp);
  }
  // Trails: segments between consecutive stored positions, fading with age.
  if (trail_length_ > 0 && trail_filled_ > 1) {
    trail_lines_.clear();
    const std::size_t len = trail_.size();
    for (std::size_t age = 1; age < trail_filled_; ++age) {
      const auto& newer = trail_[(trail_head_ + len - age) % len];
      const auto& older = trail_[(trail_head_ + len - age - 1) % len];
      const float alpha = 0.6f * (1.0f - static_cast<float>(age) / static_cast<float>(trail_filled_));
      const std::size_t n = std::min(newer.size(), older.size());
      for (std::size_t i = 0; i < n; ++i) {
        const float t = (scalars_.empty() ? 0.0f : (scalars_[i] - scalar_range_.x) / (scalar_range_.y - scalar_range_.x));
        const glm::vec3 c = colormap_sample(view.colormap, t);
        trail_lines_.push_back({older[i], glm::vec4(c, alpha)});
        trail_lines_.push_back({newer[i], glm::vec4(c, alpha)});
      }
    }
    lines_->draw(trail_lines_, camera, vp);
  }
  // A grid flow moves its density, not the scene's particles: drawing them would only hide it.
  if (view.show_source && !grid_from_flow_) {
    PointStyle style;
    style.size = view.point_size;
    style.size_in_world = view.size_in_world;
    style.colormap = view.colormap;
    style.scalar_range = scalar_range_;
    const int n = static_cast<int>(current_.rows());
    // current_ holds the 2D positions drawn (set_scene, set_state); the splat needs their colours too.
    const bool splat = cpu_splat_ && camera.mode == ViewMode::Planar2D && n >= kCpuSplatMinPoints &&
                       n == source_->count() && scalars_.size() == static_cast<std::size_t>(n);
    if (splat) {
      if (!source_splat_) source_splat_ = std::make_unique<SplatLayer>();
      source_splat_->draw(current_.data(), n, static_cast<int>(current_.cols()), scalars_.data(), style, camera, vp,
                          points_->max_point_size());
    } else {
      points_->draw(*source_, style, camera, vp);
    }
  }
  if (!overlay_.empty()) lines_->draw(overlay_, camera, vp);
  if (view.show_ellipses && dim_ == 2) draw_ellipses(camera, vp);
}

}  // namespace monge
