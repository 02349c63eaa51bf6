#include "coordinator/run/test_faults.hpp"

#include <unistd.h>

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
        const std::string who = spec.substr(0, colon);
        s.part = who == "self" ? kSelf : std::stoi(who);
        if (who != "self" && s.part < 0) read = false;
        name = spec.substr(colon + 1, at - colon - 1);
        s.iteration = std::stoll(spec.substr(at + 1));
      } catch (const std::exception&) {
        read = false;
      }
    }
    if (!read)
      throw InputError("--test-signal " + printable(spec, 80) +
                       ": expected PART:SIGNAL@ITERATION (PART >= 0, or self)");
    s.signal = name == "KILL"   ? SIGKILL
               : name == "STOP" ? SIGSTOP
               : name == "TERM" ? SIGTERM
               : name == "INT"  ? SIGINT
                                : 0;
    if (s.signal == 0 || s.iteration < 0)
      throw InputError("--test-signal " + printable(spec, 80) +
                       ": the signal is KILL, STOP, TERM or INT; the iteration >= 0");
    plan.push_back(s);
  }
  return plan;
}

std::map<int, std::string> parse_test_node_deaths(const std::vector<std::string>& specs) {
  std::map<int, std::string> deaths;
  for (const std::string& spec : specs) {
    const auto colon = spec.find(':');
    int part = -1;
    try {
      if (colon != std::string::npos && colon > 0) part = std::stoi(spec.substr(0, colon));
    } catch (const std::exception&) {
      part = -1;
    }
    if (part < 0 || colon + 1 >= spec.size())
      throw InputError("--test-node-dies " + printable(spec, 80) +
                       ": expected PART:WHEN (PART >= 0)");
    deaths[part] = spec.substr(colon + 1);
  }
  return deaths;
}

void SignallingObserver::progress(std::int64_t iteration, double relative_residual) {
  inner_.progress(iteration, relative_residual);
  for (ScheduledSignal& s : plan_) {
    if (s.sent || iteration < s.iteration) continue;
    s.sent = true;
    const pid_t pid = s.part == kSelf ? ::getpid() : pid_of_(s.part);
    if (pid > 0) ::kill(pid, s.signal);
  }
}

}  // namespace slae::coordinator
