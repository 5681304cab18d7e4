#include "solvers/cuda/cuda_projection_runner.hpp"

namespace monge::cuda {

void CudaProjectionRunner::run(const SlicedProblem& problem, const Points& theta, std::vector<double>& costs,
                               Points* grad) {
  const Points& X = *problem.X;
  const Points& Y = *problem.Y;
  const std::lock_guard<std::mutex> lock(mutex_);
  costs.resize(theta.rows());
  ProjectionJob job;
  job.X = X.data();
  job.n = static_cast<int>(X.rows());
  job.wx = problem.wx->empty() ? nullptr : problem.wx->data();
  job.Y = Y.data();
  job.m = static_cast<int>(Y.rows());
  job.wy = problem.wy->empty() ? nullptr : problem.wy->data();
  job.d = static_cast<int>(X.cols());
  job.p = problem.p;
  job.theta = theta.data();
  job.L = static_cast<int>(theta.rows());
  job.target_id = problem.target_id;
  job.costs = costs.data();
  job.grad = grad ? grad->data() : nullptr;
  device_.run(job);
}

}  // namespace monge::cuda
