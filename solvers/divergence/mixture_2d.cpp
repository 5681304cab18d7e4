#include "solvers/divergence/mixture_2d.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "base/errors.hpp"

namespace monge {
namespace {

constexpr double kLog2Pi = 1.83787706640934548356;

// One component, ready for evaluation: e(x, y) = log_c - |u|^2 / 2 is log(w_k N_k(x, y)), with
// u = L^-1 (x - m).
struct Prepared {
  double m0, m1, l00, l10, l11, log_c;
  void whiten(double x, double y, double& u0, double& u1) const {
    u0 = (x - m0) / l00;
    u1 = (y - m1 - l10 * u0) / l11;
  }
};

std::vector<Prepared> prepare(const Mixture2D& q) {
  const Eigen::VectorXd w = q.weights();
  const Eigen::VectorXd& t = q.theta();
  std::vector<Prepared> out(q.size());
  for (int k = 0; k < q.size(); ++k) {
    const double* p = t.data() + Mixture2D::kPerComponent * k;
    out[k] = {p[1], p[2], std::exp(p[3]), p[4], std::exp(p[5]), std::log(w[k]) - kLog2Pi - p[3] - p[5]};
  }
  return out;
}

// e[k] = log(w_k N_k(x, y)) for every component; returns log q = log-sum-exp of them.
double component_logs(const std::vector<Prepared>& c, double x, double y, double* e) {
  double top = -std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < c.size(); ++k) {
    double u0, u1;
    c[k].whiten(x, y, u0, u1);
    e[k] = c[k].log_c - 0.5 * (u0 * u0 + u1 * u1);
    top = std::max(top, e[k]);
  }
  double s = 0;
  for (std::size_t k = 0; k < c.size(); ++k) s += std::exp(e[k] - top);
  return top + std::log(s);
}

// Adds coef * d log N_k(x, y) / d(mean, log L00, L10, log L11) to g[1..5] of component k.
void add_component_gradient(const Prepared& c, double x, double y, double coef, double* g) {
  double u0, u1;
  c.whiten(x, y, u0, u1);
  const double v1 = u1 / c.l11, v0 = (u0 - c.l10 * v1) / c.l00;  // v = L^-T u = Sigma^-1 (x - m)
  g[1] += coef * v0;
  g[2] += coef * v1;
  g[3] += coef * (u0 * (u0 - c.l10 * v1) - 1.0);  // L00 (v u^T)_00 - 1
  g[4] += coef * v1 * u0;                         // (v u^T)_10
  g[5] += coef * (u1 * u1 - 1.0);                 // L11 (v u^T)_11 - 1
}

Eigen::Vector3d cholesky_parameters(const Eigen::Matrix2d& S, const std::string& what) {
  const double scale = S.cwiseAbs().maxCoeff();
  if (!S.allFinite() || std::abs(S(0, 1) - S(1, 0)) > 1e-9 * scale || !(S(0, 0) > 0))
    throw InputError(what + ": not symmetric positive definite");
  const double l00 = std::sqrt(S(0, 0)), l10 = S(1, 0) / l00, rest = S(1, 1) - l10 * l10;
  if (!(rest > 1e-14 * scale)) throw InputError(what + ": not symmetric positive definite");
  return {std::log(l00), l10, 0.5 * std::log(rest)};
}

}  // namespace

Mixture2D::Mixture2D(Eigen::VectorXd theta) : theta_(std::move(theta)) {
  if (theta_.size() == 0 || theta_.size() % kPerComponent != 0)
    throw InputError("mixture parameters: expected a positive multiple of 6 numbers, got " + std::to_string(theta_.size()));
  if (!theta_.allFinite()) throw InputError("mixture parameters: not finite");
}

Mixture2D Mixture2D::from_components(const std::vector<GaussianComponent>& components, const std::string& what) {
  if (components.empty()) throw InputError(what + ": no components");
  double total = 0;
  for (const auto& c : components) total += c.weight;
  Eigen::VectorXd theta(kPerComponent * components.size());
  for (std::size_t k = 0; k < components.size(); ++k) {
    const auto& c = components[k];
    const std::string at = what + "[" + std::to_string(k) + "]";
    if (!(c.weight > 0) || !std::isfinite(c.weight)) throw InputError(at + ".weight: must be positive");
    if (c.mean.size() != 2 || !c.mean.allFinite()) throw InputError(at + ".mean: expected 2 finite numbers");
    if (c.cov.rows() != 2 || c.cov.cols() != 2) throw InputError(at + ".cov: expected a 2x2 matrix");
    const Eigen::Vector3d l = cholesky_parameters(c.cov, at + ".cov");
    theta.segment<6>(kPerComponent * k) << std::log(c.weight / total), c.mean[0], c.mean[1], l[0], l[1], l[2];
  }
  return Mixture2D(theta);
}

