#pragma once
// `monge run --save-trajectory traj.npy --every K`: the positions at steps 0, K, 2K, ... as one
// float32 .npy of shape (frames, N, d), as np.load gives it back. Streamed frame by frame while
// the flow runs, so a long run needs no memory for its history; a file is renamed into place only
// when every frame is in (base/atomic_file.hpp); "-" streams to standard output.
#include <cstddef>
#include <filesystem>

#include "app/io/data_output.hpp"
#include "solvers/common/types.hpp"

namespace monge {

// The largest trajectory written (a typo such as --every 1 on a million steps would fill a disk).
constexpr unsigned long long kMaxTrajectoryBytes = 16ull << 30;

class TrajectoryWriter {
 public:
  // Throws InputError naming --save-trajectory beyond kMaxTrajectoryBytes, OutputError if the file
  // cannot be created.
  TrajectoryWriter(const std::filesystem::path& path, std::size_t frames, std::size_t n, std::size_t d);
  // The next frame: N by d points.
  void add(const Points& points);
  // Throws OutputError unless exactly `frames` frames were added.
  void commit();

 private:
  DataOutput out_;
  std::size_t frames_, added_ = 0, n_, d_;
};

}  // namespace monge
