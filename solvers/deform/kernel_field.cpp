#include "solvers/deform/kernel_field.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>

#include "base/errors.hpp"
#include "solvers/common/ordered_sum.hpp"

namespace monge::deform {

namespace {
constexpr int kChunk = 128;  // points per chunk: a chunk's kernel matrix stays in cache
}

Points lattice_control_points(const Eigen::Vector3f& lo, const Eigen::Vector3f& hi, int per_axis, float padding,
                              float* spacing) {
  if (per_axis < 2) throw InputError("kernel control lattice: expected at least 2 points per axis, got " +
                                     std::to_string(per_axis));
  const Eigen::Vector3f extent = (hi - lo).cwiseMax(0.0f);
  float longest = extent.maxCoeff();
  if (!(longest > 0)) longest = 1.0f;
  const Eigen::Vector3f a = lo - Eigen::Vector3f::Constant(padding * longest);
  const float side = longest * (1.0f + 2.0f * padding);
  const float h = side / float(per_axis - 1);
  int counts[3];
  Eigen::Vector3f start;
  for (int c = 0; c < 3; ++c) {
    const float padded = extent[c] + 2.0f * padding * longest;
    counts[c] = std::max(2, static_cast<int>(std::ceil(padded / h - 1e-4f)) + 1);
    // Centre the lattice on the box along this axis.
    start[c] = a[c] + 0.5f * (padded - h * float(counts[c] - 1));
  }
  Points points(counts[0] * counts[1] * counts[2], 3);
  int row = 0;
  for (int i = 0; i < counts[0]; ++i)
    for (int j = 0; j < counts[1]; ++j)
      for (int k = 0; k < counts[2]; ++k, ++row)
        points.row(row) << start[0] + h * float(i), start[1] + h * float(j), start[2] + h * float(k);
  if (spacing) *spacing = h;
  return points;
}

KernelField::KernelField(KernelOptions options) : options_(std::move(options)) {
  if (options_.control_points.rows() < 1 || options_.control_points.cols() != 3)
    throw InputError("kernel field: expected K by 3 control points with K >= 1");
  if (!options_.control_points.allFinite()) throw InputError("kernel field: non-finite control point");
  if (!(options_.width > 0) || !std::isfinite(options_.width))
    throw InputError("kernel width: expected a positive number, got " + std::to_string(options_.width));
  if (!(options_.scale > 0) || !std::isfinite(options_.scale))
    throw InputError("kernel scale: expected a positive number, got " + std::to_string(options_.scale));
  if (options_.time_knots < 1 || options_.time_knots > 1000)
    throw InputError("kernel time knots: expected 1 to 1000, got " + std::to_string(options_.time_knots));
  momenta_.resize(control_count(), 3);
  control_norms_ = options_.control_points.rowwise().squaredNorm();
}

Parameters KernelField::initial_parameters(std::uint64_t) const { return Parameters::Zero(parameter_count()); }

void KernelField::knot_weights(float t, int& j0, float& a) const {
  const int T = options_.time_knots;
  if (T == 1) {
    j0 = 0;
    a = 0;
    return;
  }
  const float u = std::clamp(t, 0.0f, 1.0f) * float(T - 1);
  j0 = std::min(static_cast<int>(u), T - 2);
  a = u - float(j0);
}

void KernelField::momenta_at(const Parameters& theta, float t) {
  int j0;
  float a;
  knot_weights(t, j0, a);
  const int K = control_count();
  const Eigen::Map<const Points> m0(theta.data() + std::size_t(j0) * K * 3, K, 3);
  if (a == 0.0f) {
    momenta_ = m0;
  } else {
    const Eigen::Map<const Points> m1(theta.data() + std::size_t(j0 + 1) * K * 3, K, 3);
    momenta_ = (1.0f - a) * m0 + a * m1;
  }
}

void KernelField::prepare_workspaces(bool with_grad) {
  const std::size_t threads = static_cast<std::size_t>(std::max(1, omp_get_max_threads()));
  if (workspaces_.size() < threads) workspaces_.resize(threads);
  const int K = control_count();
  for (Workspace& ws : workspaces_) {
    if (ws.g.cols() != K) {
      ws.g.resize(kChunk, K);
      ws.norms.resize(kChunk);
    }
    if (with_grad && ws.q.cols() != K) ws.q.resize(kChunk, K);
  }
  if (with_grad && run_grad_.size() < static_cast<std::size_t>(kGradientRuns)) run_grad_.resize(kGradientRuns);
}

void KernelField::kernel_chunk(const Points& X, int begin, int rows, Workspace& ws) const {
  const float inv2s2 = 1.0f / (2.0f * options_.width * options_.width);
  const auto x = X.middleRows(begin, rows);
  auto g = ws.g.topRows(rows);
  ws.norms.head(rows) = x.rowwise().squaredNorm();
  g.noalias() = (-2.0f) * x * options_.control_points.transpose();
  g.colwise() += ws.norms.head(rows);
  g.rowwise() += control_norms_.transpose();
  // Rounding can make a tiny squared distance negative: clamp before the exponential.
  g = (g.array().max(0.0f) * (-inv2s2)).exp();
}

void KernelField::forward(const Parameters& theta, const Points& X, float t, Points& V) {
  const int n = static_cast<int>(X.rows());
  V.resize(n, 3);
  momenta_at(theta, t);
  prepare_workspaces(false);
  const int chunks = (n + kChunk - 1) / kChunk;
  const float scale = options_.scale;
#pragma omp parallel
  {
    Workspace& ws = workspaces_[omp_get_thread_num()];
#pragma omp for schedule(static)
    for (int c = 0; c < chunks; ++c) {
      const int begin = c * kChunk, rows = std::min(kChunk, n - begin);
      kernel_chunk(X, begin, rows, ws);
      V.middleRows(begin, rows).noalias() = scale * (ws.g.topRows(rows) * momenta_);
    }
  }
}

void KernelField::vjp(const Parameters& theta, const Points& X, float t, const Points& dV, Parameters& grad_theta,
                      Points& grad_X) {
  const int n = static_cast<int>(X.rows()), K = control_count();
  grad_X.resize(n, 3);
  momenta_at(theta, t);
  prepare_workspaces(true);
  const int chunks = (n + kChunk - 1) / kChunk;
  const int runs = std::min(chunks, kGradientRuns);
  const float inv_s2 = 1.0f / (options_.width * options_.width), scale = options_.scale;
#pragma omp parallel
  {
    Workspace& ws = workspaces_[omp_get_thread_num()];
    // Each run of chunks, in order, into its own share of dL/dm (ordered_sum.hpp).
#pragma omp for schedule(dynamic, 1)
    for (int r = 0; r < runs; ++r) {
      RowMatrix& grad = run_grad_[r];
      grad.setZero(K, 3);
      for (int c = static_cast<int>(run_begin(chunks, runs, r)); c < run_begin(chunks, runs, r + 1); ++c) {
        const int begin = c * kChunk, rows = std::min(kChunk, n - begin);
        kernel_chunk(X, begin, rows, ws);
        const auto g = ws.g.topRows(rows);
        const auto w = dV.middleRows(begin, rows);  // dL/dv; v = scale * G m
        // dL/dm_k = scale * sum_i g_ik dv_i.
        grad.noalias() += scale * (g.transpose() * w);
        // q_ik = scale * g_ik (dv_i . m_k); dg_ik/dx_i = -g_ik (x_i - c_k) / s^2, so
        // dL/dx_i = -(1/s^2) (sum_k q_ik x_i - sum_k q_ik c_k).
        auto q = ws.q.topRows(rows);
        q.noalias() = scale * (w * momenta_.transpose());
        q.array() *= g.array();
        auto gx = grad_X.middleRows(begin, rows);
        gx.noalias() = q * options_.control_points;
        gx -= (q.rowwise().sum().asDiagonal() * X.middleRows(begin, rows));
        gx *= inv_s2;
      }
    }
  }
  int j0;
  float a;
  knot_weights(t, j0, a);
  Eigen::Map<Points> g0(grad_theta.data() + std::size_t(j0) * K * 3, K, 3);
  for (int r = 0; r < runs; ++r) {  // run order: the same bits at any thread count
    if (a == 0.0f) {
      g0 += run_grad_[r];
    } else {
      Eigen::Map<Points> g1(grad_theta.data() + std::size_t(j0 + 1) * K * 3, K, 3);
      g0 += (1.0f - a) * run_grad_[r];
      g1 += a * run_grad_[r];
    }
  }
}

}  // namespace monge::deform
