#include "solvers/cuda/cuda_softmin_runner.hpp"

#include <string>

#include "base/errors.hpp"

namespace monge::cuda {

SoftminJob CudaSoftminRunner::job(const SoftminProblem& problem, const Eigen::VectorXd& h, const Eigen::VectorXd& logw,
                                  double eps) {
  const Points& X = *problem.X;
  const Points& Y = *problem.Y;
  if (X.cols() != Y.cols() || h.size() != Y.rows() || logw.size() != Y.rows())
    throw InputError("softmin: rows have d = " + std::to_string(X.cols()) + ", columns d = " + std::to_string(Y.cols()) +
                     ", " + std::to_string(Y.rows()) + " columns but " + std::to_string(h.size()) + " potentials");
  base_ = h / eps + logw;  // as softmin_rows: h_j/eps + log w_j once per call
  SoftminJob j;
  j.X = X.data();
  j.n = static_cast<int>(X.rows());
  j.Y = Y.data();
  j.m = static_cast<int>(Y.rows());
  j.d = static_cast<int>(X.cols());
  j.kind = problem.kind;
  j.p = problem.p;
  j.base = base_.data();
  j.eps = eps;
  return j;
}

void CudaSoftminRunner::softmin(const SoftminProblem& problem, const Eigen::VectorXd& h, const Eigen::VectorXd& logw,
                                double eps, bool single, Eigen::VectorXd& out) {
  const std::lock_guard<std::mutex> lock(mutex_);
  SoftminJob j = job(problem, h, logw, eps);
  out.resize(j.n);
  j.single = single;
  j.out = out.data();
  device_.run(j);
}

void CudaSoftminRunner::moments(const SoftminProblem& problem, const Eigen::VectorXd& h, const Eigen::VectorXd& logw,
                                double eps, SoftminMoments& out) {
  const std::lock_guard<std::mutex> lock(mutex_);
  SoftminJob j = job(problem, h, logw, eps);
  out.softmin.resize(j.n);
  out.mean_cost.resize(j.n);
  out.mean_h.resize(j.n);
  out.mean_y.resize(j.n, j.d);
  out.argmax.resize(j.n);
  j.out = out.softmin.data();
  j.h = h.data();
  j.mean_cost = out.mean_cost.data();
  j.mean_h = out.mean_h.data();
  j.mean_y = out.mean_y.data();
  j.argmax = out.argmax.data();
  device_.run(j);
}

}  // namespace monge::cuda
