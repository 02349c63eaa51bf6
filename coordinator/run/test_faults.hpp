#pragma once
// Test only: the faults a one-shot run can be told to cause, behind this one seam (the
// coordinator's hidden --test-signal and --test-node-dies; a worker's own faults are
// node/test_faults.hpp, which --test-node-dies hands on to a node). The coordinator sends a real
// signal to the process of one of its nodes (or to itself: "self") when the solve reaches an
// iteration, so that the tests of fault tolerance and checkpoints kill or freeze a node, or stop
// the coordinator, at a known point of the solve instead of at a time.
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "coordinator/cluster/solve_job.hpp"

namespace slae::coordinator {

struct ScheduledSignal {
  int part = 0;  ///< a node's part, or kSelf
  int signal = 0;
  std::int64_t iteration = 0;
  bool sent = false;
};

inline constexpr int kSelf = -1;  ///< the coordinator's own process

/// "2:KILL@100", "self:TERM@40" (signals KILL, STOP, TERM, INT); throws InputError naming the
/// bad one.
std::vector<ScheduledSignal> parse_test_signals(const std::vector<std::string>& specs);

/// Test only (--test-node-dies PART:WHEN): "3:setup" makes the first process of node 3 kill
/// itself when it receives its block (slae-node --test-die-on: start-up, ready, or a message
/// type with an optional occurrence, "collect:2"); a process started in its place does not.
/// Returns WHEN by part; throws InputError naming a spec it cannot read (the node checks WHEN).
std::map<int, std::string> parse_test_node_deaths(const std::vector<std::string>& specs);

/// Passes everything on to `inner`, and sends each scheduled signal once, when the solve's
/// progress first reaches its iteration.
class SignallingObserver final : public JobObserver {
 public:
  SignallingObserver(JobObserver& inner, std::vector<ScheduledSignal> plan,
                     std::function<pid_t(int part)> pid_of)
      : inner_(inner), plan_(std::move(plan)), pid_of_(std::move(pid_of)) {}
  void placed(const RunReport& run) override { inner_.placed(run); }
  void begin(const MethodRun& m) override { inner_.begin(m); }
  void progress(std::int64_t iteration, double relative_residual) override;
  void finished(const MethodRun& m) override { inner_.finished(m); }
  void event(const JobEvent& e) override { inner_.event(e); }

 private:
  JobObserver& inner_;
  std::vector<ScheduledSignal> plan_;
  std::function<pid_t(int)> pid_of_;
};

}  // namespace slae::coordinator
