#pragma once
// Pictures a flow offers the view beyond its particles, grid and path: sets of Gaussians drawn as
// ellipses, arrows, and named scalar fields. Plain data (no GL): a flow fills them in its
// FlowState, and the view gives each non-empty entry a layer of its own when the scene loads
// (app/canvas/layers). A flow keeps the same entries, by name, for its whole run, so the layers
// chosen at load time stay right; their contents may change every step.
#include <string>
#include <vector>

#include "solvers/common/types.hpp"

namespace monge {

// K Gaussians N(mean_k, cov_k), drawn as their 2-standard-deviation ellipses (2D) or ellipsoids
// (3D).
struct EllipseSet {
  std::string name;            // shown in the layer's panel, e.g. "barycentre", "batch"
  Points means;                // K by d
  Points covariances;          // K by d*d, row k = cov_k row-major (symmetric positive semi-definite)
  std::vector<float> values;   // empty, or K scalars that colour the ellipses through the colormap
  bool dashed = false;         // e.g. an exact solution drawn over a computed one
  float color[4] = {1.0f, 0.85f, 0.2f, 0.95f};  // used when `values` is empty
  int size() const { return static_cast<int>(means.rows()); }
};

// N arrows from tails[i] to heads[i] (a vector field sampled at points, a map x -> T(x)).
struct ArrowSet {
  std::string name;  // e.g. "velocity", "T(x) - x"
  Points tails;      // N by d
  Points heads;      // N by d
  int size() const { return static_cast<int>(tails.rows()); }
};

// A named scalar field on a 2D grid (a model's density, a field's curl), drawn with a colour bar.
struct ScalarField {
  std::string name;       // colour-bar label, e.g. "curl of the learned field"
  DensityGrid grid;
  bool diverging = false; // values of both signs around 0 (drawn with a diverging colormap)
};

// What a flow's state may carry besides particles: see FlowState::figures.
struct FlowFigures {
  std::vector<EllipseSet> ellipses;
  std::vector<ArrowSet> arrows;
  std::vector<ScalarField> fields;
  bool empty() const { return ellipses.empty() && arrows.empty() && fields.empty(); }
};

}  // namespace monge
