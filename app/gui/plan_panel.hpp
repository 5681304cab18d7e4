#pragma once
// The "Transport plan" panel: the entropic plan between the particles as shown and the target,
// solved off the UI thread, drawn as lines from each x_i to its barycentric image (opacity by
// mass) plus the plan's strongest links; and the convergence of Sinkhorn and SNS on the same
// problem (L1 marginal error against iterations, log scale).
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "app/io/series_csv.hpp"
#include "solvers/entropic/divergence.hpp"

namespace monge {

struct AppState;

struct PlanResult {
  Points X, Y;                       // the (subsampled) clouds the plan was solved on
  PlanView view;
  std::vector<PlotSeries> convergence;  // "sinkhorn", "sns": marginal error per iteration
  std::string summary;
};

struct PlanPanel {
  float eps = 0.05f;
  int method = 0;           // 0 sinkhorn, 1 sns (the plan drawn); the plot always shows both
  int max_points = 1500;    // each cloud is subsampled (evenly, deterministically) to this
  int links = 300;          // strongest plan entries drawn
  bool show = true;
  std::future<std::shared_ptr<PlanResult>> job;
  std::shared_ptr<PlanResult> result;
  std::string error;
};

void plan_section(AppState& app, PlanPanel& panel);
// Per frame: collect a finished solve and keep the scene view's plan lines in sync.
void update_plan(AppState& app, PlanPanel& panel);

}  // namespace monge
