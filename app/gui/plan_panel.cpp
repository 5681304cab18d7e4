#include "app/gui/plan_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "app/gui/app_state.hpp"
#include "app/gui/plot.hpp"
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

glm::vec3 point3(const Points& p, int i) {
  glm::vec3 v(0.0f);
  for (int k = 0; k < std::min<int>(static_cast<int>(p.cols()), 3); ++k) v[k] = p(i, k);
  return v;
}

void draw_lines(AppState& app, const PlanResult& r) {
  auto& lines = app.scene_view->overlay_lines();
  lines.clear();
  const double top_row = r.view.row_mass.size() ? r.view.row_mass.maxCoeff() : 1.0;
  for (int i = 0; i < r.X.rows(); ++i) {  // x_i to its barycentric image, opacity by mass
    const float alpha = 0.15f + 0.45f * static_cast<float>(r.view.row_mass[i] / top_row);
    lines.push_back({point3(r.X, i), glm::vec4(0.85f, 0.9f, 1.0f, alpha)});
    lines.push_back({point3(r.view.images, i), glm::vec4(0.85f, 0.9f, 1.0f, alpha)});
  }
  const double top_link = r.view.links.empty() ? 1.0 : r.view.links.front().mass;
  for (const PlanLink& link : r.view.links) {  // the strongest entries of P
    const float alpha = 0.2f + 0.8f * static_cast<float>(link.mass / top_link);
    lines.push_back({point3(r.X, link.i), glm::vec4(1.0f, 0.55f, 0.1f, alpha)});
    lines.push_back({point3(r.Y, link.j), glm::vec4(1.0f, 0.55f, 0.1f, alpha)});
  }
}

}  // namespace

void update_plan(AppState& app, PlanPanel& panel) {
  if (panel.job.valid() && panel.job.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    try {
      panel.result = panel.job.get();
      panel.error.clear();
    } catch (const std::exception& e) {
      panel.error = e.what();
    }
    app.scene_view->overlay_lines().clear();
    if (panel.result && panel.show) draw_lines(app, *panel.result);
  }
}

void plan_section(AppState& app, PlanPanel& panel) {
  const Scene& scene = app.worker->scene();
  if (!scene.target || scene.source_mesh) {
    ImGui::TextDisabled("Needs a scene with a point target.");
    return;
  }
  ImGui::DragFloat("eps", &panel.eps, panel.eps * 0.02f, 1e-5f, 100.0f, "%.4g", ImGuiSliderFlags_Logarithmic);
  panel.eps = std::max(panel.eps, 1e-5f);
  ImGui::Combo("method drawn", &panel.method, "sinkhorn\0sns\0");
  ImGui::SliderInt("max points", &panel.max_points, 100, 3000);
  ImGui::SliderInt("links", &panel.links, 0, 2000);
  const bool busy = panel.job.valid();
  if (busy) {
    ImGui::TextDisabled("Solving...");
  } else if (ImGui::Button("Compute plan of the shown state")) {
    Points X = subsample(app.shown.points.rows() ? app.shown.points : scene.source.points, panel.max_points);
    Points Y = subsample(scene.target->points, panel.max_points);
    panel.job = std::async(std::launch::async, solve, std::move(X), std::move(Y), panel.eps, panel.method, panel.links);
  }
  if (!busy && panel.result) {
    ImGui::SameLine();
    if (ImGui::Checkbox("show", &panel.show)) {
      app.scene_view->overlay_lines().clear();
      if (panel.show) draw_lines(app, *panel.result);
    }
  }
  if (!panel.error.empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", panel.error.c_str());
  if (!panel.result) return;
  ImGui::TextWrapped("%s", panel.result->summary.c_str());
  ImGui::TextDisabled("white: x -> barycentric image; orange: strongest links");
  plot_overlaid("marginal error (L1) per iteration", panel.result->convergence, true);
}

}  // namespace monge
