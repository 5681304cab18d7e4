#include "app/canvas/layers/exact_ellipse_layer.hpp"

#include <cmath>

namespace monge {
namespace {

// The Gaussian of diagnostics named prefix + "mean_x", ..., if all five are present and finite.
std::optional<Gaussian2> gaussian_from(const Diagnostics& diagnostics, const std::string& prefix) {
  Gaussian2 e;
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

std::unique_ptr<Layer> ExactEllipseLayer::make(const LayerSetup& setup) {
  if (setup.scene.dim != 2 || setup.scene.source_mesh || !setup.first_state.grid.empty()) return nullptr;
  return std::make_unique<ExactEllipseLayer>();
}

void ExactEllipseLayer::set_diagnostics(const Diagnostics& diagnostics) {
  computed_ = gaussian_from(diagnostics, "");
  exact_ = gaussian_from(diagnostics, "exact_");
  ever_exact_ |= exact_.has_value();
}

void ExactEllipseLayer::draw(const DrawContext& context) {
  // Only where an exact solution exists.
  if (!exact_) return;
  lines_.clear();
  if (computed_) append_ellipse(*computed_, glm::vec4(1.0f, 0.85f, 0.2f, 0.95f), false, lines_);
  append_ellipse(*exact_, glm::vec4(1.0f, 1.0f, 1.0f, 0.95f), true, lines_);
  context.renderers.lines().draw(lines_, context.camera, context.vp);
}

void ExactEllipseLayer::load_settings(const ViewSettings& view) { enabled_ = view.show_ellipses; }
void ExactEllipseLayer::store_settings(ViewSettings& view) const { view.show_ellipses = enabled_; }

}  // namespace monge
