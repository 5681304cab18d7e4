#pragma once
// The entropic transport plan between the particles as shown and the target, solved off the UI
// thread when asked from the layer's panel: lines from each x_i to its barycentric image (opacity
// by mass) and the plan's strongest links; the panel also plots the convergence of Sinkhorn and
// SNS on the same problem (L1 marginal error against iterations, log scale). Nothing to persist:
// a plan belongs to the moment it was computed.
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "app/canvas/layer.hpp"
#include "app/io/series_csv.hpp"
#include "solvers/entropic/divergence.hpp"

namespace monge {

class ParticlesLayer;
struct LineVertex;

struct PlanResult {
  Points X, Y;                          // the (subsampled) clouds the plan was solved on
  PlanView view;
  std::vector<PlotSeries> convergence;  // "sinkhorn", "sns": marginal error per iteration
  std::string summary;
};

class PlanLayer : public Layer {
 public:
  // Particle scenes with a point target.
  static std::unique_ptr<Layer> make(const LayerSetup& setup);
  PlanLayer(const ParticlesLayer& particles, const Points& target);
  ~PlanLayer() override;

  std::string name() const override { return "transport plan"; }
  void draw(const DrawContext& context) override;
  bool build_ui() override;

 private:
  void collect();       // take a finished solve
  void rebuild_lines();
  const ParticlesLayer& particles_;
  Points target_;
  float eps_ = 0.05f;
  int method_ = 0;       // 0 sinkhorn, 1 sns (the plan drawn); the plot always shows both
  int max_points_ = 1500;  // each cloud is subsampled (evenly, deterministically) to this
  int links_ = 300;      // strongest plan entries drawn
  std::future<std::shared_ptr<PlanResult>> job_;
  std::shared_ptr<PlanResult> result_;
  std::string error_;
  std::vector<LineVertex> lines_;
};

}  // namespace monge
