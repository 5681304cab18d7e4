#include "app/gui/sim_worker.hpp"

#include <chrono>

#include "app/gui/thread_priority.hpp"

namespace monge {

namespace {
std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

SimulationWorker::SimulationWorker(std::unique_ptr<Simulation> sim) : sim_(std::move(sim)) {
  sim_->set_history_limit(kHistoryRecords);
  published_ = sim_->state();
  published_version_ = 1;
  backend_label_ = sim_->backend_label();
  timeline_.push(sim_->state(), {});
  published_history_ = sim_->history();
  last_fetch_ns_ = now_ns();
  thread_ = std::thread([this] { loop(); });
}

SimulationWorker::~SimulationWorker() {
  quit_ = true;
  wake();
  thread_.join();
}

void SimulationWorker::set_playing(bool playing) {
  playing_ = playing && sim_->has_flow();
  wake();
}

void SimulationWorker::step_once() {
  ++pending_steps_;
  wake();
}

void SimulationWorker::reset() {
  std::lock_guard lock(sim_mutex_);
  sim_->reset();
  {
    std::lock_guard tlock(timeline_mutex_);
    timeline_.clear();
    timeline_.push(sim_->state(), {});
  }
  publish();
}

std::size_t SimulationWorker::timeline_size() {
  std::lock_guard lock(timeline_mutex_);
  return timeline_.size();
}

std::uint64_t SimulationWorker::timeline_spacing() {
  std::lock_guard lock(timeline_mutex_);
  return timeline_.spacing();
}

std::size_t SimulationWorker::timeline_bytes() {
  std::lock_guard lock(timeline_mutex_);
  return timeline_.bytes();
}

void SimulationWorker::set_timeline_cap(std::size_t bytes) {
  std::lock_guard lock(timeline_mutex_);
  timeline_.set_cap(bytes);
}

bool SimulationWorker::timeline_frame(std::size_t i, FlowState& out) {
  std::lock_guard lock(timeline_mutex_);
  if (i >= timeline_.size()) return false;
  out = timeline_.frame(i).state;
  return true;
}

std::vector<glm::vec3> SimulationWorker::trajectory(int index) {
  std::lock_guard lock(timeline_mutex_);
  std::vector<glm::vec3> path;
  path.reserve(timeline_.size());
  for (std::size_t f = 0; f < timeline_.size(); ++f) {
    const Points& p = timeline_.frame(f).state.points;
    if (index < 0 || index >= p.rows()) continue;
    glm::vec3 x(0.0f);
    for (int k = 0; k < std::min<int>(static_cast<int>(p.cols()), 3); ++k) x[k] = p(index, k);
    path.push_back(x);
  }
  return path;
}

void SimulationWorker::resume_from(std::size_t i) {
  playing_ = false;
  std::lock_guard lock(sim_mutex_);
  {
    std::lock_guard tlock(timeline_mutex_);
    if (i >= timeline_.size()) return;
    sim_->restore(timeline_.frame(i).state);
    timeline_.truncate_after(i);
  }
  publish();
}

std::string SimulationWorker::export_positions(const std::filesystem::path& path) {
  std::lock_guard lock(timeline_mutex_);
  try {
    timeline_.export_positions(path);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

std::string SimulationWorker::export_diagnostics(const std::filesystem::path& path) {
  std::lock_guard lock(timeline_mutex_);
  try {
    timeline_.export_diagnostics_csv(path);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

std::string SimulationWorker::set_flow_json(const nlohmann::json& flow) {
  std::lock_guard lock(sim_mutex_);
  try {
    sim_->set_flow_json(flow);
  } catch (const std::exception& e) {
    return e.what();
  }
  std::lock_guard plock(publish_mutex_);
  backend_label_ = sim_->backend_label();
  return "";
}

void SimulationWorker::set_backend(Backend requested) {
  std::lock_guard lock(sim_mutex_);
  sim_->set_backend(requested);
  std::lock_guard plock(publish_mutex_);
  backend_label_ = sim_->backend_label();
}

std::string SimulationWorker::backend_label() {
  std::lock_guard lock(publish_mutex_);
  return backend_label_;
}

nlohmann::json SimulationWorker::flow_json() {
  std::lock_guard lock(sim_mutex_);
  return sim_->scene().flow;
}

void SimulationWorker::publish() {
  std::lock_guard lock(publish_mutex_);
  published_ = sim_->state();
  const auto& history = sim_->history();
  published_diagnostics_ = sim_->latest_diagnostics();
  // Append what is new. Unchanged (a step that the bounded history does not keep): nothing to do.
  // Anything else (reset, resume, thinning) is copied whole.
  const auto same = [](const DiagnosticsRecord& a, const DiagnosticsRecord& b) {
    return a.step == b.step && a.time == b.time && a.values == b.values;
  };
  const std::size_t n = published_history_.size();
  const bool prefix_kept = n <= history.size() && (n == 0 || same(published_history_[n - 1], history[n - 1]));
  if (prefix_kept && history.size() > n)
    published_history_.insert(published_history_.end(), history.begin() + n, history.end());
  else if (!prefix_kept || history.size() != n)
    published_history_ = history;
  published_status_ = sim_->has_flow() ? sim_->flow()->status() : std::string();
  ++published_version_;
}

std::string SimulationWorker::flow_status() {
  std::lock_guard lock(publish_mutex_);
  return published_status_;
}

void SimulationWorker::wake() {
  { std::lock_guard lock(wait_mutex_); }
  wake_.notify_all();
}

Diagnostics SimulationWorker::published_diagnostics() {
  std::lock_guard lock(publish_mutex_);
  return published_diagnostics_;
}

bool SimulationWorker::fetch(FlowState& out, std::uint64_t& version) {
  std::lock_guard lock(publish_mutex_);
  {
    std::lock_guard wait_lock(wait_mutex_);
    const std::int64_t now = now_ns();
    display_frame_ns_ = now - last_fetch_ns_;
    steps_since_fetch_ = 0;
    last_fetch_ns_ = now;
    display_drawing_ = true;
  }
  wake_.notify_all();
  if (version == published_version_) return false;
  out = published_;  // same-size Eigen assignment reuses the buffer
  version = published_version_;
  return true;
}

void SimulationWorker::frame_presented() {
  {
    std::lock_guard wait_lock(wait_mutex_);
    display_drawing_ = false;
  }
  wake_.notify_all();
}

std::vector<DiagnosticsRecord> SimulationWorker::history() {
  std::lock_guard lock(publish_mutex_);
  return published_history_;
}

std::string SimulationWorker::take_error() {
  std::lock_guard lock(publish_mutex_);
  return std::exchange(error_, "");
}

void SimulationWorker::loop() {
  // The solver (this thread and the OpenMP team it starts, which inherits the setting) yields
  // the cores to the window's threads whenever they want them: a frame is then drawn at full
  // speed instead of being stretched over the solver's steps, and the solver has the cores back
  // between frames.
  lower_current_thread_priority(kSolverNiceness);
  using clock = std::chrono::steady_clock;
  auto window_start = clock::now();
  int steps_in_window = 0;
  while (!quit_) {
    {
      // Decided under wait_mutex_, which fetch() and wake() take before notifying: a fetch
      // between the decision and the wait cannot be missed (a miss would idle the solver for
      // the whole timeout, every frame).
      std::unique_lock lock(wait_mutex_);
      // Ahead of the display: the frame in progress has its steps (quick frames only), or has
      // taken long enough. A requested single step (pending_steps_) goes ahead regardless.
      const int limit = steps_per_frame_;
      const std::int64_t time_limit_ns = std::int64_t(frame_time_limit_ms_) * 1000000;
      const bool display_slow = display_frame_ns_ > std::int64_t(kSlowFrameMs) * 1000000;
      const bool enough_steps = limit > 0 && steps_since_fetch_ >= limit && !display_slow;
      const bool frame_overdue = display_drawing_ && time_limit_ns > 0 && now_ns() - last_fetch_ns_ >= time_limit_ns;
      const bool ahead_of_display = (enough_steps || frame_overdue) && pending_steps_ == 0;
      if ((!playing_ && pending_steps_ == 0) || ahead_of_display) {
        wake_.wait_for(lock, std::chrono::milliseconds(50));
        if (!playing_) rate_ = 0.0;
        continue;
      }
    }
    {
      std::lock_guard lock(sim_mutex_);
      try {
        if (!sim_->has_flow()) throw std::runtime_error("this scene has no flow to step");
        sim_->step();
        std::lock_guard tlock(timeline_mutex_);
        timeline_.push(sim_->state(), sim_->latest_diagnostics());
        // A flow that stops by itself (a training schedule: diagnostic "stopped" > 0) pauses the
        // play; Step or Play continues it past the stop (Flow::status says so).
        for (const auto& [name, value] : sim_->latest_diagnostics())
          if (name == "stopped" && value > 0) playing_ = false;
      } catch (const std::exception& e) {
        playing_ = false;
        std::lock_guard plock(publish_mutex_);
        error_ = e.what();
      }
      publish();
    }
    if (pending_steps_ > 0) --pending_steps_;
    ++steps_since_fetch_;
    ++steps_in_window;
    const double elapsed = std::chrono::duration<double>(clock::now() - window_start).count();
    if (elapsed > 0.5) {
      rate_ = steps_in_window / elapsed;
      window_start = clock::now();
      steps_in_window = 0;
    }
  }
}

}  // namespace monge
