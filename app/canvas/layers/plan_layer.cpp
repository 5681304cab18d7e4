#include "app/canvas/layers/plan_layer.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "app/canvas/layers/particles_layer.hpp"
#include "app/canvas/layers/point_geometry.hpp"
#include "app/canvas/plot_widget.hpp"
#include "render/gl/line_renderer.hpp"
#include "solvers/entropic/sinkhorn.hpp"

namespace monge {
namespace {

// Every k-th row so that at most `limit` remain (the same rows on every solve).
Points subsample(const Points& P, int limit) {
  const int n = static_cast<int>(P.rows()), stride = std::max(1, (n + limit - 1) / limit);
  Points out((n + stride - 1) / stride, P.cols());
  for (int i = 0, r = 0; i < n; i += stride, ++r) out.row(r) = P.row(i);
  return out;
}

PlotSeries convergence(const char* label, const SinkhornResult& r) {
  PlotSeries s{label, {}};
  for (const auto& [iteration, error] : r.history) {
    if (iteration < 0) continue;
    if (static_cast<std::size_t>(iteration) >= s.values.size()) s.values.resize(iteration + 1, NAN);
    s.values[iteration] = static_cast<float>(error);
  }
  return s;
}

std::shared_ptr<PlanResult> solve(Points X, Points Y, float eps, int method, int links) {
  auto result = std::make_shared<PlanResult>();
  result->X = std::move(X);
  result->Y = std::move(Y);
  SinkhornOptions options;
  options.eps = eps;
  options.tol = 1e-9;
  options.max_iter = 5000;
  options.record_history = true;
  const Weights uniform;
  options.method = EntropicMethod::Sinkhorn;
  const SinkhornResult sinkhorn = solve_entropic(result->X, uniform, result->Y, uniform, options);
  options.method = EntropicMethod::SinkhornNewtonSparse;
  const SinkhornResult sns = solve_entropic(result->X, uniform, result->Y, uniform, options);
  result->convergence = {convergence("sinkhorn", sinkhorn), convergence("sns", sns)};
  options.method = method == 1 ? EntropicMethod::SinkhornNewtonSparse : EntropicMethod::Sinkhorn;
  const SinkhornResult& drawn = method == 1 ? sns : sinkhorn;
  result->view = plan_view(result->X, uniform, result->Y, uniform, drawn, options, links);
  char text[256];
  std::snprintf(text, sizeof text, "%d x %d points, cost %.5g; to 1e-9: Sinkhorn %d iterations%s, SNS %d%s",
                static_cast<int>(result->X.rows()), static_cast<int>(result->Y.rows()), drawn.cost, sinkhorn.iterations,
                sinkhorn.converged ? "" : " (not reached)", sns.iterations, sns.converged ? "" : " (not reached)");
  result->summary = text;
  return result;
}

}  // namespace

std::unique_ptr<Layer> PlanLayer::make(const LayerSetup& setup) {
  if (!setup.scene.target || setup.scene.target->size() == 0 || setup.scene.source_mesh) return nullptr;
  for (const auto& layer : setup.made)
    if (const auto* particles = dynamic_cast<const ParticlesLayer*>(layer.get()))
      return std::make_unique<PlanLayer>(*particles, setup.scene.target->points);
  return nullptr;
}

PlanLayer::PlanLayer(const ParticlesLayer& particles, const Points& target) : particles_(particles), target_(target) {}

PlanLayer::~PlanLayer() = default;  // a solve in flight is waited for by its future (std::async)

void PlanLayer::collect() {
  if (!job_.valid() || job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  try {
    result_ = job_.get();
    error_.clear();
  } catch (const std::exception& e) {
    error_ = e.what();
  }
  rebuild_lines();
}

void PlanLayer::rebuild_lines() {
  lines_.clear();
  if (!result_) return;
  const PlanResult& r = *result_;
  const double top_row = r.view.row_mass.size() ? r.view.row_mass.maxCoeff() : 1.0;
  for (int i = 0; i < r.X.rows(); ++i) {  // x_i to its barycentric image, opacity by mass
    const float alpha = 0.15f + 0.45f * static_cast<float>(r.view.row_mass[i] / top_row);
    lines_.push_back({point3(r.X, i), glm::vec4(0.85f, 0.9f, 1.0f, alpha)});
    lines_.push_back({point3(r.view.images, i), glm::vec4(0.85f, 0.9f, 1.0f, alpha)});
  }
  const double top_link = r.view.links.empty() ? 1.0 : r.view.links.front().mass;
  for (const PlanLink& link : r.view.links) {  // the strongest entries of P
    const float alpha = 0.2f + 0.8f * static_cast<float>(link.mass / top_link);
    lines_.push_back({point3(r.X, link.i), glm::vec4(1.0f, 0.55f, 0.1f, alpha)});
    lines_.push_back({point3(r.Y, link.j), glm::vec4(1.0f, 0.55f, 0.1f, alpha)});
  }
}

void PlanLayer::draw(const DrawContext& context) {
  collect();
  if (!lines_.empty()) context.renderers.lines().draw(lines_, context.camera, context.vp);
}

bool PlanLayer::build_ui() {
  collect();
  ImGui::DragFloat("eps", &eps_, eps_ * 0.02f, 1e-5f, 100.0f, "%.4g", ImGuiSliderFlags_Logarithmic);
  eps_ = std::max(eps_, 1e-5f);
  ImGui::Combo("method drawn", &method_, "sinkhorn\0sns\0");
  ImGui::SliderInt("max points", &max_points_, 100, 3000);
  ImGui::SliderInt("links", &links_, 0, 2000);
  if (job_.valid()) {
    ImGui::TextDisabled("Solving...");
  } else if (ImGui::Button("Compute plan of the shown state")) {
    Points X = subsample(particles_.positions(), max_points_);
    Points Y = subsample(target_, max_points_);
    job_ = std::async(std::launch::async, solve, std::move(X), std::move(Y), eps_, method_, links_);
  }
  if (!error_.empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", error_.c_str());
  if (!result_) return false;
  ImGui::TextWrapped("%s", result_->summary.c_str());
  ImGui::TextDisabled("white: x -> barycentric image; orange: strongest links");
  plot_overlaid("marginal error (L1) per iteration", result_->convergence, true);
  return false;
}

}  // namespace monge
