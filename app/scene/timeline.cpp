#include "app/scene/timeline.hpp"

#include <algorithm>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <cstdio>
#include <string>

#include "app/io/point_file.hpp"
#include "base/atomic_file.hpp"
#include "base/errors.hpp"
#include "base/memory.hpp"

namespace monge {

namespace {

// Heap bytes of a state: points, grid and an ODE flow's path (+ a malloc header per block).
std::size_t state_bytes(const FlowState& s) {
  constexpr std::size_t kBlock = 32;
  std::size_t bytes = static_cast<std::size_t>(s.points.size()) * sizeof(float) + kBlock +
                      s.grid.values.size() * sizeof(float) + s.grid.obstacle.size() + 2 * kBlock;
  for (const Points& p : s.path) bytes += static_cast<std::size_t>(p.size()) * sizeof(float) + sizeof(Points) + kBlock;
  return bytes;
}

}  // namespace

std::size_t Timeline::frame_bytes(const TimelineFrame& f) {
  std::size_t bytes = sizeof(TimelineFrame) + state_bytes(f.state);
  for (const auto& [name, value] : f.diagnostics) bytes += sizeof(std::pair<std::string, double>) + name.capacity();
  return bytes;
}

std::size_t Timeline::budget_bytes(const FlowState& frame) {
  const std::size_t one = sizeof(TimelineFrame) + state_bytes(frame);
  const std::size_t machine = machine_memory_bytes();
  const std::size_t most = machine > 0 ? std::min(kMaxBudgetBytes, machine / 8) : kMaxBudgetBytes;
  return std::clamp(one * kBudgetFrames, std::min(kMinBudgetBytes, most), most);
}

void Timeline::set_cap(std::size_t bytes) {
  cap_bytes_ = bytes;
  automatic_cap_ = false;
  while (bytes_ > cap_bytes_ && frames_.size() > 2) thin();
}

void Timeline::clear() {
  frames_.clear();
  bytes_ = 0;
  spacing_ = 1;
}

void Timeline::push(const FlowState& state, const Diagnostics& diagnostics) {
  if (frames_.empty() && automatic_cap_) cap_bytes_ = budget_bytes(state);
  // After thinning, keep only steps on the coarser grid (plus always the newest, and the first):
  // the previous newest goes if it is off the grid. (Keeping it whenever the new step was on the
  // grid let every off-grid step stay, so the timeline refilled twice as fast and thinned to a
  // third of its frames instead of a half.)
  if (frames_.size() > 1 && spacing_ > 1 && frames_.back().state.step % spacing_ != 0) {
    bytes_ -= frame_bytes(frames_.back());
    frames_.pop_back();
  }
  frames_.push_back({state, diagnostics});
  bytes_ += frame_bytes(frames_.back());
  while (bytes_ > cap_bytes_ && frames_.size() > 2) thin();
}

void Timeline::thin() {
  // Keep frames whose step is a multiple of twice the spacing, the first and the newest.
  spacing_ *= 2;
  std::deque<TimelineFrame> kept;
  bytes_ = 0;
  for (std::size_t i = 0; i < frames_.size(); ++i) {
    const bool keep = i == 0 || i + 1 == frames_.size() || frames_[i].state.step % spacing_ == 0;
    if (!keep) continue;
    bytes_ += frame_bytes(frames_[i]);
    kept.push_back(std::move(frames_[i]));
  }
  frames_ = std::move(kept);
  release_free_memory();
}

void Timeline::release_free_memory() {
#ifdef __GLIBC__
  // Thinning frees half the frames at once, in the middle of the heap: glibc keeps such holes
  // mapped, so the process's resident size kept the high-water mark of every cycle (an hour's
  // soak of the default scene: RSS 219 -> 289 MB while the heap in use stayed under 160 MB).
  // Trimming hands the free pages back; it runs once per thinning, which doubles in period.
  malloc_trim(0);
#endif
}

void Timeline::truncate_after(std::size_t i) {
  while (frames_.size() > i + 1) {
    bytes_ -= frame_bytes(frames_.back());
    frames_.pop_back();
  }
}

std::size_t Timeline::index_of_step(std::uint64_t step) const {
  std::size_t best = 0;
  for (std::size_t i = 0; i < frames_.size(); ++i) {
    const auto d = [&](std::size_t k) { const auto s = frames_[k].state.step; return s > step ? s - step : step - s; };
    if (d(i) < d(best)) best = i;
  }
  return best;
}

void Timeline::export_positions(const std::filesystem::path& path) const {
  if (frames_.empty()) throw InputError("the timeline is empty: run the flow first");
  const bool npy = path.extension() == ".npy";
  if (npy) {
    const auto n = frames_.front().state.points.rows(), d = frames_.front().state.points.cols();
    Points all(static_cast<Eigen::Index>(frames_.size()) * n, d);
    for (std::size_t f = 0; f < frames_.size(); ++f) {
      if (frames_[f].state.points.rows() != n || frames_[f].state.points.cols() != d)
        throw InputError(path.string() + ": frames have different numbers of points; export CSV instead");
      all.middleRows(static_cast<Eigen::Index>(f) * n, n) = frames_[f].state.points;
    }
    save_npy_f32(path, all.data(), {frames_.size(), static_cast<std::size_t>(n), static_cast<std::size_t>(d)});
    return;
  }
  // Streamed through a buffer: a full timeline's CSV can be far larger than the timeline.
  AtomicFile out(path);
  std::string buffer = "step,time,particle";
  for (Eigen::Index k = 0; k < frames_.front().state.points.cols(); ++k) buffer += ",x" + std::to_string(k);
  buffer += '\n';
  char number[64];
  for (const auto& f : frames_)
    for (Eigen::Index i = 0; i < f.state.points.rows(); ++i) {
      std::snprintf(number, sizeof number, "%llu,%.10g,%lld", static_cast<unsigned long long>(f.state.step), f.state.time,
                    static_cast<long long>(i));
      buffer += number;
      for (Eigen::Index k = 0; k < f.state.points.cols(); ++k) {
        std::snprintf(number, sizeof number, ",%.9g", f.state.points(i, k));
        buffer += number;
      }
      buffer += '\n';
      if (buffer.size() > (1u << 20)) {
        out.write(buffer);
        buffer.clear();
      }
    }
  out.write(buffer);
  out.commit();
}

void Timeline::export_diagnostics_csv(const std::filesystem::path& path) const {
  std::string text = "step,time";
  const Diagnostics* names = nullptr;
  for (const auto& f : frames_)
    if (!f.diagnostics.empty()) names = &f.diagnostics;
  if (names)
    for (const auto& [name, value] : *names) text += ',' + name;
  text += '\n';
  char number[64];
  for (const auto& f : frames_) {
    std::snprintf(number, sizeof number, "%llu,%.10g", static_cast<unsigned long long>(f.state.step), f.state.time);
    text += number;
    for (const auto& [name, value] : f.diagnostics) {
      std::snprintf(number, sizeof number, ",%.10g", value);
      text += number;
    }
    text += '\n';
  }
  write_file_atomically(path, text);
}

}  // namespace monge
