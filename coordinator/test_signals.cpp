#include "coordinator/test_signals.hpp"

#include <csignal>
#include <cstdio>

#include "solver/input_error.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {

std::vector<ScheduledSignal> parse_test_signals(const std::vector<std::string>& specs) {
  std::vector<ScheduledSignal> plan;
  for (const std::string& spec : specs) {
    const auto colon = spec.find(':');
    const auto at = spec.find('@');
    ScheduledSignal s;
    std::string name;
    bool read = colon != std::string::npos && at != std::string::npos && at > colon;
    if (read) {
      try {
        s.part = std::stoi(spec.substr(0, colon));
        name = spec.substr(colon + 1, at - colon - 1);
        s.iteration = std::stoll(spec.substr(at + 1));
      } catch (const std::exception&) {
        read = false;
      }
    }
    if (!read)
      throw InputError("--test-signal " + printable(spec, 80) + ": expected PART:SIGNAL@ITERATION");
    s.signal = name == "KILL"   ? SIGKILL
               : name == "STOP" ? SIGSTOP
               : name == "TERM" ? SIGTERM
               : name == "INT"  ? SIGINT
                                : 0;
    if (s.signal == 0 || s.part < 0 || s.iteration < 0)
      throw InputError("--test-signal " + printable(spec, 80) +
                       ": the signal is KILL, STOP, TERM or INT; part and iteration >= 0");
    plan.push_back(s);
  }
  return plan;
}

void SignallingObserver::progress(std::int64_t iteration, double relative_residual) {
  inner_.progress(iteration, relative_residual);
  for (ScheduledSignal& s : plan_) {
    if (s.sent || iteration < s.iteration) continue;
    s.sent = true;
    const pid_t pid = pid_of_(s.part);
    if (pid > 0) ::kill(pid, s.signal);
  }
}

}  // namespace slae::coordinator
