#include "app/cli/progress_line.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>

namespace monge {
namespace {

constexpr double kTerminalInterval = 0.1;  // seconds between rewrites of a terminal line
constexpr double kLinesInterval = 1.0;     // seconds between whole lines in a log

std::string printf_string(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

// 812, 81.2, 8.12, 0.812: three significant figures without an exponent for everyday rates.
std::string format_rate(double rate) {
  if (rate >= 100) return printf_string("%.0f", rate);
  if (rate >= 10) return printf_string("%.1f", rate);
  if (rate >= 0.01) return printf_string("%.2f", rate);
  return printf_string("%.2g", rate);
}

int terminal_columns(std::FILE* out) {
  winsize w{};
  if (ioctl(fileno(out), TIOCGWINSZ, &w) == 0 && w.ws_col > 10) return w.ws_col;
  return 80;
}

}  // namespace

std::string format_number(double value) { return printf_string("%.4g", value); }

ProgressMode progress_mode(bool forced, bool quiet) {
  const bool terminal = isatty(fileno(stderr)) != 0;
  if (forced) return terminal ? ProgressMode::Terminal : ProgressMode::Lines;
  return terminal && !quiet ? ProgressMode::Terminal : ProgressMode::Off;
}

std::string format_duration(double seconds) {
  if (!(seconds >= 0) || !std::isfinite(seconds)) return "-";
  const long long s = std::llround(seconds);
  char buffer[48];
  if (s >= 3600)
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld", s / 60, s % 60);
  return buffer;
}

std::string format_progress(const std::string& label, const std::string& unit, const ProgressFigures& f) {
  std::string line = label + ": " + unit + " " + std::to_string(f.done);
  if (f.total > 0) {
    line += "/" + std::to_string(f.total);
    line += " (" + std::to_string(static_cast<int>(100.0 * static_cast<double>(f.done) / f.total)) + "%)";
  }
  if (f.seconds > 0 && f.done > 0) line += ", " + format_rate(f.done / f.seconds) + " " + unit + "s/s";
  double left = f.seconds_left;
  if (left < 0 && f.total > 0 && f.done > 0 && f.seconds > 0)
    left = f.seconds * static_cast<double>(f.total - f.done) / static_cast<double>(f.done);
  if (left >= 0 && std::isfinite(left)) line += ", " + format_duration(left) + " left";
  if (!f.note.empty()) line += ", " + f.note;
  return line;
}

ProgressLine::ProgressLine(std::string label, std::string unit, long long total, ProgressMode mode, std::FILE* out)
    : label_(std::move(label)), unit_(std::move(unit)), total_(total), mode_(mode), out_(out),
      start_(std::chrono::steady_clock::now()) {}

ProgressLine::~ProgressLine() { finish(); }

double ProgressLine::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void ProgressLine::update(long long done, const std::function<std::string()>& note, double seconds_left) {
  if (mode_ == ProgressMode::Off) return;
  const double now = elapsed();
  last_.done = done;
  last_.total = total_;
  last_.seconds = now;
  last_.seconds_left = seconds_left;
  last_printed_ = false;
  const double interval = mode_ == ProgressMode::Terminal ? kTerminalInterval : kLinesInterval;
  if (now - last_print_ < interval) {
    // A terminal line is erased at the end: its note is built only when printed. A log's last
    // update is printed by finish(), so its note is kept.
    if (mode_ == ProgressMode::Lines) last_.note = note ? note() : "";
    return;
  }
  last_.note = note ? note() : "";
  last_print_ = now;
  print(format_progress(label_, unit_, last_));
  last_printed_ = true;
}

void ProgressLine::print(const std::string& text) {
  if (mode_ == ProgressMode::Terminal) {
    const std::size_t width = static_cast<std::size_t>(terminal_columns(out_) - 1);
    std::fprintf(out_, "\r%s\x1b[K", text.substr(0, width).c_str());
    shown_ = true;
  } else {
    std::fprintf(out_, "%s\n", text.c_str());
  }
  std::fflush(out_);
}

void ProgressLine::finish() {
  if (mode_ == ProgressMode::Terminal && shown_) {
    std::fprintf(out_, "\r\x1b[K");
    std::fflush(out_);
  } else if (mode_ == ProgressMode::Lines && !last_printed_) {
    print(format_progress(label_, unit_, last_));
  }
  mode_ = ProgressMode::Off;
}

}  // namespace monge
