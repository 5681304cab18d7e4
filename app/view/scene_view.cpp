#include "app/view/scene_view.hpp"

#include <algorithm>
#include <limits>

#include "render/frame.hpp"

namespace monge {
namespace {

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

}  // namespace

SceneView::SceneView()
    : points_(std::make_unique<PointRenderer>()),
      lines_(std::make_unique<LineRenderer>()),
      source_(std::make_unique<PointBuffer>()),
      target_(std::make_unique<PointBuffer>()) {}

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
  }
  last_upload_bytes_ = source_->uploaded_bytes();
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

void SceneView::draw(const Camera& camera, const Viewport& vp, const ViewSettings& view, bool transparent) {
  frame::clear(view.background, transparent ? 0.0f : 1.0f);

  if (view.show_target && target_->count() > 0) {
    PointStyle style;
    style.size = view.point_size;
    style.size_in_world = view.size_in_world;
    style.use_scalar = false;
    style.color = glm::vec4(view.target_color[0], view.target_color[1], view.target_color[2], view.target_opacity);
    points_->draw(*target_, style, camera, vp);
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
  if (view.show_source) {
    PointStyle style;
    style.size = view.point_size;
    style.size_in_world = view.size_in_world;
    style.colormap = view.colormap;
    style.scalar_range = scalar_range_;
    points_->draw(*source_, style, camera, vp);
  }
  if (!overlay_.empty()) lines_->draw(overlay_, camera, vp);
}

}  // namespace monge
