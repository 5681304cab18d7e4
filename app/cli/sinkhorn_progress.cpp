#include "app/cli/sinkhorn_progress.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

namespace monge {

namespace {
constexpr double kEtaWarmup = 0.2;  // seconds of the final stage before a rate is trusted
}  // namespace

double SinkhornEta::observe(const SinkhornProgress& p, double seconds) {
  if (p.eps > eps_ * (1 + 1e-12) || !(p.error > 0) || !std::isfinite(p.error)) return -1;  // an ε-scaling stage
  if (p.error <= tol_) return 0;
  const double log_e = std::log(p.error);
  if (!started_) {
    started_ = true;
    t0_ = seconds;
    log_e0_ = log_e;
    return -1;
  }
  if (seconds - t0_ < kEtaWarmup || !(log_e < log_e0_) || !(tol_ > 0)) return -1;
  const double rate = (log_e0_ - log_e) / (seconds - t0_);  // log-error decrease per second
  return (log_e - std::log(tol_)) / rate;
}

std::function<bool(const SinkhornProgress&)> sinkhorn_progress_hook(ProgressLine& line, double eps, double tol,
                                                                     int solves) {
  struct State {
    SinkhornEta eta;
    int solve = 1, last_iteration = 0;
    long long before = 0;  // iterations of the finished solves
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  };
  auto state = std::make_shared<State>(State{SinkhornEta(eps, tol)});
  return [&line, state, tol, solves](const SinkhornProgress& p) {
    State& s = *state;
    const auto now = std::chrono::steady_clock::now();
    if (p.iteration < s.last_iteration) {  // the next solve started
      ++s.solve;
      s.before += s.last_iteration;
      s.eta.restart();
      s.start = now;
    }
    s.last_iteration = p.iteration;
    // The time left of the last solve only: an earlier one's would leave the others out.
    const double solve_left = s.eta.observe(p, std::chrono::duration<double>(now - s.start).count());
    const double left = s.solve == solves ? solve_left : -1;
    line.update(
        s.before + p.iteration,
        [&] {
          char text[96];
          if (solves > 1)
            std::snprintf(text, sizeof text, "error %.2g (tol %.2g), solve %d of %d", p.error, tol, s.solve, solves);
          else
            std::snprintf(text, sizeof text, "error %.2g (tol %.2g)", p.error, tol);
          return std::string(text);
        },
        left);
    return true;
  };
}

}  // namespace monge
