#pragma once
// When the mesh-deformation training is done, and the learning rate along the way: a rule that
// works on shapes it was never tuned on, so that a user does not have to guess an iteration count.
//
// The monitored loss. The loss of a training iteration uses fresh Monte Carlo directions (and, for
// the surface measure, fresh samples), so it is noisy: a plateau test on it would stop early on a
// lucky draw or never stop on an unlucky one. Every `check_every` iterations the trainer also
// measures SW_2^2 with `monitor_projections` FIXED directions (and fixed samples): a deterministic
// function of the parameters, whose changes are the training's progress alone. It is computed on
// the deformed vertices of that iteration's forward pass (no extra integration).
//
// The rule (PlateauSchedule), as ReduceLROnPlateau plus early stopping:
//   - warm-up: the learning rate rises linearly from lr / warmup to lr over the first `warmup`
//     iterations (Adam's first steps are its largest relative to the gradient's scale);
//   - a check counts as progress when the monitored loss is below reference * (1 -
//     min_improvement), the reference being the loss at the last progress (the first check's at
//     first); the reference is then updated and the patience counter restarts. Small gains add
//     up, so a loss falling steadily by a fraction r per iteration keeps training while roughly
//     r > min_improvement / patience;
//   - `patience` iterations without progress is a plateau: the learning rate is multiplied by
//     `decay` (at most `reductions` times) and the counter restarts; a plateau at the last rate
//     stops the training (StopReason::Plateau);
//   - `max_iterations` caps the iterations (StopReason::IterationCap) and `time_limit` the wall
//     time of training (StopReason::TimeLimit; not reproducible, as any wall clock);
//   - a fold (deform_trainer.hpp: the mesh folded, parameters rolled back) lowers the rate the
//     same way; a fold at the lowest rate stops (StopReason::Folding);
//   - resume() continues past a stop: a fresh patience window and a fresh budget of
//     `max_iterations` iterations and `time_limit` seconds at the current learning rate; the next
//     plateau stops again.
// Everything but the time limit is a function of the monitored losses, so a run replays exactly.
#include <cstdint>
#include <limits>
#include <string>

namespace monge::deform {

enum class StopReason {
  None = 0,          // still training
  Plateau = 1,       // the monitored loss stopped improving at the lowest learning rate
  IterationCap = 2,  // max_iterations reached
  TimeLimit = 3,     // time_limit reached
  Folding = 4,       // the flow kept folding the mesh even at the lowest learning rate
};
// "training", "plateau", "iterations", "time-limit", "folding" (the CLI's JSON `stop_reason`).
const char* stop_reason_code(StopReason reason);

struct ScheduleOptions {
  int max_iterations = 3000;        // cap (the CLI's --iterations); >= 0
  double time_limit = 0;            // seconds of training; 0: none (the CLI's --time-limit)
  int warmup = 20;                  // iterations of linear learning-rate warm-up; 0: none
  int check_every = 10;             // iterations between evaluations of the monitored loss
  int monitor_projections = 128;    // fixed SW directions of the monitored loss
  int patience = 100;               // iterations without progress that make a plateau
  double min_improvement = 0.01;    // relative decrease of the monitored loss that counts
  double decay = 0.3;               // learning-rate factor at a plateau, in (0, 1)
  int reductions = 2;               // plateaus answered by a lower rate before stopping
};

// Throws InputError naming the option ("schedule patience: ...") for values out of range.
void validate(const ScheduleOptions& options);

// The learning-rate and stopping state machine; knows nothing of meshes (unit-tested on synthetic
// loss sequences in tests/pure/test_deform_schedule.cpp).
class PlateauSchedule {
 public:
  PlateauSchedule() = default;
  // base_rate > 0: the rate after warm-up. Calls validate(options).
  PlateauSchedule(const ScheduleOptions& options, double base_rate);

  // Learning rate of iteration k (0-based), to be used for that iteration's update.
  double learning_rate(int iteration) const;
  // True when iteration k should also evaluate the monitored loss.
  bool is_check(int iteration) const;
  // After iteration k (0-based) is done: `monitored` is its monitored loss when is_check(k), NaN
  // otherwise; `elapsed` the seconds of training so far. Returns the stop reason (None: go on).
  StopReason update(int iteration, double monitored, double elapsed);
  // After iteration k folded the mesh (the trainer rolled back): lowers the rate like a plateau
  // and restarts the patience window, or stops (Folding) when no reduction is left.
  StopReason fold(int iteration);

  StopReason stop_reason() const { return stop_; }
  // A sentence for people, e.g. "the loss improved less than 1% in the last 100 iterations at
  // the lowest learning rate (2.7e-4)"; "" while training.
  std::string stop_message() const;
  // Continue after a stop (see the top of this file). No effect while training.
  void resume(int iterations_done, double elapsed);

  double best() const { return best_; }       // lowest monitored loss so far (inf before any)
  int reductions_done() const { return reductions_done_; }
  const ScheduleOptions& options() const { return options_; }

 private:
  ScheduleOptions options_;
  double base_rate_ = 0;
  double rate_ = 0;                   // after warm-up, with the reductions applied
  int reductions_done_ = 0;
  double best_ = std::numeric_limits<double>::infinity();       // lowest monitored loss
  double reference_ = std::numeric_limits<double>::infinity();  // monitored loss at the last progress
  int last_progress_ = 0;             // iteration of the last progress (or window restart)
  int iteration_cap_ = 0;             // iterations allowed in total (grows on resume)
  double time_cap_ = 0;               // seconds allowed in total (grows on resume); 0: none
  int last_iteration_ = -1;
  StopReason stop_ = StopReason::None;
};

}  // namespace monge::deform
