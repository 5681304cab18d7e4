#include "solvers/deform/training_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/errors.hpp"

namespace monge::deform {

namespace {

void require(bool ok, const char* option, const std::string& expected) {
  if (!ok) throw InputError(std::string("schedule ") + option + ": expected " + expected);
}

std::string format_number(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

}  // namespace

const char* stop_reason_code(StopReason reason) {
  switch (reason) {
    case StopReason::None: return "training";
    case StopReason::Plateau: return "plateau";
    case StopReason::IterationCap: return "iterations";
    case StopReason::TimeLimit: return "time-limit";
    case StopReason::Folding: return "folding";
  }
  return "?";
}

void validate(const ScheduleOptions& o) {
  require(o.max_iterations >= 0 && o.max_iterations <= 100'000'000, "max iterations", "0 to 100000000");
  require(o.time_limit >= 0 && std::isfinite(o.time_limit), "time limit", "a non-negative number of seconds");
  require(o.warmup >= 0 && o.warmup <= 1'000'000, "warmup", "0 to 1000000 iterations");
  require(o.check_every >= 1 && o.check_every <= 1'000'000, "check every", "1 to 1000000 iterations");
  require(o.monitor_projections >= 1 && o.monitor_projections <= 100'000, "monitor projections", "1 to 100000");
  require(o.patience >= 1 && o.patience <= 100'000'000, "patience", "1 to 100000000 iterations");
  require(o.min_improvement >= 0 && o.min_improvement < 1, "min improvement", "a number in [0, 1)");
  require(o.decay > 0 && o.decay < 1, "decay", "a number in (0, 1)");
  require(o.reductions >= 0 && o.reductions <= 100, "reductions", "0 to 100");
}

PlateauSchedule::PlateauSchedule(const ScheduleOptions& options, double base_rate)
    : options_(options), base_rate_(base_rate), rate_(base_rate) {
  validate(options);
  if (!(base_rate > 0) || !std::isfinite(base_rate))
    throw InputError("learning rate: expected a positive number, got " + std::to_string(base_rate));
  iteration_cap_ = options.max_iterations;
  time_cap_ = options.time_limit;
  if (options.max_iterations == 0) stop_ = StopReason::IterationCap;
}

double PlateauSchedule::learning_rate(int iteration) const {
  if (reductions_done_ == 0 && options_.warmup > 0 && iteration < options_.warmup)
    return base_rate_ * double(iteration + 1) / double(options_.warmup);
  return rate_;
}

bool PlateauSchedule::is_check(int iteration) const { return iteration % options_.check_every == 0; }

StopReason PlateauSchedule::update(int iteration, double monitored, double elapsed) {
  last_iteration_ = iteration;
  if (stop_ != StopReason::None) return stop_;
  if (is_check(iteration) && std::isfinite(monitored)) {
    best_ = std::min(best_, monitored);
    // Progress is measured against the loss at the last progress, so small gains add up.
    if (!std::isfinite(reference_) || monitored < reference_ * (1.0 - options_.min_improvement)) {
      reference_ = monitored;
      last_progress_ = iteration;
    }
    if (iteration - last_progress_ >= options_.patience) {
      if (reductions_done_ < options_.reductions) {
        ++reductions_done_;
        rate_ *= options_.decay;
        last_progress_ = iteration;
      } else {
        stop_ = StopReason::Plateau;
        return stop_;
      }
    }
  }
  if (iteration + 1 >= iteration_cap_) stop_ = StopReason::IterationCap;
  else if (time_cap_ > 0 && elapsed >= time_cap_) stop_ = StopReason::TimeLimit;
  return stop_;
}

StopReason PlateauSchedule::fold(int iteration) {
  last_iteration_ = iteration;
  if (stop_ != StopReason::None) return stop_;
  if (reductions_done_ < options_.reductions) {
    ++reductions_done_;
    rate_ *= options_.decay;
    last_progress_ = iteration;
    if (iteration + 1 >= iteration_cap_) stop_ = StopReason::IterationCap;
    return stop_;
  }
  stop_ = StopReason::Folding;
  return stop_;
}

std::string PlateauSchedule::stop_message() const {
  switch (stop_) {
    case StopReason::None: return "";
    case StopReason::Plateau:
      return "the loss improved less than " + format_number("%g", 100.0 * options_.min_improvement) + "% in the last " +
             std::to_string(options_.patience) + " iterations at the lowest learning rate (" +
             format_number("%.3g", rate_) + ")";
    case StopReason::IterationCap:
      return "reached the cap of " + std::to_string(iteration_cap_) + " iterations";
    case StopReason::TimeLimit:
      return "reached the time limit of " + format_number("%g", time_cap_) + " s";
    case StopReason::Folding:
      return "the flow folded the mesh even at the lowest learning rate (" + format_number("%.3g", rate_) +
             "); kept the best unfolded state";
  }
  return "";
}

void PlateauSchedule::resume(int iterations_done, double elapsed) {
  if (stop_ == StopReason::None) return;
  stop_ = StopReason::None;
  last_progress_ = iterations_done;
  // The rate stays where the schedule left it; the next plateau stops again.
  iteration_cap_ = iterations_done + std::max(1, options_.max_iterations);
  if (options_.time_limit > 0) time_cap_ = elapsed + options_.time_limit;
}

}  // namespace monge::deform
