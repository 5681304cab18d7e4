#include "solvers/energy/jko_grid.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "base/errors.hpp"
#include "base/memory.hpp"
#include "base/progress.hpp"
#include "solvers/energy/gibbs_kernel.hpp"
#include "solvers/energy/moments.hpp"

namespace monge {
namespace {

// Cells whose blurred scaling K a is below this fraction of the largest get no mass: the
// entropy prox would otherwise ask for b = p / q of order q^(-sigma T / (1 + sigma T)), which
// overflows as q -> 0. The mass cut off this way is below 1e-30 relative.
constexpr double kRelativeFloor = 1e-30;

}  // namespace

JkoGridFlow::JkoGridFlow(JkoGridOptions options, DensityGrid initial, std::string kind)
    : options_(std::move(options)), initial_(std::move(initial)), kind_(std::move(kind)) {
  const JkoGridOptions& o = options_;
  const DensityGrid& g = initial_;
  if (g.nx < 4 || g.ny < 4) throw InputError("flow.grid: needs at least 4 by 4 cells");
  if (g.values.size() != static_cast<std::size_t>(g.nx) * g.ny) throw InputError("flow.grid: values do not match nx*ny");
  if (!g.obstacle.empty() && g.obstacle.size() != g.values.size())
    throw InputError("flow.obstacles: mask does not match nx*ny");
  if (!(g.x1 > g.x0) || !(g.y1 > g.y0)) throw InputError("flow.grid.bounds: need x0 < x1 and y0 < y1");
  if (!(o.dt > 0) || !std::isfinite(o.dt)) throw InputError("flow.dt: must be positive and finite");
  if (!std::isfinite(o.gamma)) throw InputError("flow.epsilon: must be finite");
  if (!(o.temperature >= 0) || !std::isfinite(o.temperature)) throw InputError("flow.temperature: must be >= 0");
  if (o.internal == GridInternal::PorousMedium && (!(o.m > 1) || !std::isfinite(o.m)))
    throw InputError("flow.m: the porous medium exponent must be > 1");
  if (!(o.coefficient >= 0) || !std::isfinite(o.coefficient)) throw InputError("flow.coefficient: must be >= 0");
  if (o.max_iterations < 1) throw InputError("flow.iterations: must be >= 1");
  if (!(o.tolerance >= 0)) throw InputError("flow.tolerance: must be >= 0");
  if (o.potential.dim() != 0 && o.potential.dim() != 2) throw InputError("flow.potential: must be 2D on a grid");
  // Per cell: ten double arrays (the scalings, their blurs, prox outputs, potentials, the blur's
  // buffer) and a few float copies of the density (state, initial, the step's backup).
  constexpr double kBytesPerCell = 10 * sizeof(double) + 4 * sizeof(float) + 1;
  require_memory(kBytesPerCell * static_cast<double>(g.nx) * g.ny,
                 "flow.grid: " + std::to_string(g.nx) + " x " + std::to_string(g.ny) + " cells");
  double mass = 0;
  for (std::size_t k = 0; k < g.values.size(); ++k) {
    if (!(g.values[k] >= 0) || !std::isfinite(g.values[k])) throw InputError("flow.initial: density must be finite and >= 0");
    if (!g.obstacle.empty() && g.obstacle[k]) initial_.values[k] = 0;  // no mass inside obstacles
    mass += initial_.values[k];
  }
  if (!(mass > 0)) throw InputError("flow.initial: the initial density has no mass outside the obstacles");
  hx_ = double(g.x1 - g.x0) / g.nx;
  hy_ = double(g.y1 - g.y0) / g.ny;
  gamma_ = o.gamma > 0 ? o.gamma : std::pow(std::max(hx_, hy_), 2);
  if (o.cap > 0 && o.cap * (g.x1 - g.x0) * (g.y1 - g.y0) < 1.0)
    throw InputError("flow.cap: a density cap of " + std::to_string(o.cap) + " cannot hold unit mass on this grid");
  tabulate_potential();
}

void JkoGridFlow::tabulate_potential() {
  const DensityGrid& g = initial_;
  // Potential at cell centres.
  const std::size_t n = g.values.size();
  v_raw_.assign(n, 0.0);
  for (int j = 0; j < g.ny; ++j)
    for (int i = 0; i < g.nx; ++i) {
      const float x[2] = {static_cast<float>(g.x0 + (i + 0.5) * hx_), static_cast<float>(g.y0 + (j + 0.5) * hy_)};
      v_raw_[static_cast<std::size_t>(j) * g.nx + i] = options_.potential.value(x, 2);
    }
  double vmin = 1e300;
  for (std::size_t k = 0; k < n; ++k)
    if (g.obstacle.empty() || !g.obstacle[k]) vmin = std::min(vmin, v_raw_[k]);
  v_.resize(n);
  for (std::size_t k = 0; k < n; ++k) v_[k] = v_raw_[k] - vmin;
}

void JkoGridFlow::set_dt(double dt) {
  if (!(dt > 0) || !std::isfinite(dt)) throw InputError("flow.dt: must be positive and finite");
  options_.dt = dt;
}

void JkoGridFlow::set_temperature(double temperature) {
  if (!(temperature >= 0) || !std::isfinite(temperature)) throw InputError("flow.temperature: must be >= 0");
  options_.temperature = temperature;
}

void JkoGridFlow::set_coefficient(double coefficient) {
  if (!(coefficient >= 0) || !std::isfinite(coefficient)) throw InputError("flow.coefficient: must be >= 0");
  options_.coefficient = coefficient;
}

void JkoGridFlow::set_cap(double cap) {
  if (cap > 0 && cap * (initial_.x1 - initial_.x0) * (initial_.y1 - initial_.y0) < 1.0)
    throw InputError("flow.cap: a density cap of " + std::to_string(cap) + " cannot hold unit mass on this grid");
  options_.cap = std::isfinite(cap) ? cap : 0.0;
}

void JkoGridFlow::set_potential(Potential potential) {
  if (potential.dim() != 0 && potential.dim() != 2) throw InputError("flow.potential: must be 2D on a grid");
  options_.potential = std::move(potential);
  tabulate_potential();
}

void JkoGridFlow::initialize(FlowState& state) {
  state.grid = initial_;
  reset();
}

void JkoGridFlow::reset() {
  b_.clear();
  diagnostics_.clear();
}

double JkoGridFlow::prox(double q, double v, double& log_p) const {
  const double sigma = 2 * options_.dt / gamma_;
  double p;
  switch (options_.internal) {
    case GridInternal::None:
      log_p = std::log(q) - sigma * v;
      break;
    case GridInternal::Entropy:
      log_p = (std::log(q) - sigma * v) / (1 + sigma * options_.temperature);
      break;
    case GridInternal::PorousMedium: {
      // Solve s + A e^{(m-1) s} = c for s = log p. f is increasing and convex and f(c) > 0, so
      // Newton started at or left of c converges (monotonically once right of the root).
      const double m = options_.m, A = sigma * options_.coefficient * m / (m - 1);
      const double c = std::log(q) - sigma * v;
      double s = std::min(std::isfinite(log_p) ? log_p : c, c);
      for (int it = 0; it < 60; ++it) {
        const double e = A * std::exp((m - 1) * s);
        const double step = (s + e - c) / (1 + (m - 1) * e);
        s -= step;
        if (std::abs(step) < 1e-12 * (1 + std::abs(s))) break;
      }
      log_p = s;
      break;
    }
  }
  p = std::exp(log_p);
  if (options_.cap > 0 && p > options_.cap) {
    p = options_.cap;
  }
  return p;
}

double JkoGridFlow::energy(const DensityGrid& g, double* potential_part, double* internal_part) const {
  double pot = 0, internal = 0;
  for (std::size_t k = 0; k < g.values.size(); ++k) {
    const double r = g.values[k];
    pot += v_raw_[k] * r;
    if (options_.internal == GridInternal::Entropy && r > 0) internal += options_.temperature * (r * std::log(r) - r);
    if (options_.internal == GridInternal::PorousMedium)
      internal += options_.coefficient * std::pow(r, options_.m) / (options_.m - 1);
  }
  const double cell = hx_ * hy_;
  if (potential_part) *potential_part = pot * cell;
  if (internal_part) *internal_part = internal * cell;
  return (pot + internal) * cell;
}

void JkoGridFlow::step(FlowState& state) {
  DensityGrid& g = state.grid;
  if (g.nx != initial_.nx || g.ny != initial_.ny || g.values.size() != initial_.values.size())
    throw InputError(kind_ + ": the state's grid does not match the flow's grid (was initialize() called?)");
  const std::size_t n = g.values.size();
  const bool has_obstacles = !initial_.obstacle.empty();
  const auto blocked = [&](std::size_t k) { return has_obstacles && initial_.obstacle[k]; };
  const GibbsKernel K(g.nx, g.ny, hx_, hy_, gamma_);
  std::vector<double> rho0(n);
  for (std::size_t k = 0; k < n; ++k) rho0[k] = g.values[k];
  if (b_.size() != n) {
    b_.assign(n, 1.0);
    logp_.assign(n, std::nan(""));
    for (std::size_t k = 0; k < n; ++k)
      if (blocked(k)) b_[k] = 0;
  }
  p_.assign(n, 0.0);
  a_.assign(n, 0.0);
  const double cell = hx_ * hy_;
  int iterations = 0;
  double violation = 0;
  // Each pass: K b; stop if the plan diag(a) K diag(b) (whose second marginal is p, the last prox
  // output) has its first marginal within `tolerance` of rho_k in L1; else a <- rho_k / K b,
  // q = K a, p = prox(q), b = p / q.
  for (;;) {
    K.apply(b_, kb_);
    if (iterations > 0) {
      violation = 0;
      for (std::size_t k = 0; k < n; ++k) violation += std::abs(a_[k] * kb_[k] - rho0[k]);
      violation *= cell;
      if (violation < options_.tolerance || iterations >= options_.max_iterations) break;
    }
    // A 4096^2 grid takes seconds per step: its progress shows, and the step can be cancelled.
    report_progress(static_cast<double>(iterations) / options_.max_iterations, "JKO iterations (of the cap)");
    ++iterations;
    for (std::size_t k = 0; k < n; ++k) a_[k] = (rho0[k] > 0 && kb_[k] > 0) ? rho0[k] / kb_[k] : 0.0;
    K.apply(a_, ka_);
    const double qmax = *std::max_element(ka_.begin(), ka_.end());
    const double floor = qmax * kRelativeFloor;
#pragma omp parallel for schedule(static)
    for (std::size_t k = 0; k < n; ++k) {
      const double q = ka_[k];
      if (blocked(k) || !(q > floor)) {
        p_[k] = 0;
        b_[k] = 0;
        continue;
      }
      p_[k] = prox(q, v_[k], logp_[k]);
      b_[k] = p_[k] / q;
    }
  }
  // A step whose plan misses rho_k by more than this (L1) did not solve the JKO problem: its
  // density would be wrong, and with too large a dt / epsilon ratio it collapses to no mass a few
  // steps later. Stop with a fix rather than show it.
  constexpr double kFailedViolation = 0.05;
  if (!(violation <= kFailedViolation)) {
    std::ostringstream msg;
    msg << kind_ << ": the JKO step did not converge at step " << state.step << " (marginal violation " << violation
        << " after " << iterations << " iterations, dt = " << options_.dt << ", epsilon = " << gamma_
        << "): increase flow.epsilon, reduce flow.dt or raise flow.iterations";
    throw SolverError(msg.str());
  }
  // Final a-update: the first marginal becomes rho_k exactly, so the new density b (K a) has
  // rho_k's mass; it differs from the prox output p by about `violation`.
  for (std::size_t k = 0; k < n; ++k) a_[k] = (rho0[k] > 0 && kb_[k] > 0) ? rho0[k] / kb_[k] : 0.0;
  K.apply(a_, ka_);
  double marginal_error = 0;
  bool finite = true;
  for (std::size_t k = 0; k < n; ++k) {
    const double r = b_[k] * ka_[k];
    finite = finite && std::isfinite(r);
    marginal_error += std::abs(r - p_[k]);
    g.values[k] = static_cast<float>(r);
  }
  if (!finite) {
    std::ostringstream msg;
    msg << kind_ << ": the density became non-finite at step " << state.step << " (dt = " << options_.dt
        << ", epsilon = " << gamma_ << "): the Sinkhorn scalings overflowed; increase flow.epsilon or reduce flow.dt";
    throw SolverError(msg.str());
  }
  double pot = 0, internal = 0;
  diagnostics_.clear();
  diagnostics_.emplace_back("energy", energy(g, &pot, &internal));
  diagnostics_.emplace_back("potential_energy", pot);
  diagnostics_.emplace_back("internal_energy", internal);
  diagnostics_.emplace_back("iterations", iterations);
  diagnostics_.emplace_back("marginal_error", marginal_error * cell);
  diagnostics_.emplace_back("constraint_violation", violation);
  append_moments(grid_moments(g), diagnostics_);
}

}  // namespace monge