Mixture2D Mixture2D::gaussian(const Eigen::Vector2d& mean, const Eigen::Matrix2d& cov) {
  return from_components({GaussianComponent{1.0, mean, cov}}, "gaussian");
}

Eigen::VectorXd Mixture2D::weights() const {
  const int K = size();
  Eigen::VectorXd a(K);
  for (int k = 0; k < K; ++k) a[k] = theta_[kPerComponent * k];
  const Eigen::VectorXd e = (a.array() - a.maxCoeff()).exp();
  return e / e.sum();
}

Eigen::Matrix2d Mixture2D::cholesky(int k) const {
  const double* p = theta_.data() + kPerComponent * k;
  Eigen::Matrix2d L;
  L << std::exp(p[3]), 0.0, p[4], std::exp(p[5]);
  return L;
}

Eigen::Matrix2d Mixture2D::covariance(int k) const {
  const Eigen::Matrix2d L = cholesky(k);
  return L * L.transpose();
}

std::vector<GaussianComponent> Mixture2D::components() const {
  const Eigen::VectorXd w = weights();
  std::vector<GaussianComponent> out;
  for (int k = 0; k < size(); ++k) out.push_back({w[k], mean(k), covariance(k)});
  return out;
}

Eigen::Vector2d Mixture2D::overall_mean() const {
  const Eigen::VectorXd w = weights();
  Eigen::Vector2d m = Eigen::Vector2d::Zero();
  for (int k = 0; k < size(); ++k) m += w[k] * mean(k);
  return m;
}

Eigen::Matrix2d Mixture2D::overall_covariance() const {
  const Eigen::VectorXd w = weights();
  const Eigen::Vector2d m = overall_mean();
  Eigen::Matrix2d S = Eigen::Matrix2d::Zero();
  for (int k = 0; k < size(); ++k) {
    const Eigen::Vector2d d = mean(k) - m;
    S += w[k] * (covariance(k) + d * d.transpose());
  }
  return S;
}

double Mixture2D::log_density(double x, double y, Eigen::VectorXd* responsibilities) const {
  const std::vector<Prepared> c = prepare(*this);
  std::vector<double> e(c.size());
  const double lq = component_logs(c, x, y, e.data());
  if (responsibilities) {
    responsibilities->resize(size());
    for (int k = 0; k < size(); ++k) (*responsibilities)[k] = std::exp(e[k] - lq);
  }
  return lq;
}

Points Mixture2D::samples(int k, const Eigen::MatrixX2d& z) const {
  const Eigen::Vector2d m = mean(k);
  const Eigen::Matrix2d L = cholesky(k);
  Points X(z.rows(), 2);
  for (Eigen::Index i = 0; i < z.rows(); ++i) {
    const Eigen::Vector2d x = m + L * z.row(i).transpose();
    X(i, 0) = static_cast<float>(x[0]);
    X(i, 1) = static_cast<float>(x[1]);
  }
  return X;
}

std::vector<double> log_density_on_grid(const Mixture2D& q, const QuadratureGrid& grid) {
  const std::vector<Prepared> c = prepare(q);
  std::vector<double> out(grid.size());
#pragma omp parallel
  {
    std::vector<double> e(c.size());
#pragma omp for schedule(static)
    for (int j = 0; j < grid.ny; ++j)
      for (int i = 0; i < grid.nx; ++i) out[j * grid.nx + i] = component_logs(c, grid.x(i), grid.y(j), e.data());
  }
  return out;
}

