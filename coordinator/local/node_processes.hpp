#pragma once
// The local slae-node processes a coordinator starts, and the guarantee that none outlives it:
// the destructor terminates and reaps every one still running, on every exit path.
// (A coordinator killed outright is covered by the node itself: PR_SET_PDEATHSIG.)
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace slae::coordinator {

struct ProcessExit {
  int index = 0;  ///< which node (spawn order)
  pid_t pid = 0;
  std::string how;  ///< "exited with status 1", "was killed by signal 9"
};

class NodeProcesses {
 public:
  NodeProcesses() = default;
  NodeProcesses(const NodeProcesses&) = delete;
  NodeProcesses& operator=(const NodeProcesses&) = delete;
  ~NodeProcesses();

  /// The descriptor a child reads `secret` from (see spawn).
  static constexpr int kSecretFd = 3;

  /// Starts `program args...` in its own process group (so a terminal's Ctrl-C reaches only the
  /// coordinator, which then shuts the nodes down in order). A non-empty `secret` reaches the
  /// child through a pipe on descriptor kSecretFd: unlike the command line (/proc/PID/cmdline)
  /// and the environment of a process that may run others, no other process sees it. Throws
  /// std::runtime_error.
  pid_t spawn(const std::string& program, const std::vector<std::string>& args,
              const std::string& secret = {});

  /// Reaps children that have ended since the last call, without blocking.
  std::vector<ProcessExit> reap();

  /// Waits up to wait_ms for every child to end by itself; true if all have.
  bool wait_all(int wait_ms);

  /// SIGKILL to one child (stopped or not), reaped at once: a lost node replaced by another.
  void kill(int index);

  /// SIGTERM to every live child, up to grace_ms for them to go, then SIGKILL; reaps them all.
  void terminate_all(int grace_ms = 1000);

  const std::vector<pid_t>& pids() const { return pids_; }
  std::optional<int> index_of(pid_t pid) const;
  bool running(int index) const { return alive_[index]; }

 private:
  std::vector<pid_t> pids_;
  std::vector<bool> alive_;
};

}  // namespace slae::coordinator
