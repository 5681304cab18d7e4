#pragma once
// One updating progress line on stderr for long headless work (`monge run`, `record`, `deform`,
// `sinkhorn`):
//   monge run: step 1200/5000 (24%), 812 steps/s, 0:05 left, sw 0.0123
// On a terminal the line is rewritten in place ('\r', at most 10 times a second), cut to the
// terminal's width, and erased by finish(), so the command's own output starts on a clean line.
// Elsewhere (a pipe, a log file) and under --json it is silent unless forced with --progress; a
// forced line on a non-terminal prints whole lines instead, at most one a second, plus the last.
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

namespace monge {

enum class ProgressMode {
  Off,       // print nothing
  Terminal,  // one line rewritten in place, erased at the end
  Lines,     // whole lines (logs): the first update, at most one a second, and the last
};

// The mode of a command's progress line: `forced` (--progress) prints it wherever stderr goes;
// otherwise only on a terminal, and not when `quiet` (--json: a script is reading).
ProgressMode progress_mode(bool forced, bool quiet);

struct ProgressFigures {
  long long done = 0;        // units done
  long long total = 0;       // units in all (0: unknown, no percentage)
  double seconds = 0;        // since the start
  double seconds_left = -1;  // the caller's estimate; negative: from the pace so far (if total > 0)
  std::string note;          // appended, e.g. "loss 0.0123"
};

// "label: unit done/total (pct%), rate units/s, m:ss left, note" (parts without data left out);
// `unit` is singular ("step"), its plural adds an s.
std::string format_progress(const std::string& label, const std::string& unit, const ProgressFigures& figures);
// "0:07", "12:03", "1:02:03"; "-" for a negative or non-finite duration.
std::string format_duration(double seconds);
// A note's number to 4 significant figures: "0.01235", "1.235e-07".
std::string format_number(double value);

class ProgressLine {
 public:
  // `label`: e.g. "monge run"; `unit`: "step"; `total`: units in all (0: unknown).
  ProgressLine(std::string label, std::string unit, long long total, ProgressMode mode, std::FILE* out = stderr);
  ~ProgressLine();  // finish()
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  bool active() const { return mode_ != ProgressMode::Off; }
  // `done` units are done. `note` (called only when the line is printed) adds a short text;
  // `seconds_left` overrides the estimate from the pace (negative: none given).
  void update(long long done, const std::function<std::string()>& note = {}, double seconds_left = -1);
  // Terminal: erases the line. Lines: prints the last update unless it was just printed.
  // Further calls do nothing.
  void finish();

 private:
  void print(const std::string& text);
  double elapsed() const;
  std::string label_, unit_;
  long long total_;
  ProgressMode mode_;
  std::FILE* out_;
  std::chrono::steady_clock::time_point start_;
  double last_print_ = -1e300;  // elapsed() at the last print
  ProgressFigures last_;        // the last update
  bool last_printed_ = true;    // the last update is on screen (or there was none)
  bool shown_ = false;          // Terminal: a line is on screen
};

}  // namespace monge
