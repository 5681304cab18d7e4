#include "render/video_writer.hpp"

#include <sys/stat.h>
#include <sys/wait.h>

#include <cctype>
#include <csignal>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <vector>

#include "base/atomic_file.hpp"
#include "base/errors.hpp"
#include "render/encoder_process.hpp"

namespace monge {
namespace {

std::string lower_extension(const std::filesystem::path& p) {
  std::string e = p.extension().string();
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

bool is_frame_name(const std::filesystem::path& p) {
  return p.filename().string().rfind("frame_", 0) == 0 && p.extension() == ".png";
}

// ffmpeg reading raw RGBA frames from its standard input and writing `temp`.
std::vector<std::string> ffmpeg_command(VideoFormat format, bool alpha, int width, int height, double fps,
                                        const std::filesystem::path& temp) {
  std::ostringstream rate;
  rate << fps;
  std::vector<std::string> cmd = {"ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgba",
                                  "-s", std::to_string(width) + "x" + std::to_string(height), "-framerate", rate.str(),
                                  "-i", "-"};
  if (format == VideoFormat::Mp4) {
    // -threads 1: x264's output is then byte-identical run to run.
    for (const char* a : {"-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", "-threads", "1",
                          "-movflags", "+faststart", "-f", "mp4"})
      cmd.emplace_back(a);
  } else if (format == VideoFormat::Webm) {
    // VP9 at constant quality; the alpha plane travels as WebM's BlockAdditional (alpha_mode 1),
    // which browsers, OBS and editors read. One thread and bitexact (no date, no random segment
    // id): the same frames give the same file.
    for (const char* a : {"-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "30", "-threads", "1", "-row-mt", "0", "-pix_fmt"})
      cmd.emplace_back(a);
    cmd.emplace_back(alpha ? "yuva420p" : "yuv420p");
    for (const char* a : {"-fflags", "+bitexact", "-flags:v", "+bitexact", "-f", "webm"}) cmd.emplace_back(a);
  } else if (format == VideoFormat::Mov) {
    // ProRes 4444 (profile 4), the editing format Keynote, PowerPoint and Final Cut take with alpha.
    for (const char* a : {"-c:v", "prores_ks", "-profile:v", "4444", "-vendor", "apl0", "-threads", "1", "-pix_fmt"})
      cmd.emplace_back(a);
    cmd.emplace_back(alpha ? "yuva444p10le" : "yuv444p10le");
    for (const char* a : {"-fflags", "+bitexact", "-flags:v", "+bitexact", "-f", "mov"}) cmd.emplace_back(a);
  } else {
    for (const char* a : {"-filter_complex", "split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=3",
                          "-loop", "0", "-f", "gif"})
      cmd.emplace_back(a);
  }
  cmd.push_back(temp.string());
  return cmd;
}

// An EBML element's size (a variable-length integer at `at`), moved past it; -1 if malformed
// or truncated; -2 for "unknown size" (all ones), which a finished file does not use.
long long ebml_size(const std::string& bytes, std::size_t& at) {
  if (at >= bytes.size()) return -1;
  const auto first = static_cast<unsigned char>(bytes[at]);
  int length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) ++length;
  if (length > 8 || bytes.size() - at < static_cast<std::size_t>(length)) return -1;
  std::uint64_t value = first & (0xff >> length);
  bool all_ones = value == (0xffu >> length);
  for (int k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(bytes[at + k]);
    value = value << 8 | b;
    all_ones = all_ones && b == 0xff;
  }
  at += length;
  return all_ones ? -2 : static_cast<long long>(value);
}

// A finished WebM is its EBML header followed by one Segment whose size (written last, when the
// muxer closes the file) covers exactly the rest of the file.
std::string incomplete_webm(const std::string& bytes) {
  if (bytes.rfind("\x1a\x45\xdf\xa3", 0) != 0) return "no EBML header";
  std::size_t at = 4;
  const long long header = ebml_size(bytes, at);
  if (header < 0 || static_cast<std::size_t>(header) > bytes.size() - at) return "a truncated EBML header";
  at += static_cast<std::size_t>(header);
  if (bytes.size() - at < 4 || bytes.compare(at, 4, "\x18\x53\x80\x67") != 0) return "no WebM segment";
  at += 4;
  const long long segment = ebml_size(bytes, at);
  if (segment == -2) return "the segment's size was never written";
  if (segment < 0 || static_cast<std::size_t>(segment) != bytes.size() - at) return "a truncated WebM segment";
  return "";
}

// Why the encoder's finished file cannot be whole, or "". An encoder can exit 0 after a failed
// write (ffmpeg's GIF muxer does when its trailer cannot be written) and, under a file size
// limit, its log may be lost as well: the file itself must then show it. A GIF ends with its
// trailer byte ';'; an MP4's top-level boxes must tile the file exactly and include moov and mdat.
std::string incomplete_video(const std::filesystem::path& path, VideoFormat format) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.eof() && in.fail()) return "cannot read it back";
  if (bytes.empty()) return "it is empty";
  if (format == VideoFormat::Gif) return bytes.rfind("GIF8", 0) == 0 && bytes.back() == ';' ? "" : "no GIF trailer";
  if (format == VideoFormat::Webm) return incomplete_webm(bytes);
  bool moov = false, mdat = false;
  std::size_t at = 0;
  while (at < bytes.size()) {
    if (bytes.size() - at < 8) return "a truncated MP4 box";
    auto be = [&](std::size_t k, int n) {
      std::uint64_t v = 0;
      for (int i = 0; i < n; ++i) v = v << 8 | static_cast<unsigned char>(bytes[k + i]);
      return v;
    };
    std::uint64_t size = be(at, 4);
    const std::string type = bytes.substr(at + 4, 4);
    if (size == 1) {
      if (bytes.size() - at < 16) return "a truncated MP4 box";
      size = be(at + 8, 8);
    } else if (size == 0) {
      size = bytes.size() - at;
    }
    if (size < 8 || size > bytes.size() - at) return "a truncated MP4 box (" + type + ")";
    moov = moov || type == "moov";
    mdat = mdat || type == "mdat";
    at += size;
  }
  return moov && mdat ? "" : "no moov or mdat box";
}

}  // namespace

VideoFormat video_format_for(const std::filesystem::path& out) {
  const std::string e = lower_extension(out);
  if (e == ".mp4") return VideoFormat::Mp4;
  if (e == ".gif") return VideoFormat::Gif;
  if (e == ".webm") return VideoFormat::Webm;
  if (e == ".mov") return VideoFormat::Mov;
  return VideoFormat::PngSequence;
}

bool format_keeps_alpha(VideoFormat format) {
  return format == VideoFormat::Webm || format == VideoFormat::Mov || format == VideoFormat::PngSequence;
}

VideoWriter::VideoWriter(const std::filesystem::path& out, int width, int height, double fps, bool alpha)
    : out_(out), format_(video_format_for(out)), alpha_(alpha), width_(width), height_(height) {
  if (alpha && !format_keeps_alpha(format_))
    throw InputError(std::string(format_ == VideoFormat::Mp4 ? "H.264 MP4" : "GIF") +
                     " has no alpha channel: record a transparent video as .webm (VP9) or .mov (ProRes 4444), or PNGs "
                     "into a folder");
  if (width < 2 || height < 2) throw InputError("frame size " + std::to_string(width) + "x" + std::to_string(height) + " is too small");
  if (!(fps > 0.0 && fps <= 1000.0)) throw InputError("--fps must be in (0, 1000]");
  if (format_ == VideoFormat::Mp4 && (width % 2 || height % 2))
    throw InputError("--size: H.264 MP4 needs an even width and height, got " + std::to_string(width) + "x" + std::to_string(height));
  temp_ = temporary_path_beside(out);
  check_output_folder(out_);  // the folder exists and is writable
  std::error_code ec;
  if (format_ == VideoFormat::PngSequence) {
    // Replace an earlier PNG sequence, but never a file or a folder holding anything else:
    // refused now, before the recording, not after it.
    if (std::filesystem::exists(out_, ec) && !std::filesystem::is_directory(out_, ec)) throw_output_error(out_, ENOTDIR);
    for (const auto& entry : std::filesystem::directory_iterator(out_, ec))
      if (!is_frame_name(entry.path()))
        throw OutputError("cannot write " + out_.string() + ": the folder holds other files than frame_*.png (" +
                          entry.path().filename().string() + "); choose another folder");
    if (::mkdir(temp_.c_str(), 0777) != 0) throw_output_error(out_, errno);
    return;
  }
  if (std::filesystem::is_directory(out_, ec)) throw_output_error(out_, EISDIR);
  try {
    encoder_ = std::make_unique<EncoderProcess>(ffmpeg_command(format_, alpha_, width, height, fps, temp_));
  } catch (const std::system_error& e) {
    if (e.code().value() == ENOENT)
      throw std::runtime_error("ffmpeg not found: install it (apt-get install ffmpeg) or record a PNG sequence (-o FOLDER)");
    throw;
  }
}

VideoWriter::~VideoWriter() {
  if (!done_) cancel();
}

void VideoWriter::fail_encoder(int wait_status, int write_error) {
  const std::string log = encoder_ ? encoder_->log() : "";
  cancel();
  int reason = os_error_in_log(log);
  // Without SIGXFSZ ignored, a file size limit kills the encoder instead of failing its write.
  if (reason == 0 && WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGXFSZ) reason = EFBIG;
  // ffmpeg names the temporary; the user knows the destination.
  std::string line = last_line(log);
  for (std::size_t at; (at = line.find(temp_.string())) != std::string::npos;) line.replace(at, temp_.string().size(), out_.string());
  const std::string said = line.empty() ? "" : " (ffmpeg: " + line + ")";
  if (reason != 0) throw OutputError("cannot write " + out_.string() + ": " + std::strerror(reason) + said);
  std::string how;
  if (WIFSIGNALED(wait_status)) how = "ffmpeg was killed by signal " + std::to_string(WTERMSIG(wait_status));
  else if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) != 0) how = "ffmpeg exited with status " + std::to_string(WEXITSTATUS(wait_status));
  else how = std::string("ffmpeg stopped reading (") + std::strerror(write_error ? write_error : EPIPE) + ")";
  throw OutputError("cannot write " + out_.string() + ": " + how + " after " + std::to_string(frames_) + " frames" + said);
}

