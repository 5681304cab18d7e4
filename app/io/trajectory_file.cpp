#include "app/io/trajectory_file.hpp"

#include <string>

#include "app/io/npy_array.hpp"
#include "base/errors.hpp"

namespace monge {
namespace {

// Checked before the output exists (out_ is constructed after it).
const std::filesystem::path& checked(const std::filesystem::path& path, std::size_t frames, std::size_t n, std::size_t d) {
  const long double bytes = static_cast<long double>(frames) * n * d * sizeof(float);
  if (bytes > static_cast<long double>(kMaxTrajectoryBytes))
    throw InputError("--save-trajectory: " + std::to_string(frames) + " frames of " + std::to_string(n) + " x " +
                     std::to_string(d) + " float32 are " + std::to_string(static_cast<unsigned long long>(bytes / 1e9)) +
                     " GB, more than the " + std::to_string(kMaxTrajectoryBytes >> 30) + " GiB written; raise --every");
  return path;
}

}  // namespace

TrajectoryWriter::TrajectoryWriter(const std::filesystem::path& path, std::size_t frames, std::size_t n, std::size_t d)
    : out_(checked(path, frames, n, d)), frames_(frames), n_(n), d_(d) {
  out_.write(npy_header("<f4", {frames, n, d}));
}

void TrajectoryWriter::add(const Points& points) {
  if (added_ == frames_ || static_cast<std::size_t>(points.rows()) != n_ || static_cast<std::size_t>(points.cols()) != d_)
    throw OutputError("cannot write " + out_.label() + ": frame " + std::to_string(added_) + " does not fit the trajectory's shape");
  out_.write(points.data(), n_ * d_ * sizeof(float));
  ++added_;
}

void TrajectoryWriter::commit() {
  if (added_ != frames_)
    throw OutputError("cannot write " + out_.label() + ": " + std::to_string(added_) + " of " + std::to_string(frames_) + " frames");
  out_.commit();
}

}  // namespace monge
