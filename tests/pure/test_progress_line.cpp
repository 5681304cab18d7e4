// The progress line of long headless commands (app/cli/progress_line.hpp): its text, its
// throttling in a terminal and in logs, and the Sinkhorn time-left estimate
// (app/cli/sinkhorn_progress.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "app/cli/progress_line.hpp"
#include "app/cli/sinkhorn_progress.hpp"

using namespace monge;

namespace {

// Everything written to a temporary FILE*.
struct Captured {
  std::FILE* file = std::tmpfile();
  ~Captured() { std::fclose(file); }
  std::string text() const {
    std::fflush(file);
    std::rewind(file);
    std::string s;
    for (int c; (c = std::fgetc(file)) != EOF;) s += static_cast<char>(c);
    return s;
  }
};

int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace

TEST(ProgressLine, Durations) {
  EXPECT_EQ(format_duration(0), "0:00");
  EXPECT_EQ(format_duration(7.4), "0:07");
  EXPECT_EQ(format_duration(723), "12:03");
  EXPECT_EQ(format_duration(3723), "1:02:03");
  EXPECT_EQ(format_duration(-1), "-");
  EXPECT_EQ(format_duration(INFINITY), "-");
}

TEST(ProgressLine, TextHasDoneTotalRateAndTimeLeft) {
  ProgressFigures f;
  f.done = 1200;
  f.total = 5000;
  f.seconds = 1.5;  // 800 steps/s, 3800 left: 4.75 s
  EXPECT_EQ(format_progress("monge run", "step", f), "monge run: step 1200/5000 (24%), 800 steps/s, 0:05 left");
  f.note = "sw 0.01234";
  f.seconds_left = 65;  // the caller's estimate wins
  EXPECT_EQ(format_progress("monge run", "step", f), "monge run: step 1200/5000 (24%), 800 steps/s, 1:05 left, sw 0.01234");
  ProgressFigures unknown;  // no total, no estimate: no percentage, no time left
  unknown.done = 12;
  unknown.seconds = 4;
  EXPECT_EQ(format_progress("monge sinkhorn", "iteration", unknown), "monge sinkhorn: iteration 12, 3.00 iterations/s");
  EXPECT_EQ(format_number(0.0123456), "0.01235");
  EXPECT_EQ(format_number(1.23456e-7), "1.235e-07");
}

TEST(ProgressLine, LogsGetTheFirstAndTheLastUpdateOfABurst) {
  Captured out;
  {
    ProgressLine line("monge run", "step", 1000, ProgressMode::Lines, out.file);
    for (int i = 1; i <= 1000; ++i) line.update(i, [&] { return "k " + std::to_string(i); });
  }  // the destructor finishes
  const std::string text = out.text();
  EXPECT_EQ(count(text, "\n"), 2) << text;
  EXPECT_EQ(text.rfind("monge run: step 1/1000 (0%)", 0), 0u) << text;
  EXPECT_NE(text.find("monge run: step 1000/1000 (100%)"), std::string::npos) << text;
  EXPECT_NE(text.find("k 1000\n"), std::string::npos) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos);
}

TEST(ProgressLine, TerminalLineIsRewrittenInPlaceAndErased) {
  Captured out;
  ProgressLine line("monge record", "frame", 50, ProgressMode::Terminal, out.file);
  int notes = 0;
  for (int i = 1; i <= 50; ++i) line.update(i, [&] { return "n" + std::to_string(++notes); });
  line.finish();
  line.finish();  // a second finish does nothing
  const std::string text = out.text();
  EXPECT_EQ(text.rfind("\rmonge record: frame 1/50 (2%)", 0), 0u) << text;
  EXPECT_EQ(count(text, "\r"), 2) << text;  // one line within 0.1 s, then the erase
  EXPECT_EQ(notes, 1);                      // notes are built only when printed
  EXPECT_EQ(text.substr(text.size() - 4), "\r\x1b[K");
  EXPECT_EQ(text.find('\n'), std::string::npos);
}

TEST(ProgressLine, OffPrintsNothing) {
  Captured out;
  ProgressLine line("monge run", "step", 10, ProgressMode::Off, out.file);
  EXPECT_FALSE(line.active());
  line.update(5, [] { return std::string("x"); });
  line.finish();
  EXPECT_EQ(out.text(), "");
}

TEST(SinkhornEta, FollowsTheLinearConvergenceOfTheFinalStage) {
  // The error falls by 10x every 0.1 s in the final stage (eps = 0.01): from 1e-3 at t = 0.1 to
  // the tolerance 1e-9 it takes 0.6 s.
  SinkhornEta eta(0.01, 1e-9);
  EXPECT_LT(eta.observe({5, 0.08, 0.5}, 0.05), 0);  // an eps-scaling stage: unknown
  EXPECT_LT(eta.observe({10, 0.01, 1e-3}, 0.1), 0); // the final stage's first iteration
  EXPECT_LT(eta.observe({11, 0.01, 1e-4}, 0.2), 0); // under 0.2 s of it: not trusted yet
  const double left = eta.observe({30, 0.01, 1e-6}, 0.4);
  EXPECT_NEAR(left, 0.3, 1e-9);  // 3 decades at 10x per 0.1 s
  EXPECT_EQ(eta.observe({40, 0.01, 1e-10}, 0.7), 0);
  eta.restart();
  EXPECT_LT(eta.observe({1, 0.01, 1e-3}, 0.0), 0);
}