void VideoWriter::write(const Image& frame) {
  if (done_) throw OutputError("cannot write " + out_.string() + ": the recording is already closed");
  if (frame.width != width_ || frame.height != height_) throw std::runtime_error("frame size changed during the recording");
  if (format_ == VideoFormat::PngSequence) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%05d.png", frames_);
    try {
      write_new_file(temp_ / name, encode_png(frame, alpha_, out_), out_);
    } catch (...) {
      cancel();
      throw;
    }
    ++frames_;
    return;
  }
  if (const int error = encoder_->write(frame.rgba.data(), frame.rgba.size()); error != 0)
    fail_encoder(encoder_->finish(), error);
  ++frames_;
}

void VideoWriter::publish_sequence() {
  std::error_code ec;
  std::filesystem::path old;
  if (std::filesystem::exists(out_, ec)) {
    // Checked again: the folder may have changed during the recording.
    for (const auto& entry : std::filesystem::directory_iterator(out_, ec))
      if (!is_frame_name(entry.path())) {
        cancel();
        throw OutputError("cannot write " + out_.string() + ": the folder now holds other files than frame_*.png (" +
                          entry.path().filename().string() + ")");
      }
    // The old sequence steps aside until the new one is in place, and comes back on failure.
    old = temporary_path_beside(out_);
    if (std::rename(out_.c_str(), old.c_str()) != 0) {
      const int error = errno;
      cancel();
      throw_output_error(out_, error);
    }
  }
  try {
    publish_temporary(temp_, out_);  // removes temp_ on failure
  } catch (...) {
    if (!old.empty()) std::rename(old.c_str(), out_.c_str());
    throw;
  }
  if (!old.empty()) std::filesystem::remove_all(old, ec);
}

void VideoWriter::finish() {
  if (done_) return;
  if (format_ != VideoFormat::PngSequence) {
    const int status = encoder_->finish();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || os_error_in_log(encoder_->log()) != 0) fail_encoder(status, 0);
    if (const std::string why = incomplete_video(temp_, format_); !why.empty()) {
      const std::string line = last_line(encoder_->log());
      cancel();
      throw OutputError("cannot write " + out_.string() + ": the encoder's file is incomplete (" + why + ")" +
                        (line.empty() ? "" : " (ffmpeg: " + line + ")"));
    }
    encoder_.reset();
  }
  done_ = true;  // publishing removes the temporary itself on failure
  if (format_ == VideoFormat::PngSequence) publish_sequence();
  else publish_temporary(temp_, out_);
}

void VideoWriter::cancel() {
  if (encoder_) encoder_->kill();
  encoder_.reset();
  std::error_code ec;
  if (!temp_.empty()) std::filesystem::remove_all(temp_, ec);
  done_ = true;
}

}  // namespace monge
