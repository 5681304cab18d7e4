#include "solvers/energy/potential.hpp"

#include <algorithm>
#include <cmath>

#include "solvers/common/dense_factorisations.hpp"
#include "base/errors.hpp"

namespace monge {
namespace {

void require_spd(const Eigen::MatrixXd& m, const std::string& what) {
  if (m.rows() != m.cols()) throw InputError(what + ": expected a square matrix");
  if (!m.allFinite()) throw InputError(what + ": matrix has non-finite entries");
  if ((m - m.transpose()).cwiseAbs().maxCoeff() > 1e-9 * (1.0 + m.cwiseAbs().maxCoeff()))
    throw InputError(what + ": matrix is not symmetric");
  const double smallest = symmetric_eigen(m).values.minCoeff();
  if (smallest <= 0)
    throw InputError(what + ": matrix is not positive definite (smallest eigenvalue " + std::to_string(smallest) + ")");
}

}  // namespace

Potential Potential::quadratic(const Eigen::VectorXd& center, const Eigen::MatrixXd& matrix, const std::string& what) {
  require_spd(matrix, what + ".matrix");
  if (center.size() != matrix.rows())
    throw InputError(what + ".center: has " + std::to_string(center.size()) + " entries, matrix is " +
                     std::to_string(matrix.rows()) + "x" + std::to_string(matrix.rows()));
  Potential p;
  p.kind_ = PotentialKind::Quadratic;
  p.dim_ = static_cast<int>(center.size());
  p.center_ = center;
  p.matrix_ = matrix;
  return p;
}

Potential Potential::double_well(double depth, int d) {
  if (!(depth > 0) || !std::isfinite(depth)) throw InputError("potential.depth: must be positive");
  Potential p;
  p.kind_ = PotentialKind::DoubleWell;
  p.dim_ = d;
  p.depth_ = depth;
  return p;
}

Potential Potential::gaussian_mixture(const std::vector<MixtureComponent>& components, const std::string& what) {
  if (components.empty()) throw InputError(what + ".components: needs at least one component");
  if (components.size() > kMaxComponents)
    throw InputError(what + ".components: at most " + std::to_string(kMaxComponents) + " components");
  const int d = static_cast<int>(components[0].mean.size());
  double total = 0;
  for (std::size_t k = 0; k < components.size(); ++k) {
    const std::string where = what + ".components[" + std::to_string(k) + "]";
    if (!(components[k].weight > 0)) throw InputError(where + ".weight: must be positive");
    if (components[k].mean.size() != d) throw InputError(where + ".mean: dimension differs from component 0");
    if (components[k].cov.rows() != d) throw InputError(where + ".cov: expected " + std::to_string(d) + "x" + std::to_string(d));
    require_spd(components[k].cov, where + ".cov");
    total += components[k].weight;
  }
  Potential p;
  p.kind_ = PotentialKind::GaussianMixture;
  p.dim_ = d;
  for (const auto& c : components) {
    Eigen::MatrixXd L;
    // require_spd above found every eigenvalue positive; a factorisation that still fails is a
    // matrix too ill-conditioned to use.
    if (!cholesky_lower(c.cov, L)) throw InputError(what + ".components: a covariance is too ill-conditioned");
    const double log_det = 2.0 * L.diagonal().array().log().sum();
    p.log_coef_.push_back(std::log(c.weight / total) - 0.5 * (d * std::log(2.0 * M_PI) + log_det));
    p.means_.push_back(c.mean);
    p.precisions_.push_back(inverse_from_cholesky(L));
  }
  return p;
}

double Potential::value(const float* x, int d) const {
  double g[8];
  return value_and_gradient(x, d, g);
}

double Potential::value_and_gradient(const float* x, int d, double* g) const {
  switch (kind_) {
    case PotentialKind::None:
      for (int k = 0; k < d; ++k) g[k] = 0;
      return 0;
    case PotentialKind::Quadratic: {
      double diff[8], v = 0;
      for (int k = 0; k < d; ++k) diff[k] = x[k] - center_[k];
      for (int r = 0; r < d; ++r) {
        double s = 0;
        for (int c = 0; c < d; ++c) s += matrix_(r, c) * diff[c];
        g[r] = s;
        v += 0.5 * diff[r] * s;
      }
      return v;
    }
    case PotentialKind::DoubleWell: {
      const double x0 = x[0], u = x0 * x0 - 1.0;
      double v = depth_ * u * u;
      g[0] = 4.0 * depth_ * u * x0;
      for (int k = 1; k < d; ++k) {
        v += 0.5 * double(x[k]) * x[k];
        g[k] = x[k];
      }
      return v;
    }
    case PotentialKind::GaussianMixture: {
      // log-sum-exp over components; grad V = sum_k r_k P_k (x - m_k) with responsibilities r_k.
      const std::size_t K = means_.size();
      double logs[kMaxComponents];
      double grads[kMaxComponents][8];
      double lmax = -1e300;
      const std::size_t kk = std::min<std::size_t>(K, kMaxComponents);
      for (std::size_t k = 0; k < kk; ++k) {
        double diff[8];
        for (int i = 0; i < d; ++i) diff[i] = x[i] - means_[k][i];
        double q = 0;
        for (int r = 0; r < d; ++r) {
          double s = 0;
          for (int c = 0; c < d; ++c) s += precisions_[k](r, c) * diff[c];
          grads[k][r] = s;
          q += diff[r] * s;
        }
        logs[k] = log_coef_[k] - 0.5 * q;
        lmax = std::max(lmax, logs[k]);
      }
      double z = 0;
      for (int i = 0; i < d; ++i) g[i] = 0;
      for (std::size_t k = 0; k < kk; ++k) {
        const double e = std::exp(logs[k] - lmax);
        z += e;
        for (int i = 0; i < d; ++i) g[i] += e * grads[k][i];
      }
      for (int i = 0; i < d; ++i) g[i] /= z;
      return -(lmax + std::log(z));
    }
  }
  return 0;
}

}  // namespace monge
