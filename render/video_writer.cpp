#include "render/video_writer.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "base/atomic_file.hpp"

namespace monge {
namespace {

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

bool ffmpeg_available() { return std::system("command -v ffmpeg >/dev/null 2>&1") == 0; }

std::string lower_extension(const std::filesystem::path& p) {
  std::string e = p.extension().string();
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

}  // namespace

VideoFormat video_format_for(const std::filesystem::path& out) {
  const std::string e = lower_extension(out);
  if (e == ".mp4") return VideoFormat::Mp4;
  if (e == ".gif") return VideoFormat::Gif;
  return VideoFormat::PngSequence;
}

VideoWriter::VideoWriter(const std::filesystem::path& out, int width, int height, double fps)
    : out_(out), format_(video_format_for(out)), width_(width), height_(height) {
  if (width < 2 || height < 2) throw std::runtime_error("frame size " + std::to_string(width) + "x" + std::to_string(height) + " is too small");
  if (!(fps > 0.0 && fps <= 1000.0)) throw std::runtime_error("--fps must be in (0, 1000]");
  const std::filesystem::path parent = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  if (!std::filesystem::is_directory(parent, ec)) throw std::runtime_error("cannot write " + out.string() + ": folder " + parent.string() + " does not exist");
  temp_ = temporary_path_beside(out);
  if (format_ == VideoFormat::PngSequence) {
    std::filesystem::remove_all(temp_, ec);
    if (!std::filesystem::create_directory(temp_, ec))
      throw std::runtime_error("cannot create " + temp_.string() + " (" + ec.message() + ")");
    return;
  }
  if (!ffmpeg_available())
    throw std::runtime_error("ffmpeg not found: install it (apt-get install ffmpeg) or record a PNG sequence (-o FOLDER)");
  if (format_ == VideoFormat::Mp4 && (width % 2 || height % 2))
    throw std::runtime_error("--size: H.264 MP4 needs an even width and height, got " + std::to_string(width) + "x" + std::to_string(height));
  log_ = temp_;
  log_ += ".log";
  std::ostringstream cmd;
  cmd << "ffmpeg -nostdin -y -loglevel error -f rawvideo -pix_fmt rgba -s " << width << "x" << height
      << " -framerate " << fps << " -i - ";
  if (format_ == VideoFormat::Mp4) {
    // -threads 1: x264's output is then byte-identical run to run.
    cmd << "-c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -threads 1 -movflags +faststart -f mp4 ";
  } else {
    cmd << "-filter_complex \"split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=3\" "
           "-loop 0 -f gif ";
  }
  cmd << quote(temp_.string()) << " 2>" << quote(log_.string());
  std::signal(SIGPIPE, SIG_IGN);  // a dead encoder shows up as a write error, not a crash
  pipe_ = ::popen(cmd.str().c_str(), "w");
  if (!pipe_) throw std::runtime_error("cannot start ffmpeg");
}

VideoWriter::~VideoWriter() {
  if (!done_) cancel();
}

std::string VideoWriter::encoder_log_tail() const {
  std::ifstream in(log_);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last.empty() ? "" : " (ffmpeg: " + last + ")";
}

void VideoWriter::close_pipe(int* status) {
  if (!pipe_) return;
  const int s = ::pclose(pipe_);
  pipe_ = nullptr;
  if (status) *status = s;
}

void VideoWriter::write(const Image& frame) {
  if (done_) throw std::runtime_error("recording already closed");
  if (frame.width != width_ || frame.height != height_) throw std::runtime_error("frame size changed during the recording");
  if (format_ == VideoFormat::PngSequence) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%05d.png", frames_);
    write_png(temp_ / name, frame, false);
    ++frames_;
    return;
  }
  const std::size_t bytes = frame.rgba.size();
  if (std::fwrite(frame.rgba.data(), 1, bytes, pipe_) != bytes) {
    const std::string why = encoder_log_tail();
    cancel();
    throw std::runtime_error("the encoder stopped after " + std::to_string(frames_) + " frames" + why);
  }
  ++frames_;
}

void VideoWriter::finish() {
  if (done_) return;
  std::error_code ec;
  if (format_ != VideoFormat::PngSequence) {
    int status = 0;
    if (std::fflush(pipe_) != 0) status = -1;
    int exit_status = 0;
    close_pipe(&exit_status);
    if (status != 0 || !WIFEXITED(exit_status) || WEXITSTATUS(exit_status) != 0) {
      const std::string why = encoder_log_tail();
      cancel();
      throw std::runtime_error("ffmpeg failed writing " + out_.string() + why);
    }
    std::filesystem::remove(log_, ec);
  } else if (std::filesystem::exists(out_, ec)) {
    // Replace an earlier PNG sequence, but never a folder holding anything else.
    for (const auto& entry : std::filesystem::directory_iterator(out_, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("frame_", 0) != 0 || entry.path().extension() != ".png") {
        cancel();
        throw std::runtime_error(out_.string() + " exists and holds other files than frame_*.png; choose another folder");
      }
    }
    std::filesystem::remove_all(out_, ec);
  }
  std::filesystem::rename(temp_, out_, ec);
  if (ec) {
    cancel();
    throw std::runtime_error("cannot move the recording into " + out_.string() + ": " + ec.message());
  }
  done_ = true;
}

void VideoWriter::cancel() {
  close_pipe(nullptr);
  std::error_code ec;
  std::filesystem::remove_all(temp_, ec);
  if (!log_.empty()) std::filesystem::remove(log_, ec);
  done_ = true;
}

}  // namespace monge
