#pragma once
// Runs a Simulation on its own thread so that a slow flow step never freezes the window.
// The UI thread sends commands (play, step, reset, new parameters) and copies the newest
// published state each frame. No GL here.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

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
  // Steps the worker may run ahead of the display: after this many steps without a fetch() it
  // waits, so that drawing (llvmpipe on CPU-only machines) is not starved of cores. 0: no limit.
  void set_steps_per_frame(int n) { steps_per_frame_ = n; }
  int steps_per_frame() const { return steps_per_frame_; }

  // Copy the newest state into `out` if it is newer than `version`; returns true if copied.
  bool fetch(FlowState& out, std::uint64_t& version);
  // The diagnostics of the last step of the published state (empty before the first step);
  // no wait for a running step, unlike history().
  Diagnostics published_diagnostics();
  // The diagnostics history so far (copied).
  std::vector<DiagnosticsRecord> history();
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
  std::unique_ptr<Simulation> sim_;
  std::mutex sim_mutex_, publish_mutex_;
  std::condition_variable wake_;
  std::atomic<bool> playing_{false}, quit_{false};
  std::atomic<int> pending_steps_{0};
  std::atomic<double> rate_{0.0};
  std::atomic<int> steps_per_frame_{4};
  std::atomic<int> steps_since_fetch_{0};
  Timeline timeline_;  // guarded by sim_mutex_
  FlowState published_;
  Diagnostics published_diagnostics_;
  std::uint64_t published_version_ = 0;
  std::string error_;
  std::thread thread_;
};

}  // namespace monge
