#include "solvers/cuda/cuda_interaction_runner.hpp"

#include <string>

#include "base/errors.hpp"

namespace monge::cuda {
namespace {

void check_sizes(const Points& X, const Eigen::VectorXd& w, const char* what) {
  if (X.cols() < 1 || X.cols() > 3)
    throw InputError(std::string(what) + ": particles must have d = 1, 2 or 3, got " + std::to_string(X.cols()));
  if (w.size() != X.rows())
    throw InputError(std::string(what) + ": " + std::to_string(w.size()) + " weights for " + std::to_string(X.rows()) +
                     " particles");
}

}  // namespace

double CudaInteractionRunner::interaction(const Points& X, const Eigen::VectorXd& w, const InteractionKernel& kernel,
                                          std::vector<double>& grad, bool want_energy) {
  check_sizes(X, w, "interaction");
  const std::lock_guard<std::mutex> lock(mutex_);
  grad.resize(static_cast<std::size_t>(X.rows()) * X.cols());
  InteractionJob job;
  job.X = X.data();
  job.n = static_cast<int>(X.rows());
  job.d = static_cast<int>(X.cols());
  job.w = w.data();
  job.kernel = kernel;
  job.want_energy = want_energy;
  job.grad = grad.data();
  device_.interaction(job);
  return want_energy ? job.energy : 0.0;
}

double CudaInteractionRunner::blob(const Points& X, const Eigen::VectorXd& w, const BlobOptions& options,
                                   std::vector<double>& velocity) {
  check_sizes(X, w, "blob");
  const std::lock_guard<std::mutex> lock(mutex_);
  velocity.resize(static_cast<std::size_t>(X.rows()) * X.cols());
  BlobJob job;
  job.X = X.data();
  job.n = static_cast<int>(X.rows());
  job.d = static_cast<int>(X.cols());
  job.w = w.data();
  job.m = options.m;
  job.eps = options.eps;
  job.velocity = velocity.data();
  device_.blob(job);
  return job.energy;
}

}  // namespace monge::cuda
