#include "coordinator/process/signals.hpp"

#include <csignal>
#include <cstring>

namespace slae::coordinator {
namespace {

volatile std::sig_atomic_t g_signal = 0;
volatile std::sig_atomic_t g_hangup = 0;
extern "C" void on_signal(int sig) {
  g_signal = sig;
}
extern "C" void on_hangup(int) {
  g_hangup = 1;
}

}  // namespace

void install_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: let poll() return EINTR at once
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a closed stdout becomes a write error we report, not a death
  std::signal(SIGXFSZ, SIG_IGN);  // so does a file size limit (the write fails with EFBIG)
}

void install_hangup_handler() {
  struct sigaction action {};
  action.sa_handler = on_hangup;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGHUP, &action, nullptr);
}

bool take_hangup() {
  if (!g_hangup) return false;
  g_hangup = 0;
  return true;
}

int pending_signal() {
  return g_signal;
}

Interrupted::Interrupted(int signal_number)
    : std::runtime_error(std::string("interrupted by ") + ::strsignal(signal_number)),
      signal_number_(signal_number) {}

void throw_if_interrupted() {
  if (const int sig = pending_signal()) throw Interrupted(sig);
}

}  // namespace slae::coordinator
