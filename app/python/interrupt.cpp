#include "app/python/interrupt.hpp"

#include <pybind11/pybind11.h>

#include <csignal>
#include <mutex>

namespace monge::python {

namespace {
constexpr std::chrono::milliseconds kInterval{50};

std::mutex g_restart_mutex;
int g_restart_depth = 0;           // RestartSystemCalls alive
struct sigaction g_python_sigint;  // the handler as Python installed it
}  // namespace

RestartSystemCalls::RestartSystemCalls() {
  std::lock_guard<std::mutex> lock(g_restart_mutex);
  if (g_restart_depth++ > 0) return;
  sigaction(SIGINT, nullptr, &g_python_sigint);
  struct sigaction restarting = g_python_sigint;
  restarting.sa_flags |= SA_RESTART;
  sigaction(SIGINT, &restarting, nullptr);
}

RestartSystemCalls::~RestartSystemCalls() {
  std::lock_guard<std::mutex> lock(g_restart_mutex);
  if (--g_restart_depth == 0) sigaction(SIGINT, &g_python_sigint, nullptr);
}

bool InterruptPoll::operator()() {
  if (raised_) return true;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < kInterval) return false;
  last_ = now;
  pybind11::gil_scoped_acquire gil;
  raised_ = PyErr_CheckSignals() != 0;
  return raised_;
}

}  // namespace monge::python