Eigen::VectorXd log_density_gradient(const Mixture2D& q, const QuadratureGrid& grid, const std::vector<double>& s) {
  if (static_cast<int>(s.size()) != grid.size()) throw InputError("log_density_gradient: one sensitivity per cell expected");
  const std::vector<Prepared> c = prepare(q);
  const int K = q.size(), P = Mixture2D::kPerComponent * K;
  // One partial gradient per grid row, summed in row order afterwards (thread-count independent).
  Eigen::MatrixXd rows = Eigen::MatrixXd::Zero(P, grid.ny);
#pragma omp parallel
  {
    std::vector<double> e(K);
#pragma omp for schedule(static)
    for (int j = 0; j < grid.ny; ++j) {
      double* g = rows.col(j).data();
      for (int i = 0; i < grid.nx; ++i) {
        const double sg = s[j * grid.nx + i];
        if (sg == 0.0) continue;
        const double x = grid.x(i), y = grid.y(j);
        const double lq = component_logs(c, x, y, e.data());
        for (int k = 0; k < K; ++k) {
          const double coef = sg * std::exp(e[k] - lq);  // s_g r_gk
          g[6 * k] += coef;                              // sum_g s_g r_gk; the -w_k sum_g s_g below
          add_component_gradient(c[k], x, y, coef, g + 6 * k);
        }
      }
    }
  }
  Eigen::VectorXd grad = Eigen::VectorXd::Zero(P);
  for (int j = 0; j < grid.ny; ++j) grad += rows.col(j);
  double total = 0;
  for (int j = 0; j < grid.ny; ++j)
    for (int i = 0; i < grid.nx; ++i) total += s[j * grid.nx + i];
  const Eigen::VectorXd w = q.weights();
  for (int k = 0; k < K; ++k) grad[6 * k] -= w[k] * total;  // d log q / d a_k = r_k - w_k
  return grad;
}

Eigen::MatrixXd responsibilities_on_grid(const Mixture2D& q, const QuadratureGrid& grid) {
  const std::vector<Prepared> c = prepare(q);
  const int K = q.size();
  Eigen::MatrixXd r(K, grid.size());
#pragma omp parallel
  {
    std::vector<double> e(K);
#pragma omp for schedule(static)
    for (int j = 0; j < grid.ny; ++j)
      for (int i = 0; i < grid.nx; ++i) {
        const int g = j * grid.nx + i;
        const double lq = component_logs(c, grid.x(i), grid.y(j), e.data());
        for (int k = 0; k < K; ++k) r(k, g) = std::exp(e[k] - lq);
      }
  }
  return r;
}

Eigen::VectorXd sample_gradient(const Mixture2D& q, const Eigen::MatrixX2d& z, const Points& dX, const Eigen::VectorXd& da) {
  const int K = q.size(), n = static_cast<int>(z.rows());
  if (dX.rows() != static_cast<Eigen::Index>(K) * n || dX.cols() != 2)
    throw InputError("sample_gradient: expected " + std::to_string(K * n) + " by 2 position gradients");
  if (da.size() != 0 && da.size() != dX.rows()) throw InputError("sample_gradient: one weight gradient per sample expected");
  Eigen::VectorXd grad = Eigen::VectorXd::Zero(Mixture2D::kPerComponent * K);
  Eigen::VectorXd dw = Eigen::VectorXd::Zero(K);
  for (int k = 0; k < K; ++k) {
    const Eigen::Matrix2d L = q.cholesky(k);
    double dm0 = 0, dm1 = 0, d00 = 0, d10 = 0, d11 = 0, sw = 0;
    for (int i = 0; i < n; ++i) {
      const double g0 = dX(k * n + i, 0), g1 = dX(k * n + i, 1);
      dm0 += g0;
      dm1 += g1;
      d00 += g0 * z(i, 0);  // x0 = m0 + L00 z0
      d10 += g1 * z(i, 0);  // x1 = m1 + L10 z0 + L11 z1
      d11 += g1 * z(i, 1);
      if (da.size()) sw += da[k * n + i];
    }
    double* g = grad.data() + 6 * k;
    g[1] = dm0;
    g[2] = dm1;
    g[3] = L(0, 0) * d00;
    g[4] = d10;
    g[5] = L(1, 1) * d11;
    dw[k] = sw / n;  // a_ki = w_k / n
  }
  if (da.size()) {
    const Eigen::VectorXd w = q.weights();
    const double mean_dw = w.dot(dw);
    for (int k = 0; k < K; ++k) grad[6 * k] = w[k] * (dw[k] - mean_dw);  // softmax chain rule
  }
  return grad;
}

}  // namespace monge
