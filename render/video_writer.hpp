#pragma once
// Writes frames as an H.264 MP4, a palette-optimised GIF, a VP9 WebM or a ProRes 4444 MOV (through
// ffmpeg, render/encoder_process.hpp), or as a numbered PNG sequence in a folder. With alpha (slides
// over any background): WebM (VP9, yuva420p), MOV (ProRes 4444, yuva444p10le) and PNG sequences
// keep the frames' alpha channel; MP4 and GIF have none and refuse it. Everything goes to a temporary
// name beside the target (a file for ffmpeg, a folder for the PNGs) and is renamed only when
// complete, so a cancelled or failed recording leaves nothing. A failure to write (full disk,
// read-only folder, file size limit) throws OutputError "cannot write OUT: <OS reason>", the
// encoder's own last line appended when it has one. No GL here.
#include <filesystem>
#include <memory>
#include <string>

#include "render/image.hpp"

namespace monge {

enum class VideoFormat { Mp4, Gif, Webm, Mov, PngSequence };

// .mp4, .gif, .webm and .mov by extension (any case); anything else is a folder for a PNG sequence.
VideoFormat video_format_for(const std::filesystem::path& out);
// Whether the format can carry an alpha channel (WebM, MOV, PNG sequence).
bool format_keeps_alpha(VideoFormat format);

class EncoderProcess;

class VideoWriter {
 public:
  // Checks the destination and starts ffmpeg (MP4/GIF/WebM/MOV) or creates the temporary folder.
  // `alpha`: keep the frames' alpha channel (straight, not premultiplied). Throws InputError (size
  // too small, odd MP4 size, fps, alpha for MP4 or GIF), OutputError (the folder is missing or
  // read-only; OUT is a folder, or a folder holding other files than frame_*.png) or
  // std::runtime_error (ffmpeg is not installed).
  VideoWriter(const std::filesystem::path& out, int width, int height, double fps, bool alpha = false);
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
  bool alpha_;
  int width_, height_;
  int frames_ = 0;
  std::unique_ptr<EncoderProcess> encoder_;
  bool done_ = false;
};

}  // namespace monge
