#pragma once
// Writes frames as an H.264 MP4 or a palette-optimised GIF (through ffmpeg, render/
// encoder_process.hpp), or as a numbered PNG sequence in a folder. Everything goes to a temporary
// name beside the target (a file for ffmpeg, a folder for the PNGs) and is renamed only when
// complete, so a cancelled or failed recording leaves nothing. A failure to write (full disk,
// read-only folder, file size limit) throws OutputError "cannot write OUT: <OS reason>", the
// encoder's own last line appended when it has one. No GL here.
#include <filesystem>
#include <memory>
#include <string>

#include "render/image.hpp"

namespace monge {

enum class VideoFormat { Mp4, Gif, PngSequence };

// .mp4 and .gif by extension; anything else is a folder for a PNG sequence.
VideoFormat video_format_for(const std::filesystem::path& out);

class EncoderProcess;

class VideoWriter {
 public:
  // Checks the destination and starts ffmpeg (MP4/GIF) or creates the temporary folder.
  // Throws InputError (size too small, odd MP4 size, fps), OutputError (the folder is missing or
  // read-only; OUT is a folder, or a folder holding other files than frame_*.png) or
  // std::runtime_error (ffmpeg is not installed).
  VideoWriter(const std::filesystem::path& out, int width, int height, double fps);
  ~VideoWriter();  // cancels if neither finish() nor cancel() was called
  VideoWriter(const VideoWriter&) = delete;
  VideoWriter& operator=(const VideoWriter&) = delete;

  // Append one frame (width x height, rows top-down). Throws OutputError if the encoder died or
  // the disk is full (the partial output is removed first).
  void write(const Image& frame);
  // Close the stream, check the encoder's exit status and move the result into place.
  void finish();
  // Stop and remove everything written so far.
  void cancel();

  int frames() const { return frames_; }
  VideoFormat format() const { return format_; }
  const std::filesystem::path& temporary_path() const { return temp_; }

 private:
  // Removes the partial output and throws OutputError naming out_ with the encoder's reason.
  [[noreturn]] void fail_encoder(int wait_status, int write_error);
  void publish_sequence();
  std::filesystem::path out_, temp_;
  VideoFormat format_;
  int width_, height_;
  int frames_ = 0;
  std::unique_ptr<EncoderProcess> encoder_;
  bool done_ = false;
};

}  // namespace monge
