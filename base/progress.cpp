#include "base/progress.hpp"

#include <algorithm>
#include <string>

namespace monge {
namespace {
thread_local Progress* current = nullptr;
}  // namespace

bool Progress::report(double fraction, const char* what) {
  fraction_ = std::clamp(fraction, 0.0, 1.0);
  if (callback_) callback_(fraction_, what);
  return !cancelled_;
}

ProgressScope::ProgressScope(Progress& progress) : previous_(current) { current = &progress; }
ProgressScope::~ProgressScope() { current = previous_; }

bool poll_progress(double fraction, const char* what) { return current == nullptr || current->report(fraction, what); }

void report_progress(double fraction, const char* what) {
  if (!poll_progress(fraction, what)) throw Cancelled(std::string("cancelled: ") + what);
}

}  // namespace monge
