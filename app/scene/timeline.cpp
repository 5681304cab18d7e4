#include "app/scene/timeline.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "app/io/point_file.hpp"
#include "base/errors.hpp"

namespace monge {

std::size_t Timeline::frame_bytes(const TimelineFrame& f) {
  return sizeof(TimelineFrame) + static_cast<std::size_t>(f.state.points.size()) * sizeof(float) +
         f.state.grid.values.size() * sizeof(float) + f.state.grid.obstacle.size() +
         f.diagnostics.size() * (sizeof(double) + 32);
}

void Timeline::set_cap(std::size_t bytes) {
  cap_bytes_ = bytes;
  while (bytes_ > cap_bytes_ && frames_.size() > 2) thin();
}

void Timeline::clear() {
  frames_.clear();
  bytes_ = 0;
  spacing_ = 1;
}

void Timeline::push(const FlowState& state, const Diagnostics& diagnostics) {
  // After thinning, keep only steps on the coarser grid (plus always the newest, below).
  if (!frames_.empty() && spacing_ > 1 && state.step % spacing_ != 0 && frames_.back().state.step % spacing_ != 0) {
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
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write " + path.string());
  out << "step,time,particle";
  for (Eigen::Index k = 0; k < frames_.front().state.points.cols(); ++k) out << ",x" << k;
  out << "\n";
  char buf[64];
  for (const auto& f : frames_)
    for (Eigen::Index i = 0; i < f.state.points.rows(); ++i) {
      out << f.state.step << ',' << f.state.time << ',' << i;
      for (Eigen::Index k = 0; k < f.state.points.cols(); ++k) {
        std::snprintf(buf, sizeof buf, ",%.9g", f.state.points(i, k));
        out << buf;
      }
      out << '\n';
    }
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string() + " (disk full?)");
}

void Timeline::export_diagnostics_csv(const std::filesystem::path& path) const {
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write " + path.string());
  out << "step,time";
  const Diagnostics* names = nullptr;
  for (const auto& f : frames_)
    if (!f.diagnostics.empty()) names = &f.diagnostics;
  if (names)
    for (const auto& [name, value] : *names) out << ',' << name;
  out << '\n';
  char buf[64];
  for (const auto& f : frames_) {
    out << f.state.step << ',' << f.state.time;
    for (const auto& [name, value] : f.diagnostics) {
      std::snprintf(buf, sizeof buf, ",%.10g", value);
      out << buf;
    }
    out << '\n';
  }
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string() + " (disk full?)");
}

}  // namespace monge
