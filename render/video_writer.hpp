#pragma once
// Writes frames as an H.264 MP4 or a palette-optimised GIF (through an ffmpeg pipe), or as a
// numbered PNG sequence in a folder. Output goes to a temporary name beside the target and is
// renamed only when complete, so a cancelled or failed recording never leaves a corrupt file.
// No GL here.
#include <cstdio>
#include <filesystem>
#include <string>

#include "render/image.hpp"

namespace monge {

enum class VideoFormat { Mp4, Gif, PngSequence };

// .mp4 and .gif by extension; anything else is a folder for a PNG sequence.
VideoFormat video_format_for(const std::filesystem::path& out);

class VideoWriter {
 public:
  // Starts ffmpeg (MP4/GIF) or creates the temporary folder. Throws std::runtime_error with an
  // actionable message: ffmpeg missing, odd MP4 size, folder not writable.
  VideoWriter(const std::filesystem::path& out, int width, int height, double fps);
  ~VideoWriter();  // cancels if neither finish() nor cancel() was called
  VideoWriter(const VideoWriter&) = delete;
  VideoWriter& operator=(const VideoWriter&) = delete;

  // Append one frame (width x height, rows top-down). Throws if the encoder died or the disk is full.
  void write(const Image& frame);
  // Close the stream, check the encoder's exit status and move the result into place.
  void finish();
  // Stop and remove everything written so far.
  void cancel();

  int frames() const { return frames_; }
  VideoFormat format() const { return format_; }
  const std::filesystem::path& temporary_path() const { return temp_; }

 private:
  std::string encoder_log_tail() const;
  void close_pipe(int* status);
  std::filesystem::path out_, temp_, log_;
  VideoFormat format_;
  int width_, height_;
  int frames_ = 0;
  std::FILE* pipe_ = nullptr;
  bool done_ = false;
};

}  // namespace monge
