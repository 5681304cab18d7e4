#pragma once
// Runs a Simulation on its own thread so that a slow flow step never freezes the window.
// The UI thread sends commands (play, step, reset, new parameters) and copies the newest
// published state each frame. No GL here.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <glm/glm.hpp>

#include "app/scene/simulation.hpp"
#include "app/scene/timeline.hpp"

namespace monge {

class SimulationWorker {
 public:
  explicit SimulationWorker(std::unique_ptr<Simulation> sim);
  ~SimulationWorker();
  SimulationWorker(const SimulationWorker&) = delete;
  SimulationWorker& operator=(const SimulationWorker&) = delete;

  void set_playing(bool playing);
  bool playing() const { return playing_; }
  void step_once();
  void reset();
  // Apply new flow parameters; returns the error message ("" on success).
  std::string set_flow_json(const nlohmann::json& flow);
  // Run the flow on `requested` from its next step on (Simulation::set_backend).
  void set_backend(Backend requested);
  // What runs the flow now, e.g. "CPU" or "CUDA (NVIDIA H200)"; no wait for a running step.
  std::string backend_label();
  // Pacing between the solver and the display. On CPU-only machines (llvmpipe) drawing shares the
  // cores with the solver, so the worker leaves them to the display at times; the display itself
  // never waits for the worker (slow steps must not make the window sluggish).
  // Steps per frame M: the worker runs at most M steps ahead of the display while its frames are
  // quick (under kSlowFrameMs): a fluid window with M steps a frame. When a frame takes longer
  // (e.g. 100k points on llvmpipe) redraws cannot be fluid anyway and the cap is lifted, so the
  // solver keeps the cores between redraws. 0: never capped.
  void set_steps_per_frame(int n) { steps_per_frame_ = n; }
  int steps_per_frame() const { return steps_per_frame_; }
  static constexpr int kDefaultStepsPerFrame = 4;
  static constexpr int kSlowFrameMs = 100;
  // Frame time limit L in milliseconds: no new step starts while a frame has been drawing for L
  // (since its fetch, until frame_presented()), so a slow frame finishes on cores the solver
  // leaves free and the window answers about every L (plus one step) at worst. 0: no limit.
  void set_frame_time_limit_ms(int ms) { frame_time_limit_ms_ = ms; }
  int frame_time_limit_ms() const { return frame_time_limit_ms_; }
  static constexpr int kDefaultFrameTimeLimitMs = 300;
  // Diagnostics records kept for the plots (Simulation::set_history_limit): 4096 to 8192 points a
  // curve, over the whole run however long it plays.
  static constexpr std::size_t kHistoryRecords = 4096;

  // Copy the newest state into `out` if it is newer than `version`; returns true if copied.
  // Called at the start of each display frame (it marks the frame as drawing).
  bool fetch(FlowState& out, std::uint64_t& version);
  // The display finished its frame (after the buffer swap): the frame time limit no longer
  // applies until the next fetch, e.g. while the window waits between frames.
  void frame_presented();
  // The diagnostics of the last step of the published state (empty before the first step).
  // Like history() and the timeline accessors, no wait for a running step.
  Diagnostics published_diagnostics();
  // The diagnostics history up to the published state (copied).
  std::vector<DiagnosticsRecord> history();
  // The flow's own line for the status bar as of the published state (Flow::status(), e.g. why a
  // training flow stopped); "" when it has nothing to say.
  std::string flow_status();
  // The message of the error that stopped the flow ("" if none); clears it.
  std::string take_error();
  double steps_per_second() const { return rate_; }

  // The timeline of every step so far (thinned under its memory cap).
  std::size_t timeline_size();
  std::uint64_t timeline_spacing();
  std::size_t timeline_bytes();
  void set_timeline_cap(std::size_t bytes);
  // Copy stored frame i into `out` (false if i is out of range).
  bool timeline_frame(std::size_t i, FlowState& out);
  // Point `index`'s positions (first three coordinates) in every stored frame, oldest first.
  std::vector<glm::vec3> trajectory(int index);
  // Continue the flow from stored frame i, discarding the frames after it.
  void resume_from(std::size_t i);
  // Export positions (.csv/.npy) or diagnostics (.csv); returns "" or the error message.
  std::string export_positions(const std::filesystem::path& path);
  std::string export_diagnostics(const std::filesystem::path& path);
  const Scene& scene() const { return sim_->scene(); }
  nlohmann::json flow_json();

 private:
  void loop();
  void publish();  // called with sim_mutex_ held
  void wake();     // wakes loop() from a wait (without a lost wake-up)
  std::unique_ptr<Simulation> sim_;
  // sim_mutex_ is held through a whole step; what the display reads every frame (the published
  // state and history, the timeline) has its own mutex, held only for copies, so that a frame
  // never waits for a step. Lock order: sim_mutex_, then timeline_mutex_ or publish_mutex_.
  std::mutex sim_mutex_, timeline_mutex_, publish_mutex_, wait_mutex_;
  std::condition_variable wake_;
  std::atomic<bool> playing_{false}, quit_{false};
  std::atomic<int> pending_steps_{0};
  std::atomic<double> rate_{0.0};
  std::atomic<int> steps_per_frame_{kDefaultStepsPerFrame};
  std::atomic<int> frame_time_limit_ms_{kDefaultFrameTimeLimitMs};
  std::atomic<int> steps_since_fetch_{0};
  std::atomic<std::int64_t> last_fetch_ns_{0};  // steady_clock time of the last fetch()'s return
  std::atomic<std::int64_t> display_frame_ns_{0};  // the display's time between its last two fetches
  std::atomic<bool> display_drawing_{true};         // between a fetch and frame_presented()
  Timeline timeline_;  // guarded by timeline_mutex_
  FlowState published_;
  Diagnostics published_diagnostics_;
  std::vector<DiagnosticsRecord> published_history_;  // sim_->history() as of the last publish()
  std::uint64_t published_version_ = 0;
  std::string error_;
  std::string published_status_;  // guarded by publish_mutex_
  std::string backend_label_;  // guarded by publish_mutex_
  std::thread thread_;
};

}  // namespace monge
