#include "solvers/entropic/divergence.hpp"

#include <algorithm>
#include <cmath>

#include "base/errors.hpp"
#include "solvers/entropic/block_solver.hpp"
#include "solvers/entropic/cost_rows.hpp"

namespace monge {
namespace {

// plan_rows on a runner: one row reduction with h = g, logw = log b gives the barycentric image
// (mean y), the row mass a_i exp((f_i − softmin_i)/ε) and the heaviest entry (argmax).
void plan_rows_runner(const Points& X, const Points& Y, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                      const SinkhornResult& r, const SinkhornOptions& o, double eps, Points& images,
                      Eigen::VectorXd& row_mass, std::vector<PlanLink>* best) {
  const int N = static_cast<int>(X.rows()), M = static_cast<int>(Y.rows()), d = static_cast<int>(X.cols());
  Eigen::VectorXd lb(M);
  for (int j = 0; j < M; ++j) lb[j] = b[j] > 0 ? std::log(b[j]) : -1e300;
  SoftminMoments m;
  o.runner->moments(SoftminProblem{&X, &Y, static_cast<int>(o.cost), o.p}, r.g, lb, eps, m);
  images = m.mean_y;
  for (int i = 0; i < N; ++i) {
    row_mass[i] = a[i] > 0 ? a[i] * std::exp((r.f[i] - m.softmin[i]) / eps) : 0.0;
    if (!(row_mass[i] > 0)) images.row(i) = X.row(i);  // as the CPU pass: no mass, no image
    if (best) {
      const int j = m.argmax[i];
      const double c = entropic::ground_cost(X.row(i).data(), Y.row(j).data(), d, static_cast<int>(o.cost), o.p);
      (*best)[i] = PlanLink{i, j, a[i] * b[j] * std::exp((r.f[i] + r.g[j] - c) / eps)};
    }
  }
}

// plan_rows through the tiled kernels (block_solver.hpp): the same moments over the solve's blocks.
void plan_rows_blocked(const Points& X, const Points& Y, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                       const SinkhornResult& r, const SinkhornOptions& o, double eps, Points& images,
                       Eigen::VectorXd& row_mass, std::vector<PlanLink>* best) {
  entropic::BlockSide::Moments m;
  entropic::blocked_plan_rows(X, a, Y, b, r, o, true, best != nullptr, m);
  images = m.images;
  const int d = static_cast<int>(X.cols());
  for (int i = 0; i < X.rows(); ++i) {
    row_mass[i] = a[i] * m.mass[i];
    if (best && m.argmax[i] >= 0) {
      const int j = m.argmax[i];
      const double c = entropic::ground_cost(X.row(i).data(), Y.row(j).data(), d, static_cast<int>(o.cost), o.p);
      (*best)[i] = PlanLink{i, j, a[i] * b[j] * std::exp((r.f[i] + r.g[j] - c) / eps)};
    }
  }
}

// One pass over the plan rows: barycentric images, row masses and each row's heaviest entry.
void plan_rows(const Points& X, const Weights& wa, const Points& Y, const Weights& wb, const SinkhornResult& r,
               const SinkhornOptions& o, Points& images, Eigen::VectorXd& row_mass, std::vector<PlanLink>* best) {
  const int N = static_cast<int>(X.rows()), M = static_cast<int>(Y.rows()), d = static_cast<int>(X.cols());
  if (r.f.size() != N || r.g.size() != M) throw InputError("plan: potentials do not match the point clouds");
  const Eigen::VectorXd a = probability_vector(wa, N, "source weights");
  const Eigen::VectorXd b = probability_vector(wb, M, "target weights");
  const entropic::CostRows C{nullptr, &X, &Y, static_cast<int>(o.cost), o.p, N, M};
  images.resize(N, d);
  row_mass.resize(N);
  if (best) best->assign(N, PlanLink{});
  const double eps = r.eps > 0 ? r.eps : o.eps;
  if (o.runner) return plan_rows_runner(X, Y, a, b, r, o, eps, images, row_mass, best);
  if (entropic::blocked_applies(X, o)) return plan_rows_blocked(X, Y, a, b, r, o, eps, images, row_mass, best);
#pragma omp parallel
  {
    std::vector<double> buffer(M), w(M);
#pragma omp for schedule(static)
    for (int i = 0; i < N; ++i) {
      const double* c = C.row(i, buffer.data());
      double s = 0, top = -1;
      int arg = 0;
      for (int j = 0; j < M; ++j) {
        w[j] = a[i] * b[j] * entropic::fast_exp((r.f[i] + r.g[j] - c[j]) / eps);
        s += w[j];
      }
      for (int j = 0; j < M; ++j)
        if (w[j] > top) top = w[j], arg = j;
      for (int k = 0; k < d; ++k) {
        double t = 0;
        for (int j = 0; j < M; ++j) t += w[j] * Y(j, k);
        images(i, k) = static_cast<float>(s > 0 ? t / s : X(i, k));
      }
      row_mass[i] = s;
      if (best) (*best)[i] = PlanLink{i, arg, top};
    }
  }
}

}  // namespace

Points barycentric_images(const Points& X, const Weights& a, const Points& Y, const Weights& b,
                          const SinkhornResult& r, const SinkhornOptions& o) {
  Points images;
  Eigen::VectorXd mass;
  plan_rows(X, a, Y, b, r, o, images, mass, nullptr);
  return images;
}

PlanView plan_view(const Points& X, const Weights& a, const Points& Y, const Weights& b, const SinkhornResult& r,
                   const SinkhornOptions& o, int max_links) {
  PlanView v;
  plan_rows(X, a, Y, b, r, o, v.images, v.row_mass, &v.links);
  std::sort(v.links.begin(), v.links.end(), [](const PlanLink& p, const PlanLink& q) { return p.mass > q.mass; });
  if (static_cast<int>(v.links.size()) > std::max(0, max_links)) v.links.resize(std::max(0, max_links));
  return v;
}

DivergenceResult sinkhorn_divergence(const Points& X, const Weights& a, const Points& Y, const Weights& b,
                                     const SinkhornOptions& o, bool with_gradient, const DivergenceResult* warm,
                                     bool reuse_yy) {
  if (with_gradient && o.cost != GroundCost::SquaredEuclidean)
    throw InputError("cost: the divergence gradient is implemented for the squared Euclidean cost only");
  DivergenceResult r;
  r.xy = solve_entropic(X, a, Y, b, o, warm ? &warm->xy : nullptr);
  r.xx = solve_entropic(X, a, X, a, o, warm ? &warm->xx : nullptr);
  if (reuse_yy && warm && warm->yy.g.size() == Y.rows())
    r.yy = warm->yy;
  else
    r.yy = solve_entropic(Y, b, Y, b, o, warm ? &warm->yy : nullptr);
  r.value = r.xy.objective - 0.5 * r.xx.objective - 0.5 * r.yy.objective;
  if (with_gradient) {
    const int N = static_cast<int>(X.rows());
    const Eigen::VectorXd pa = probability_vector(a, N, "source weights");
    r.images_xy = barycentric_images(X, a, Y, b, r.xy, o);
    r.images_xx = barycentric_images(X, a, X, a, r.xx, o);
    const Points &Tab = r.images_xy, &Taa = r.images_xx;
    r.gradient.resize(N, X.cols());
    for (int i = 0; i < N; ++i)
      for (int k = 0; k < X.cols(); ++k)
        r.gradient(i, k) = static_cast<float>(2.0 * pa[i] * (static_cast<double>(Taa(i, k)) - Tab(i, k)));
  }
  return r;
}

}  // namespace monge
