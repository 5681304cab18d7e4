#pragma once
// A Gaussian kernel velocity field (the LDDMM-style alternative to the MLP):
//   v_theta(x, t) = scale * sum_k exp(-|x - c_k|^2 / (2 s^2)) m_k(t),
// control points c_k (K by 3, fixed), width s, momenta m_k(t) in theta.
//
// Time dependence (documented choice): `time_knots` T. T = 1: the momenta are constant in t
// (a stationary field; its flow is a one-parameter group, so the inverse map is the same field
// run backwards). T >= 2: momenta at the knots t_j = j / (T - 1), linearly interpolated in t
// (continuous in t, so RK4 keeps its order). theta layout: knot j, control point k, coordinate c
// at theta[(j * K + k) * 3 + c].
//
// initial_parameters: all zero (the identity map); the gradient with respect to the momenta is
// not zero there, so training starts at once.
//
// Cost O(N K) per evaluation, as matrix products on chunks of 128 points (squared distances by
// |x|^2 + |c|^2 - 2 X C^T, the Gaussians by Eigen's vectorised exp), OpenMP over chunks. No
// truncation of the kernel: forward and vjp compute the same smooth field.
#include <vector>

#include <Eigen/Core>

#include "solvers/deform/velocity_field.hpp"

namespace monge::deform {

struct KernelOptions {
  Points control_points;  // K by 3, K >= 1
  float width = 0.25f;    // s > 0
  int time_knots = 1;     // T >= 1
  float scale = 1.0f;     // output scale > 0 (momenta are in units of scale)
};

// A cubic lattice of control points covering the box [lo, hi] grown by `padding` * (longest side)
// on every side, with `per_axis` points along the longest side and the same spacing along the
// others (at least 2 per axis). Returns K by 3 points; *spacing receives the lattice spacing.
Points lattice_control_points(const Eigen::Vector3f& lo, const Eigen::Vector3f& hi, int per_axis, float padding,
                              float* spacing);

class KernelField final : public VelocityField {
 public:
  // Throws InputError for no control points, a non-positive width or scale, or time_knots < 1.
  explicit KernelField(KernelOptions options);

  const char* name() const override { return "kernel"; }
  int parameter_count() const override { return 3 * control_count() * options_.time_knots; }
  Parameters initial_parameters(std::uint64_t seed) const override;
  void forward(const Parameters& theta, const Points& X, float t, Points& V) override;
  void vjp(const Parameters& theta, const Points& X, float t, const Points& dV, Parameters& grad_theta,
           Points& grad_X) override;

  int control_count() const { return static_cast<int>(options_.control_points.rows()); }
  const KernelOptions& options() const { return options_; }

 private:
  // Knot weights at t: knot index j0 and weight (1 - a) on j0, a on j0 + 1 (a = 0 when T = 1).
  void knot_weights(float t, int& j0, float& a) const;
  // momenta_ (K by 3) = m(t).
  void momenta_at(const Parameters& theta, float t);

  using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  struct Workspace {
    RowMatrix g;           // chunk by K: kernel values
    RowMatrix q;           // chunk by K: g_ik (dv_i . m_k)
    Eigen::VectorXf norms; // chunk: |x_i|^2
  };
  // ws.g (rows by K) = exp(-|x_i - c_k|^2 / (2 s^2)) for rows [begin, begin + rows) of X.
  void kernel_chunk(const Points& X, int begin, int rows, Workspace& ws) const;
  void prepare_workspaces(bool with_grad);

  KernelOptions options_;
  Eigen::VectorXf control_norms_;   // K: |c_k|^2
  Points momenta_;                  // K by 3 at the current t
  std::vector<Workspace> workspaces_;
  std::vector<RowMatrix> run_grad_;  // vjp: each run of chunks' share of dL/dm(t), K by 3 (ordered_sum.hpp)
};

}  // namespace monge::deform
